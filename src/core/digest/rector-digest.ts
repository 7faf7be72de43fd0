import { formatDate, formatList, weekNumberOf } from '../format.ts';
import { type WebLink, webLinkBlocks } from '../home/leader-blocks.ts';
import { t } from '../i18n/index.ts';
import type { Locale } from '../locale.ts';
import type { Block, Card } from '../ui/model.ts';

/**
 * What a rector reads on Friday: per team, team-level figures only. There is no field for a person's
 * name, answer or count, so the digest cannot show one; shared text is what the team itself chose.
 */
export interface DigestTeam {
  name: string;
  programme: { title: string; step: number; total: number } | null;
  week:
    | { status: 'held'; participationPercent: number | null }
    | { status: 'skipped'; reason: string }
    | { status: 'none' };
  commitments: { made: number; closed: number; overdue: number; open: number };
  shared: string[];
  /** Requests for support not yet answered: the team's words (its lead's), and since when. */
  support: { text: string; date: string }[];
}

export interface RectorDigest {
  locale: Locale;
  schoolName: string;
  /** The school's time zone, for the times the digest names. */
  zone: string;
  weekKey: string;
  teams: DigestTeam[];
  themes: string[];
}

function weekLine(team: DigestTeam, locale: Locale): string {
  const { week } = team;
  if (week.status === 'skipped') return t(locale, 'digest.week.skipped', { reason: week.reason });
  if (week.status === 'none') return t(locale, 'digest.week.none');
  return week.participationPercent === null
    ? t(locale, 'digest.week.held')
    : t(locale, 'digest.week.participation', { percent: week.participationPercent });
}

export function buildRectorDigestCard(d: RectorDigest, webLink?: WebLink): Card {
  const { locale } = d;
  const heading = t(locale, 'digest.heading', { school: d.schoolName, week: weekNumberOf(d.weekKey) });
  const blocks: Block[] = [
    { type: 'text', style: 'heading', text: heading },
    { type: 'text', style: 'muted', text: t(locale, 'digest.privacy') },
  ];
  if (!d.teams.length) blocks.push({ type: 'text', style: 'muted', text: t(locale, 'digest.noTeams') });
  const waiting = d.teams.reduce((n, team) => n + team.support.length, 0);
  if (waiting) blocks.push({ type: 'text', text: t(locale, 'digest.supportWaiting', { count: waiting }) });
  for (const team of d.teams) {
    const programme = team.programme
      ? t(locale, 'digest.programme', {
          title: team.programme.title,
          step: team.programme.step,
          total: team.programme.total,
        })
      : t(locale, 'digest.noProgramme');
    blocks.push(
      { type: 'text', style: 'heading', text: team.name },
      { type: 'text', style: 'muted', text: programme },
      {
        type: 'fields',
        fields: [
          { label: t(locale, 'digest.thisWeek'), value: weekLine(team, locale) },
          {
            label: t(locale, 'digest.commitments'),
            value: t(locale, 'digest.commitmentCounts', team.commitments),
          },
        ],
      },
      ...team.shared.map((text) => ({
        type: 'text' as const,
        style: 'quote' as const,
        text: t(locale, 'digest.shared', { text }),
      })),
      ...team.support.map((request) => ({
        type: 'text' as const,
        style: 'quote' as const,
        text: t(locale, 'digest.support', { date: formatDate(request.date, locale), text: request.text }),
      })),
    );
  }
  if (d.themes.length)
    blocks.push({ type: 'text', text: t(locale, 'digest.themes', { themes: formatList(d.themes, locale) }) });
  if (webLink) blocks.push(...webLinkBlocks(webLink, locale, d.zone));
  return { fallbackText: heading, blocks };
}
