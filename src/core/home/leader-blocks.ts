import { formatDate, formatList, formatMoment, weekNumberOf } from '../format.ts';
import { t } from '../i18n/index.ts';
import type { Locale } from '../locale.ts';
import { ACTIONS } from '../loop/ids.ts';
import type { Block } from '../ui/model.ts';

/**
 * What a leader sees of one team: team-level numbers only (DESIGN §5). There is deliberately no
 * field here for a name, a response or a per-person figure, so the card cannot show one.
 */
export interface LeaderTeam {
  /** The team's id: for the detail dialog and the web page, never shown. */
  id: string;
  name: string;
  /** Team-level % of the latest closed cycle; null when the team has none yet. */
  participationPercent: number | null;
  openCommitments: number;
  overdueCommitments: number;
  /**
   * What the team itself chose to share with leadership (its team lead's decision at a "share
   * upward?" step), newest first: the only text from a team a leader ever sees.
   */
  shared: { id: string; text: string; date: string; passedOn: boolean }[];
  /** The viewer is this team's rector: they may pass shared text on to the school owner. */
  canPassOn: boolean;
  /**
   * What the team (its lead) asked leadership for, newest first: open and seen ones, and answers
   * from the last two weeks. The name is the leader who saw or answered, never a team member.
   */
  support: LeaderSupport[];
  /** The programme the team runs now, and where it is. */
  programme: { title: string; step: number; total: number } | null;
  /** The latest rounds, newest first: a team-level % for a round held, the reason for one skipped. */
  rounds: { week: string; participationPercent: number | null; skipped: string | null; open: boolean }[];
  /** Open commitments with owners and dates (DESIGN §5: leaders see commitments, not responses). */
  commitments: { what: string; owners: string[]; dueDate: string | null; overdue: boolean }[];
}

export interface LeaderSupport {
  id: string;
  text: string;
  date: string;
  status: 'open' | 'acknowledged' | 'answered';
  by: string | null;
  reply: string | null;
}

/** A request for support, what became of it, and while unanswered the leader's Answer and Seen buttons. */
function supportBlocks(request: LeaderSupport, locale: Locale): Block[] {
  const blocks: Block[] = [
    {
      type: 'text',
      style: 'quote',
      text: t(locale, 'home.leader.support', { date: formatDate(request.date, locale), text: request.text }),
    },
  ];
  if (request.status === 'answered') {
    blocks.push({
      type: 'text',
      style: 'muted',
      text: t(locale, 'home.leader.supportAnswered', { who: request.by ?? '', reply: request.reply ?? '' }),
    });
    return blocks;
  }
  if (request.status === 'acknowledged')
    blocks.push({
      type: 'text',
      style: 'muted',
      text: t(locale, 'home.leader.supportSeen', { who: request.by ?? '' }),
    });
  blocks.push({
    type: 'buttons',
    buttons: [
      {
        actionId: ACTIONS.supportReply,
        label: t(locale, 'button.supportReply'),
        value: request.id,
        style: 'primary',
      },
      ...(request.status === 'open'
        ? [
            {
              actionId: ACTIONS.supportAcknowledge,
              label: t(locale, 'button.supportAcknowledge'),
              value: request.id,
            },
          ]
        : []),
    ],
  });
  return blocks;
}

/**
 * One team as a leader sees it, built from LeaderTeam and nothing else: App Home, the Teams card and
 * the web page all draw a team from these blocks.
 */
export function leaderTeamBlocks(team: LeaderTeam, locale: Locale): Block[] {
  const blocks: Block[] = [];
  blocks.push(
    { type: 'text', text: team.name },
    {
      type: 'text',
      style: 'muted',
      text: team.programme ? t(locale, 'digest.programme', team.programme) : t(locale, 'digest.noProgramme'),
    },
    {
      type: 'fields',
      fields: [
        {
          label: t(locale, 'home.leader.participation'),
          value:
            team.participationPercent === null
              ? t(
                  locale,
                  team.rounds.some((r) => !r.skipped && !r.open)
                    ? 'web.trend.tooSmall'
                    : 'home.leader.noClosedRound',
                )
              : t(locale, 'home.leader.percent', { percent: team.participationPercent }),
        },
        { label: t(locale, 'home.leader.open'), value: String(team.openCommitments) },
        { label: t(locale, 'home.leader.overdue'), value: String(team.overdueCommitments) },
      ],
    },
    {
      type: 'buttons',
      buttons: [
        { actionId: ACTIONS.leaderTeamDetail, label: t(locale, 'button.teamDetail'), value: team.id },
      ],
    },
  );
  if (team.rounds.length) {
    const rounds = team.rounds.map((r) => {
      const week = weekNumberOf(r.week);
      if (r.skipped) return t(locale, 'home.leader.roundSkipped', { week, reason: r.skipped });
      // A round still open: its share so far, so a just-opened round is not read as 0 % held.
      if (r.open)
        return r.participationPercent === null
          ? t(locale, 'home.leader.roundOpenNoShare', { week })
          : t(locale, 'home.leader.roundOpen', { week, percent: `${r.participationPercent} %` });
      return r.participationPercent === null
        ? t(locale, 'home.leader.roundHidden', { week })
        : t(locale, 'home.leader.roundHeld', { week, percent: r.participationPercent });
    });
    blocks.push({
      type: 'text',
      style: 'muted',
      text: `${t(locale, 'home.leader.rounds')}: ${rounds.join(' · ')}`,
    });
  }
  if (team.commitments.length) {
    const lines = team.commitments.map((c) => {
      const owners = c.owners.length ? formatList(c.owners, locale) : t(locale, 'form.commitment.wholeTeam');
      const when = c.dueDate
        ? t(locale, c.overdue ? 'prompt.carryForward.overdue' : 'prompt.carryForward.due', {
            date: formatDate(c.dueDate, locale),
          })
        : t(locale, 'prompt.carryForward.noDue');
      return `• ${t(locale, 'prompt.carryForward.item', { what: c.what, owners, when })}`;
    });
    blocks.push({ type: 'text', style: 'quote', text: lines.join('\n') });
  }
  for (const item of team.shared) {
    blocks.push({
      type: 'text',
      style: 'quote',
      text: t(locale, 'home.leader.shared', { date: formatDate(item.date, locale), text: item.text }),
    });
    if (item.passedOn) blocks.push({ type: 'text', style: 'muted', text: t(locale, 'home.leader.passedOn') });
    else if (team.canPassOn)
      blocks.push({
        type: 'buttons',
        buttons: [
          { actionId: ACTIONS.passOnToOwner, label: t(locale, 'button.passOnToOwner'), value: item.id },
        ],
      });
  }
  for (const request of team.support) blocks.push(...supportBlocks(request, locale));
  return blocks;
}

/** A personal, expiring link to the web overview (made by the app, which holds the signing key). */
export interface WebLink {
  url: string;
  expiresAt: Date;
}

/** The link to the web overview: a line saying it is personal and until when, and the link button. */
export function webLinkBlocks(link: WebLink, locale: Locale, zone: string): Block[] {
  return [
    {
      type: 'text',
      style: 'muted',
      text: t(locale, 'home.leader.webLink', { when: formatMoment(link.expiresAt, locale, zone) }),
    },
    {
      type: 'buttons',
      buttons: [
        { actionId: ACTIONS.openWeb, label: t(locale, 'button.openWeb'), value: 'web', url: link.url },
      ],
    },
  ];
}

/** Only numbers per team: the leader section is built from LeaderTeam and nothing else. */
export function leaderBlocks(
  teams: LeaderTeam[],
  view: { locale: Locale; zone: string },
  webLink: WebLink | undefined,
): Block[] {
  const { locale } = view;
  const blocks: Block[] = [
    { type: 'text', style: 'heading', text: t(locale, 'home.leader.heading') },
    { type: 'text', style: 'muted', text: t(locale, 'home.leader.privacy') },
  ];
  if (webLink && teams.length) blocks.push(...webLinkBlocks(webLink, locale, view.zone));
  if (!teams.length) {
    blocks.push({ type: 'text', style: 'muted', text: t(locale, 'home.leader.none') });
    return blocks;
  }
  for (const team of teams) blocks.push(...leaderTeamBlocks(team, locale));
  return blocks;
}
