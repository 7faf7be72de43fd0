import { and, asc, eq, gte, inArray, isNotNull, lt } from 'drizzle-orm';
import { OWNER_COLUMNS, type OwnerReport, type OwnerSchoolRow } from '../../core/digest/owner-digest.ts';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import { formatDate } from '../../core/format.ts';
import { t } from '../../core/i18n/index.ts';
import type { Locale } from '../../core/locale.ts';
import { MIN_GROUP_FLOOR } from '../../core/loop/rating.ts';
import { localDate } from '../../core/schedule/index.ts';
import type { Db } from '../../db/client.ts';
import { membersOf } from '../../db/repositories/organisation.ts';
import {
  commitments,
  cycles,
  owners,
  responses,
  schools,
  sharedUpdates,
  teams,
} from '../../db/schema/index.ts';

/** '2026H' = autumn term (August–December 2026), '2027V' = spring term (January–July 2027). */
export function termRange(term: string): { from: Date; to: Date } {
  const match = /^(\d{4})([HV])$/.exec(term.trim().toUpperCase());
  if (!match) {
    const message = `not a term: "${term}" (e.g. 2026H for autumn 2026, 2027V for spring 2027)`;
    throw new ValidationError({ term: message }, message);
  }
  const year = Number(match[1]);
  return match[2] === 'H'
    ? { from: new Date(Date.UTC(year, 7, 1)), to: new Date(Date.UTC(year + 1, 0, 1)) }
    : { from: new Date(Date.UTC(year, 0, 1)), to: new Date(Date.UTC(year, 7, 1)) };
}

/**
 * The school owner's termly figures for the annual status report (tilstandsrapport): aggregated per
 * school, counts only for commitments (DESIGN §5), participation only over teams of at least the
 * owner's minimum group size, and of the teams' words only what the school's rector passed on to the
 * owner (and the team has not withdrawn), with the school's name and not the team's.
 */
export async function ownerReport(db: Db, ownerKey: string, term: string): Promise<OwnerReport> {
  const [owner] = await db.select().from(owners).where(eq(owners.key, ownerKey));
  if (!owner) throw new NotFoundError(`no school owner with key "${ownerKey}"`);
  const { from, to } = termRange(term);
  // The file cannot set it below the floor; a database edited by hand must not either.
  const minGroupSize = Math.max(MIN_GROUP_FLOOR, owner.minGroupSize);
  const rows: OwnerSchoolRow[] = [];
  const approvedText: { school: string; date: string; text: string }[] = [];
  const ownSchools = await db.select().from(schools).where(eq(schools.ownerId, owner.id));
  for (const school of ownSchools.sort((a, b) => a.name.localeCompare(b.name, 'nb'))) {
    const schoolTeams = await db.select().from(teams).where(eq(teams.schoolId, school.id));
    const ids = schoolTeams.map((t) => t.id);
    const termCycles = ids.length
      ? await db
          .select()
          .from(cycles)
          .where(and(inArray(cycles.teamId, ids), gte(cycles.opensAt, from), lt(cycles.opensAt, to)))
      : [];
    const held = termCycles.filter((c) => c.status !== 'skipped');
    const shares: number[] = [];
    for (const team of schoolTeams) {
      const members = (await membersOf(db, team.id)).length;
      // Small groups are left out: a percentage of three people points at people.
      if (members < minGroupSize) continue;
      for (const cycle of held.filter((c) => c.teamId === team.id)) {
        const answered = await db
          .select({ id: responses.id })
          .from(responses)
          .where(eq(responses.cycleId, cycle.id));
        shares.push(Math.min(1, answered.length / members));
      }
    }
    const made = ids.length
      ? await db
          .select()
          .from(commitments)
          .where(
            and(
              inArray(commitments.teamId, ids),
              gte(commitments.createdAt, from),
              lt(commitments.createdAt, to),
            ),
          )
      : [];
    const approved = ids.length
      ? await db
          .select()
          .from(sharedUpdates)
          .where(
            and(
              inArray(sharedUpdates.teamId, ids),
              isNotNull(sharedUpdates.body),
              isNotNull(sharedUpdates.ownerApprovedAt),
              gte(sharedUpdates.decidedAt, from),
              lt(sharedUpdates.decidedAt, to),
            ),
          )
          .orderBy(asc(sharedUpdates.decidedAt))
      : [];
    for (const item of approved)
      approvedText.push({
        school: school.name,
        date: localDate(item.decidedAt, school.timezone),
        text: item.body ?? '',
      });
    rows.push({
      school: school.name,
      teams: schoolTeams.length,
      roundsHeld: held.length,
      roundsSkipped: termCycles.length - held.length,
      participationPercent: shares.length
        ? Math.round((shares.reduce((a, b) => a + b, 0) / shares.length) * 100)
        : null,
      commitmentsMade: made.length,
      commitmentsDone: made.filter((c) => c.status === 'done').length,
      commitmentsOpen: made.filter((c) => c.status === 'open').length,
    });
  }
  return {
    owner: owner.name,
    term: term.toUpperCase(),
    minGroupSize,
    schools: rows,
    approvedText,
  };
}

const COLUMNS = OWNER_COLUMNS;
const title = (locale: Locale, column: keyof OwnerSchoolRow) => t(locale, `report.col.${column}`);

const cell = (value: unknown) => (value === null ? '–' : String(value));

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
const csvField = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

export function ownerReportCsv(report: OwnerReport, locale: Locale): string {
  const lines = [COLUMNS.map((key) => csvField(title(locale, key))).join(',')];
  for (const row of report.schools) lines.push(COLUMNS.map((key) => csvField(cell(row[key]))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function ownerReportMarkdown(report: OwnerReport, locale: Locale): string {
  const cellText = (text: string) => text.replaceAll('|', '\\|');
  return [
    `# ${cellText(t(locale, 'report.heading', { owner: report.owner, term: report.term }))}`,
    '',
    t(locale, 'report.note', { min: report.minGroupSize }),
    '',
    `| ${COLUMNS.map((key) => cellText(title(locale, key))).join(' | ')} |`,
    `| ${COLUMNS.map(() => '---').join(' | ')} |`,
    ...report.schools.map((row) => `| ${COLUMNS.map((key) => cellText(cell(row[key]))).join(' | ')} |`),
    '',
    `## ${t(locale, 'report.shared.heading')}`,
    '',
    ...(report.approvedText.length
      ? report.approvedText.map(
          (item) =>
            `- ${t(locale, 'report.shared.item', { school: item.school, date: formatDate(item.date, locale), text: item.text.replace(/\s+/g, ' ') })}`,
        )
      : [t(locale, 'report.shared.none')]),
    '',
  ].join('\n');
}
