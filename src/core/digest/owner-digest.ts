import { formatDate } from '../format.ts';
import { t } from '../i18n/index.ts';
import type { Locale } from '../locale.ts';
import type { Block, Card } from '../ui/model.ts';

export interface OwnerSchoolRow {
  school: string;
  teams: number;
  roundsHeld: number;
  roundsSkipped: number;
  /** Team-level average over the term; null when suppressed (teams under the minimum group size). */
  participationPercent: number | null;
  commitmentsMade: number;
  commitmentsDone: number;
  commitmentsOpen: number;
}

/**
 * The school owner's termly figures: per school, counts and suppressed averages, and of the teams'
 * words only what a school's rector passed on (with the school's name, never the team's).
 */
export interface OwnerReport {
  owner: string;
  term: string;
  minGroupSize: number;
  schools: OwnerSchoolRow[];
  approvedText: { school: string; date: string; text: string }[];
}

/** Schools close for Christmas and for the summer around these dates; the term's figures are then complete. */
const TERM_ENDS = { H: '12-20', V: '06-20' } as const;
/** A digest not sent in this long after the term ended (Refleks was not running) is left to the CLI. */
const SEND_WITHIN_DAYS = 30;

/**
 * The term whose owner digest is due on this local date: from the day its term ended and for 30
 * days after, else null. '2026-12-21' → '2026H'; '2027-06-22' → '2027V'; '2026-11-23' → null.
 */
export function ownerDigestTermDue(localDate: string): string | null {
  const year = Number(localDate.slice(0, 4));
  const candidates = [
    { term: `${year}V`, end: `${year}-${TERM_ENDS.V}` },
    { term: `${year}H`, end: `${year}-${TERM_ENDS.H}` },
    { term: `${year - 1}H`, end: `${year - 1}-${TERM_ENDS.H}` },
  ];
  for (const { term, end } of candidates) {
    const days = (Date.parse(localDate) - Date.parse(end)) / 86_400_000;
    if (days >= 0 && days < SEND_WITHIN_DAYS) return term;
  }
  return null;
}

/** The report's columns, in the order of the status report's table (CSV, Markdown, the digest). */
export const OWNER_COLUMNS = [
  'school',
  'teams',
  'roundsHeld',
  'roundsSkipped',
  'participationPercent',
  'commitmentsMade',
  'commitmentsDone',
  'commitmentsOpen',
] as const satisfies readonly (keyof OwnerSchoolRow)[];

/** The termly digest as a message to the school owner: the same figures as the status-report export. */
export function buildOwnerDigestCard(report: OwnerReport, locale: Locale): Card {
  const heading = t(locale, 'report.heading', { owner: report.owner, term: report.term });
  const blocks: Block[] = [
    { type: 'text', style: 'heading', text: heading },
    { type: 'text', style: 'muted', text: t(locale, 'report.note', { min: report.minGroupSize }) },
  ];
  for (const row of report.schools) {
    blocks.push(
      { type: 'text', style: 'heading', text: row.school },
      {
        type: 'fields',
        // The school is the heading above; the rest are its figures.
        fields: OWNER_COLUMNS.slice(1).map((key) => ({
          label: t(locale, `report.col.${key}`),
          value: row[key] === null ? '–' : String(row[key]),
        })),
      },
    );
  }
  blocks.push({ type: 'text', style: 'heading', text: t(locale, 'report.shared.heading') });
  if (!report.approvedText.length)
    blocks.push({ type: 'text', style: 'muted', text: t(locale, 'report.shared.none') });
  for (const item of report.approvedText)
    blocks.push({
      type: 'text',
      style: 'quote',
      text: t(locale, 'report.shared.item', {
        school: item.school,
        date: formatDate(item.date, locale),
        text: item.text,
      }),
    });
  return { fallbackText: heading, blocks };
}
