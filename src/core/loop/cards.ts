import { formatDate, formatDecimal, formatMoment, weekNumberOf } from '../format.ts';
import { t } from '../i18n/index.ts';
import type { Locale } from '../locale.ts';
import type { Block, Card } from '../ui/model.ts';
import { ACTIONS } from './ids.ts';
import { ownersText } from './prompt-card.ts';
import type { RatingAggregate } from './rating.ts';
import type { CommitmentView } from './views.ts';

/** Posted in the cycle's thread when someone commits, so the team sees its own words. */
export function buildCommitmentCard(c: CommitmentView, locale: Locale): Card {
  const fields = [
    { label: t(locale, 'commitment.who'), value: ownersText(c, locale) },
    { label: t(locale, 'commitment.what'), value: c.what },
    { label: t(locale, 'commitment.trigger'), value: c.trigger },
    { label: t(locale, 'commitment.evidence'), value: c.evidence },
  ];
  if (c.dueDate) fields.push({ label: t(locale, 'commitment.due'), value: formatDate(c.dueDate, locale) });
  return {
    fallbackText: `${t(locale, 'commitment.heading')}: ${c.what}`,
    blocks: [
      { type: 'text', style: 'heading', text: t(locale, 'commitment.heading') },
      { type: 'fields', fields },
    ],
  };
}

function answerButton(locale: Locale, cycleId: string): Block {
  return {
    type: 'buttons',
    buttons: [
      { actionId: ACTIONS.answer, label: t(locale, 'button.answer'), value: cycleId, style: 'primary' },
    ],
  };
}

/** Told in the team's own space when a commitment is done, with the effect in the team's words. */
export function buildCommitmentDoneCard(input: { locale: Locale; what: string; impact: string }): Card {
  const { locale } = input;
  return {
    fallbackText: `${t(locale, 'commitment.doneHeading')}: ${input.what}`,
    blocks: [
      { type: 'text', style: 'heading', text: t(locale, 'commitment.doneHeading') },
      {
        type: 'fields',
        fields: [
          { label: t(locale, 'commitment.what'), value: input.what },
          { label: t(locale, 'commitment.impact'), value: input.impact },
        ],
      },
    ],
  };
}

/** A reminder quotes the week's question and offers the answer button, nothing more. */
export function buildNudgeCard(input: {
  locale: Locale;
  zone: string;
  personName: string;
  teamName: string;
  question: string;
  closesAt: Date;
  cycleId: string;
}): Card {
  const { locale } = input;
  const text = t(locale, 'nudge.text', {
    name: input.personName,
    team: input.teamName,
    when: formatMoment(input.closesAt, locale, input.zone),
    question: input.question,
  });
  return {
    fallbackText: text,
    blocks: [{ type: 'text', text }, answerButton(locale, input.cycleId)],
  };
}

/** The thread reminder speaks to the team and names nobody. */
export function buildThreadNudgeCard(input: {
  locale: Locale;
  zone: string;
  closesAt: Date;
  answered: number;
  expected: number;
  cycleId: string;
}): Card {
  const { locale } = input;
  const text = t(locale, 'nudge.threadText', {
    when: formatMoment(input.closesAt, locale, input.zone),
    answered: input.answered,
    expected: input.expected,
  });
  return {
    fallbackText: text,
    blocks: [{ type: 'text', text }, answerButton(locale, input.cycleId)],
  };
}

export function buildSummaryCard(input: {
  locale: Locale;
  zone: string;
  weekKey: string;
  answered: number;
  expected: number;
  commitmentsMade: number;
  commitmentsOpen: number;
  nextPromptAt: Date | null;
  /** A rating step's aggregate; only an average past the owner's minimum is ever shown. */
  rating?: RatingAggregate | null;
  /** The programme ended with this cycle: the team lead is offered the next one (the cycle's id). */
  offerNextProgramme?: string | null;
  /** The commitments made in this cycle, and those closed (done or put aside) while it was open. */
  ledger?: { made: string[]; closed: { what: string; status: string }[] };
  /** The cycle, for the team lead's "Share with leadership" (anyone may click; only the lead may share). */
  shareCycleId?: string;
}): Card {
  const { locale } = input;
  const heading = t(locale, 'summary.heading', { week: weekNumberOf(input.weekKey) });
  const answered = t(locale, 'summary.answered', { answered: input.answered, expected: input.expected });
  const closing = input.nextPromptAt
    ? t(locale, 'summary.thanks', { next: formatMoment(input.nextPromptAt, locale, input.zone) })
    : t(locale, 'summary.noNext');
  return {
    fallbackText: `${heading}: ${answered}`,
    blocks: [
      { type: 'text', style: 'heading', text: heading },
      { type: 'text', text: answered },
      ...(input.rating?.shown
        ? [
            {
              type: 'text' as const,
              text: t(locale, 'summary.rating', {
                average: formatDecimal(input.rating.average, locale),
                count: input.rating.count,
              }),
            },
          ]
        : []),
      {
        type: 'text',
        text: t(locale, 'summary.commitments', { made: input.commitmentsMade, open: input.commitmentsOpen }),
      },
      ...ledgerBlocks(input.ledger, locale),
      { type: 'text', style: 'muted', text: closing },
      ...(input.shareCycleId
        ? [
            {
              type: 'buttons' as const,
              buttons: [
                {
                  actionId: ACTIONS.shareUpward,
                  label: t(locale, 'button.shareSummary'),
                  value: input.shareCycleId,
                },
              ],
            },
          ]
        : []),
      ...(input.offerNextProgramme
        ? [
            { type: 'text' as const, text: t(locale, 'summary.programmeDone') },
            {
              type: 'buttons' as const,
              buttons: [
                {
                  actionId: ACTIONS.nextProgramme,
                  label: t(locale, 'button.nextProgramme'),
                  value: input.offerNextProgramme,
                  style: 'primary' as const,
                },
              ],
            },
          ]
        : []),
    ],
  };
}

/** A thread reply that mirrors an answer given in the form, so the team reads it where it talks. */
export function buildAnswerEchoCard(input: { locale: Locale; personName: string; body: string }): Card {
  const heading = t(input.locale, 'thread.answerBy', { name: input.personName });
  return {
    fallbackText: `${heading}: ${input.body}`,
    blocks: [
      { type: 'text', style: 'muted', text: heading },
      { type: 'text', text: input.body },
    ],
  };
}

/** What an answer's echo in the thread becomes once its words are deleted: no name, no words. */
export function buildDeletedAnswerCard(locale: Locale): Card {
  const text = t(locale, 'thread.answerDeleted');
  return { fallbackText: text, blocks: [{ type: 'text', style: 'muted', text }] };
}

function ledgerBlocks(
  ledger: { made: string[]; closed: { what: string; status: string }[] } | undefined,
  locale: Locale,
): Block[] {
  if (!ledger) return [];
  const lines = [
    ...ledger.made.map((what) => t(locale, 'summary.ledger.made', { what })),
    ...ledger.closed.map(({ what, status }) =>
      t(locale, status === 'done' ? 'summary.ledger.done' : 'summary.ledger.dropped', { what }),
    ),
  ];
  return lines.length ? [{ type: 'text', style: 'quote', text: lines.map((l) => `• ${l}`).join('\n') }] : [];
}
