import { t } from '../i18n/index.ts';
import type { Locale } from '../locale.ts';
import { containsIdentityNumber } from '../pii/identity-number.ts';
import type { StepKind } from '../programmes/index.ts';
import type { Form, FormValues } from '../ui/model.ts';
import { encodeFormContext, FORMS } from './ids.ts';
import { parseRating, RATING_VALUES } from './rating.ts';

export const MAX_ANSWER_LENGTH = 4000;

export function buildAnswerForm(input: {
  locale: Locale;
  cycleId: string;
  question: string;
  initial?: string;
  /** A rating step asks for 1–5 and makes the text an optional comment. */
  kind?: StepKind;
  initialRating?: number | null;
}): Form {
  const { locale } = input;
  if (input.kind === 'rating') return buildRatingForm({ ...input, locale });
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

export interface ParsedAnswer {
  /** null: a rating given without a comment. */
  body: string | null;
  rating: number | null;
}

export function parseAnswer(
  values: FormValues,
  locale: Locale,
  kind: StepKind = 'text',
): Parsed<ParsedAnswer> {
  const rating = kind === 'rating' ? parseRating(values.rating) : null;
  const body = checkText(values.body, locale, { required: kind !== 'rating', max: MAX_ANSWER_LENGTH });
  const errors: Record<string, string> = {};
  if (kind === 'rating' && rating === null) errors.rating = t(locale, 'form.rating.required');
  if ('error' in body) errors.body = body.error;
  if (Object.keys(errors).length) {
    return { ok: false, errors, identityNumberBlocked: 'code' in body && body.code === 'identity_number' };
  }
  const text = 'text' in body ? body.text : '';
  return { ok: true, value: { body: text || null, rating } };
}

function buildRatingForm(input: {
  locale: Locale;
  cycleId: string;
  question: string;
  initial?: string;
  initialRating?: number | null;
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
        type: 'select',
        id: 'rating',
        label: input.question,
        hint: t(locale, 'form.rating.hint'),
        required: true,
        options: RATING_VALUES.map((value) => ({
          value: String(value),
          label: t(locale, `form.rating.${value}`),
        })),
        ...(input.initialRating ? { initial: [String(input.initialRating)] } : {}),
      },
      {
        type: 'text',
        id: 'body',
        label: t(locale, 'form.rating.comment'),
        multiline: true,
        required: false,
        maxLength: MAX_ANSWER_LENGTH,
        ...(input.initial ? { initial: input.initial } : {}),
      },
    ],
  };
}
