import { formatDate } from '../format.ts';
import { t } from '../i18n/index.ts';
import type { Locale } from '../locale.ts';
import { ACTIONS } from '../loop/ids.ts';
import { ownersText } from '../loop/prompt-card.ts';
import type { CommitmentView } from '../loop/views.ts';
import type { Button, Card } from '../ui/model.ts';
import type { FollowUpKind } from './follow-up-plan.ts';

/**
 * A follow-up quotes the team's own words (what, when/if, how we will know) and asks one thing. The
 * day before: a reminder. On the day: Done / Adjust / Drop. Overdue: the same, said to be the last.
 */
export function buildFollowUpCard(input: {
  locale: Locale;
  kind: FollowUpKind;
  commitment: CommitmentView;
}): Card {
  const { locale, kind, commitment: c } = input;
  const date = c.dueDate ? formatDate(c.dueDate, locale) : '';
  const heading = t(locale, `followUp.${kind}.heading`, { what: c.what, date });
  const buttons: Button[] = [
    { actionId: ACTIONS.commitmentDone, label: t(locale, 'button.done'), value: c.id, style: 'primary' },
    { actionId: ACTIONS.commitmentAdjust, label: t(locale, 'button.adjust'), value: c.id },
  ];
  if (kind !== 'before_due') {
    buttons.push(
      { actionId: ACTIONS.commitmentDrop, label: t(locale, 'button.drop'), value: c.id },
      { actionId: ACTIONS.commitmentSnooze, label: t(locale, 'button.snooze'), value: c.id },
    );
  }
  return {
    fallbackText: heading,
    blocks: [
      { type: 'text', style: 'heading', text: heading },
      {
        type: 'fields',
        fields: [
          { label: t(locale, 'commitment.who'), value: ownersText(c, locale) },
          { label: t(locale, 'commitment.trigger'), value: c.trigger },
          { label: t(locale, 'commitment.evidence'), value: c.evidence },
        ],
      },
      {
        type: 'text',
        text: t(locale, kind === 'before_due' ? 'followUp.beforeDue.body' : 'followUp.question'),
      },
      ...(kind === 'overdue'
        ? [{ type: 'text' as const, style: 'muted' as const, text: t(locale, 'followUp.lastOne') }]
        : []),
      { type: 'buttons', buttons },
    ],
  };
}

/** Told to the team in its own space when a commitment's date moves or it is put aside. */
export function buildCommitmentChangedCard(input: {
  locale: Locale;
  what: string;
  change: 'adjusted' | 'dropped';
  text: string;
  dueDate?: string | null;
}): Card {
  const { locale } = input;
  const heading = t(
    locale,
    input.change === 'adjusted' ? 'commitment.adjustedHeading' : 'commitment.droppedHeading',
  );
  const fields = [
    { label: t(locale, 'commitment.what'), value: input.what },
    ...(input.dueDate
      ? [{ label: t(locale, 'commitment.due'), value: formatDate(input.dueDate, locale) }]
      : []),
    {
      label: t(locale, input.change === 'adjusted' ? 'commitment.change' : 'commitment.reason'),
      value: input.text,
    },
  ];
  return {
    fallbackText: `${heading}: ${input.what}`,
    blocks: [
      { type: 'text', style: 'heading', text: heading },
      { type: 'fields', fields },
    ],
  };
}
