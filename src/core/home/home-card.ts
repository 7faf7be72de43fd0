import { formatDate, formatMoment, weekNumberOf } from '../format.ts';
import { t } from '../i18n/index.ts';
import type { Locale } from '../locale.ts';
import { ACTIONS } from '../loop/ids.ts';
import { ownersText } from '../loop/prompt-card.ts';
import type { CommitmentView } from '../loop/views.ts';
import type { Block, Card } from '../ui/model.ts';
import { type LeaderTeam, leaderBlocks, type WebLink } from './leader-blocks.ts';

/** This week's question of one of the person's teams, as the person may see it. */
export interface HomeOpenQuestion {
  weekKey: string;
  question: string;
  closesAt: Date;
  answeredByMe: boolean;
  answered: number;
  expected: number;
  cycleId: string;
}

export interface HomeTeam {
  name: string;
  openQuestion: HomeOpenQuestion | null;
  nextPromptAt: Date | null;
}

/** An open commitment the person owns, or that the person's whole team owns. */
export interface HomeCommitment extends CommitmentView {
  teamName: string;
}

export interface HomeView {
  locale: Locale;
  zone: string;
  personName: string;
  /** The teams the person answers in (member or team lead). */
  teams: HomeTeam[];
  myCommitments: HomeCommitment[];
  /** Department heads and rectors: the teams in their scope. null for everyone else. */
  leader: { teams: LeaderTeam[] } | null;
}

function teamBlocks(team: HomeTeam, view: HomeView): Block[] {
  const { locale, zone } = view;
  const blocks: Block[] = [{ type: 'text', style: 'heading', text: team.name }];
  const open = team.openQuestion;
  if (!open) {
    const none = t(locale, 'home.question.none');
    const next = team.nextPromptAt
      ? ` ${t(locale, 'home.question.next', { when: formatMoment(team.nextPromptAt, locale, zone) })}`
      : '';
    blocks.push({ type: 'text', style: 'muted', text: `${none}${next}` });
    return blocks;
  }
  blocks.push(
    { type: 'text', style: 'muted', text: t(locale, 'prompt.heading', { week: weekNumberOf(open.weekKey) }) },
    { type: 'text', text: open.question },
    {
      type: 'text',
      style: 'muted',
      text: `${t(locale, 'prompt.progress', { answered: open.answered, expected: open.expected })} · ${t(
        locale,
        'prompt.openUntil',
        { when: formatMoment(open.closesAt, locale, zone) },
      )}`,
    },
  );
  if (open.answeredByMe) {
    blocks.push({ type: 'text', style: 'muted', text: t(locale, 'home.question.answered') });
  } else {
    blocks.push({
      type: 'buttons',
      buttons: [
        {
          actionId: ACTIONS.answer,
          label: t(locale, 'button.answer'),
          value: open.cycleId,
          style: 'primary',
        },
      ],
    });
  }
  return blocks;
}

function commitmentBlocks(c: HomeCommitment, locale: Locale): Block[] {
  return [
    {
      type: 'text',
      style: 'quote',
      text: t(locale, 'home.commitment.title', { what: c.what, team: c.teamName }),
    },
    {
      type: 'fields',
      fields: [
        { label: t(locale, 'commitment.who'), value: ownersText(c, locale) },
        { label: t(locale, 'commitment.trigger'), value: c.trigger },
        {
          label: t(locale, 'commitment.due'),
          value: c.dueDate ? formatDate(c.dueDate, locale) : t(locale, 'home.commitment.noDue'),
        },
      ],
    },
    {
      type: 'buttons',
      buttons: [{ actionId: ACTIONS.commitmentDone, label: t(locale, 'button.done'), value: c.id }],
    },
  ];
}

/**
 * The person's home (Slack App Home, and the same card wherever a platform has a personal view):
 * this week's question per team with an Answer button while it is open and unanswered, the person's
 * open commitments, and for department heads and rectors a section of team-level numbers.
 */
export function buildHomeCard(view: HomeView, webLink?: WebLink): Card {
  const { locale } = view;
  const heading = t(locale, 'home.heading', { name: view.personName });
  const blocks: Block[] = [{ type: 'text', style: 'heading', text: heading }];

  // A leader who is in no team (and owns nothing) sees only the leader section.
  if (view.teams.length || view.myCommitments.length || !view.leader) {
    blocks.push({ type: 'text', style: 'heading', text: t(locale, 'home.teams.heading') });
    if (!view.teams.length) blocks.push({ type: 'text', style: 'muted', text: t(locale, 'home.teams.none') });
    for (const team of view.teams) blocks.push(...teamBlocks(team, view));

    blocks.push({ type: 'text', style: 'heading', text: t(locale, 'home.commitments.heading') });
    if (!view.myCommitments.length) {
      blocks.push({ type: 'text', style: 'muted', text: t(locale, 'home.commitments.none') });
    }
    for (const c of view.myCommitments) blocks.push(...commitmentBlocks(c, locale));
  }

  if (view.leader) blocks.push(...leaderBlocks(view.leader.teams, view, webLink));

  return { fallbackText: heading, blocks };
}
