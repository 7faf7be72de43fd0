import { t } from '../i18n/index.ts';
import type { Locale } from '../locale.ts';
import type { Card, Form, FormValues } from '../ui/model.ts';
import { checkText, type Parsed } from './answer-form.ts';
import { ACTIONS, encodeFormContext, FORMS } from './ids.ts';

export const MAX_SHARED_LENGTH = 2000;

/**
 * The team lead's "share upward?" decision: what, if anything, leadership gets to see from this
 * programme. Only this text and the team's name reach leaders; the answers behind it never do.
 */
export function buildShareForm(input: {
  locale: Locale;
  cycleId: string;
  initial?: string | null;
  /** A closed week's answers the team lead may quote, without names, below the text. */
  answers?: { id: string; text: string }[];
}): Form {
  const { locale } = input;
  return {
    formId: FORMS.shareUpward,
    title: t(locale, 'form.share.title'),
    submitLabel: t(locale, 'form.submit'),
    cancelLabel: t(locale, 'form.cancel'),
    privateMetadata: encodeFormContext({ cycleId: input.cycleId }),
    inputs: [
      {
        type: 'select',
        id: 'decision',
        label: t(locale, 'form.share.decision'),
        required: true,
        options: [
          { value: 'share', label: t(locale, 'form.share.optionShare') },
          { value: 'nothing', label: t(locale, 'form.share.optionNothing') },
        ],
        initial: [input.initial === null ? 'nothing' : 'share'],
      },
      {
        type: 'text',
        id: 'shared',
        label: t(locale, 'form.share.text'),
        hint: t(locale, input.answers?.length ? 'form.share.hintWithAnswers' : 'form.share.hint'),
        multiline: true,
        required: false,
        maxLength: MAX_SHARED_LENGTH,
        ...(input.initial ? { initial: input.initial } : {}),
      },
      ...(input.answers?.length
        ? [
            {
              type: 'select' as const,
              id: 'answers',
              label: t(locale, 'form.share.answers'),
              hint: t(locale, 'form.share.answersHint'),
              multiple: true,
              required: false,
              options: input.answers.map((a) => ({ value: a.id, label: a.text })),
            },
          ]
        : []),
    ],
  };
}

/** `body` null: the team shares nothing this time. `answerIds`: answers to quote below the text. */
export function parseShare(
  values: FormValues,
  locale: Locale,
): Parsed<{ body: string | null; answerIds: string[] }> {
  const decision = Array.isArray(values.decision) ? values.decision[0] : values.decision;
  if (decision === 'nothing') return { ok: true, value: { body: null, answerIds: [] } };
  if (decision !== 'share') {
    return { ok: false, errors: { decision: t(locale, 'error.required') }, identityNumberBlocked: false };
  }
  const raw = values.answers;
  const answerIds = (Array.isArray(raw) ? raw : raw ? raw.split(',') : [])
    .map((v) => v.trim())
    .filter(Boolean);
  // Quoting answers is sharing something: the text may then stay empty.
  const text = checkText(values.shared, locale, { required: answerIds.length === 0, max: MAX_SHARED_LENGTH });
  if ('error' in text) {
    const error = text.code === 'required' ? t(locale, 'form.share.textRequired') : text.error;
    return { ok: false, errors: { shared: error }, identityNumberBlocked: text.code === 'identity_number' };
  }
  return { ok: true, value: { body: text.text || null, answerIds } };
}

/**
 * Told to the team in the thread, so everyone knows what leadership sees; what is shared can be
 * withdrawn (by the team lead) from there at any time.
 */
export function buildShareEchoCard(input: { locale: Locale; body: string | null; sharedId?: string }): Card {
  const text = input.body
    ? t(input.locale, 'thread.shared', { text: input.body })
    : t(input.locale, 'thread.sharedNothing');
  const withdraw =
    input.body && input.sharedId
      ? [
          {
            type: 'buttons' as const,
            buttons: [
              {
                actionId: ACTIONS.withdrawShared,
                label: t(input.locale, 'button.withdraw'),
                value: input.sharedId,
              },
            ],
          },
        ]
      : [];
  return { fallbackText: text, blocks: [{ type: 'text', style: 'quote', text }, ...withdraw] };
}
