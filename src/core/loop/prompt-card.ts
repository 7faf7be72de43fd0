import { formatDate, formatList, formatMoment, weekNumberOf } from '../format.ts';
import { t } from '../i18n/index.ts';
import type { Locale } from '../locale.ts';
import type { Block, Card } from '../ui/model.ts';
import { ACTIONS } from './ids.ts';
import type { CommitmentView, PromptView } from './views.ts';

export function ownersText(view: CommitmentView, locale: Locale): string {
  return view.ownerNames.length
    ? formatList(view.ownerNames, locale)
    : t(locale, 'form.commitment.wholeTeam');
}

function carryForwardLine(c: CommitmentView, locale: Locale): string {
  const when = c.dueDate
    ? t(locale, 'prompt.carryForward.due', { date: formatDate(c.dueDate, locale) })
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
      text: view.openCommitments.map((c) => `• ${carryForwardLine(c, locale)}`).join('\n'),
    });
  }
  if (view.status === 'open') {
    blocks.push({
      type: 'text',
      style: 'muted',
      text: `${progress} · ${t(locale, 'prompt.openUntil', { when: formatMoment(view.closesAt, locale, view.zone) })}`,
    });
    blocks.push({
      type: 'buttons',
      buttons: [
        {
          actionId: ACTIONS.answer,
          label: t(locale, 'button.answer'),
          value: view.cycleId,
          style: 'primary',
        },
        { actionId: ACTIONS.newCommitment, label: t(locale, 'button.newCommitment'), value: view.cycleId },
      ],
    });
  } else {
    blocks.push({ type: 'text', style: 'muted', text: `${progress} · ${t(locale, 'prompt.closed')}` });
  }
  return { fallbackText: `${heading}: ${view.question}`, blocks };
}
