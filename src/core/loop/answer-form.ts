import { t } from '../i18n/index.ts';
import type { Locale } from '../locale.ts';
import { containsIdentityNumber } from '../pii/identity-number.ts';
import type { Form, FormValues } from '../ui/model.ts';
import { encodeFormContext, FORMS } from './ids.ts';

export const MAX_ANSWER_LENGTH = 4000;

export function buildAnswerForm(input: {
  locale: Locale;
  cycleId: string;
  question: string;
  initial?: string;
}): Form {
  const { locale } = input;
  return {
    formId: FORMS.answer,
    title: t(locale, 'form.answer.title'),
    submitLabel: t(locale, 'form.submit'),
    cancelLabel: t(locale, 'form.cancel'),
    privateMetadata: encodeFormContext({ cycleId: input.cycleId }),
    inputs: [
      {
        type: 'text',
        id: 'body',
        label: input.question,
        hint: t(locale, 'form.answer.hint'),
        multiline: true,
        required: true,
        maxLength: MAX_ANSWER_LENGTH,
        ...(input.initial ? { initial: input.initial } : {}),
      },
    ],
  };
}

/** `identityNumberBlocked` lets the caller record the block (never the value) in the PII log. */
export type Parsed<T> =
  | { ok: true; value: T }
  | { ok: false; errors: Record<string, string>; identityNumberBlocked: boolean };

export type TextCheck =
  | { text: string }
  | { error: string; code: 'required' | 'too_long' | 'identity_number' };

/** Checks one free-text field: present, not too long, no identity number. */
export function checkText(
  raw: FormValues[string],
  locale: Locale,
  opts: { required: boolean; max: number },
): TextCheck {
  const text = (Array.isArray(raw) ? raw.join(' ') : (raw ?? '')).trim();
  if (!text) return opts.required ? { error: t(locale, 'error.required'), code: 'required' } : { text };
  if (text.length > opts.max)
    return { error: t(locale, 'error.tooLong', { max: opts.max }), code: 'too_long' };
  if (containsIdentityNumber(text))
    return { error: t(locale, 'error.identityNumber'), code: 'identity_number' };
  return { text };
}

export function parseAnswer(values: FormValues, locale: Locale): Parsed<{ body: string }> {
  const body = checkText(values.body, locale, { required: true, max: MAX_ANSWER_LENGTH });
  if ('error' in body) {
    return {
      ok: false,
      errors: { body: body.error },
      identityNumberBlocked: body.code === 'identity_number',
    };
  }
  return { ok: true, value: { body: body.text } };
}
