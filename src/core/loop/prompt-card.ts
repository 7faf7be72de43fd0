import { formatDate, formatDecimal, formatList, formatMoment, weekNumberOf } from '../format.ts';
import { t } from '../i18n/index.ts';
import type { Locale } from '../locale.ts';
import type { Block, Button, Card } from '../ui/model.ts';
import { ACTIONS } from './ids.ts';
import type { RatingAggregate } from './rating.ts';
import type { CommitmentView, PromptView } from './views.ts';

export function ratingLine(rating: RatingAggregate, locale: Locale): string {
  return rating.shown
    ? t(locale, 'prompt.rating.average', {
        average: formatDecimal(rating.average, locale),
        count: rating.count,
      })
    : t(locale, 'prompt.rating.hidden', { needed: rating.needed });
}

export function ownersText(view: CommitmentView, locale: Locale): string {
  return view.ownerNames.length
    ? formatList(view.ownerNames, locale)
    : t(locale, 'form.commitment.wholeTeam');
}

function carryForwardLine(c: CommitmentView, locale: Locale, asOf: string): string {
  // Overdue commitments are named here, in the team's weekly question, instead of in more messages.
  const key = c.dueDate && c.dueDate < asOf ? 'prompt.carryForward.overdue' : 'prompt.carryForward.due';
  const when = c.dueDate
    ? t(locale, key, { date: formatDate(c.dueDate, locale) })
    : t(locale, 'prompt.carryForward.noDue');
  return t(locale, 'prompt.carryForward.item', { what: c.what, owners: ownersText(c, locale), when });
}

/**
 * The weekly prompt. It is re-rendered (and the message updated) as answers come in, so the count
 * is part of the card and not a separate message.
 */
export function buildPromptCard(view: PromptView): Card {
  const { locale } = view;
  const heading = t(locale, 'prompt.heading', { week: weekNumberOf(view.weekKey) });
  const progress = t(locale, 'prompt.progress', { answered: view.answered, expected: view.expected });
  const blocks: Block[] = [
    { type: 'text', text: heading, style: 'heading' },
    {
      type: 'text',
      style: 'muted',
      text: t(locale, 'prompt.step', {
        programme: view.programmeTitle,
        step: view.stepNumber,
        total: view.totalSteps,
      }),
    },
    { type: 'text', text: view.question },
    { type: 'text', style: 'muted', text: t(locale, 'prompt.noNames') },
  ];
  if (view.openCommitments.length) {
    blocks.push({ type: 'text', style: 'heading', text: t(locale, 'prompt.carryForward.heading') });
    blocks.push({
      type: 'text',
      style: 'quote',
      text: view.openCommitments.map((c) => `• ${carryForwardLine(c, locale, view.asOf)}`).join('\n'),
    });
  }
  if (view.stepKind === 'commitment' && view.status === 'open')
    blocks.push({ type: 'text', style: 'muted', text: t(locale, 'prompt.commitmentStep') });
  if (view.stepKind === 'share_upward' && view.status === 'open')
    blocks.push({ type: 'text', style: 'muted', text: t(locale, 'prompt.shareStep') });
  // Shown when the round closes, not as it moves: an average that changes with each new rating
  // would tell anyone watching what that one person gave (k·avg_k − (k−1)·avg_(k−1)).
  if (view.rating) {
    const text =
      view.status === 'open' ? t(locale, 'prompt.rating.atClose') : ratingLine(view.rating, locale);
    blocks.push({ type: 'text', style: 'muted', text });
  }
  if (view.status === 'open') {
    blocks.push({
      type: 'text',
      style: 'muted',
      text: `${progress} · ${t(locale, 'prompt.openUntil', { when: formatMoment(view.closesAt, locale, view.zone) })}`,
    });
    const answer: Button = {
      actionId: ACTIONS.answer,
      label: t(locale, 'button.answer'),
      value: view.cycleId,
      style: 'primary',
    };
    const commit: Button = {
      actionId: ACTIONS.newCommitment,
      label: t(locale, 'button.newCommitment'),
      value: view.cycleId,
    };
    const why: Button = { actionId: ACTIONS.why, label: t(locale, 'button.why'), value: view.cycleId };
    // On a commitment step the commitment is the main thing to do this week.
    const share: Button = {
      actionId: ACTIONS.shareUpward,
      label: t(locale, 'button.share'),
      value: view.cycleId,
    };
    const buttons =
      view.stepKind === 'commitment'
        ? [{ ...commit, style: 'primary' as const }, { ...answer, style: undefined }, why]
        : view.stepKind === 'share_upward'
          ? [answer, share, commit, why]
          : [answer, commit, why];
    blocks.push({
      type: 'buttons',
      buttons: buttons.map(({ style, ...b }) => (style ? { ...b, style } : b)),
    });
  } else {
    blocks.push({ type: 'text', style: 'muted', text: `${progress} · ${t(locale, 'prompt.closed')}` });
  }
  return { fallbackText: `${heading}: ${view.question}`, blocks };
}
