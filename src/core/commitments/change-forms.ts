import { DateTime } from 'luxon';
import { t } from '../i18n/index.ts';
import type { Locale } from '../locale.ts';
import { checkText, type Parsed } from '../loop/answer-form.ts';
import { encodeFormContext, FORMS } from '../loop/ids.ts';
import type { Form, FormValues } from '../ui/model.ts';

const MAX_TEXT = 1000;

const single = (raw: FormValues[string]) => (Array.isArray(raw) ? raw[0] : raw) ?? '';

/** Adjust: a new due date and what changed, so the ledger says why the date moved. */
export function buildAdjustForm(input: {
  locale: Locale;
  cycleId: string;
  commitmentId: string;
  what: string;
  dueDate: string | null;
}): Form {
  const { locale } = input;
  return {
    formId: FORMS.commitmentAdjust,
    title: t(locale, 'form.adjust.title'),
    submitLabel: t(locale, 'form.submit'),
    cancelLabel: t(locale, 'form.cancel'),
    privateMetadata: encodeFormContext({ cycleId: input.cycleId, commitmentId: input.commitmentId }),
    inputs: [
      {
        type: 'date',
        id: 'due',
        label: t(locale, 'form.adjust.due'),
        hint: `«${input.what}»`.slice(0, 2000),
        required: true,
        ...(input.dueDate ? { initial: input.dueDate } : {}),
      },
      {
        type: 'text',
        id: 'change',
        label: t(locale, 'form.adjust.change'),
        multiline: true,
        required: true,
        maxLength: MAX_TEXT,
      },
    ],
  };
}

export function parseAdjust(
  values: FormValues,
  locale: Locale,
  today: string,
): Parsed<{ dueDate: string; change: string }> {
  const errors: Record<string, string> = {};
  const due = single(values.due).trim();
  if (!due) errors.due = t(locale, 'error.required');
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(due) || !DateTime.fromISO(due).isValid)
    errors.due = t(locale, 'error.invalidDate');
  else if (due < today) errors.due = t(locale, 'error.dueInPast');
  const change = checkText(values.change, locale, { required: true, max: MAX_TEXT });
  if ('error' in change) errors.change = change.error;
  if (Object.keys(errors).length)
    return {
      ok: false,
      errors,
      identityNumberBlocked: 'code' in change && change.code === 'identity_number',
    };
  return { ok: true, value: { dueDate: due, change: 'text' in change ? change.text : '' } };
}

/** Drop: why the team puts it aside — a decision, not a failure, and worth remembering. */
export function buildDropForm(input: {
  locale: Locale;
  cycleId: string;
  commitmentId: string;
  what: string;
}): Form {
  const { locale } = input;
  return {
    formId: FORMS.commitmentDrop,
    title: t(locale, 'form.drop.title'),
    submitLabel: t(locale, 'form.submit'),
    cancelLabel: t(locale, 'form.cancel'),
    privateMetadata: encodeFormContext({ cycleId: input.cycleId, commitmentId: input.commitmentId }),
    inputs: [
      {
        type: 'text',
        id: 'reason',
        label: t(locale, 'form.drop.reason'),
        hint: `«${input.what}»`.slice(0, 2000),
        multiline: true,
        required: true,
        maxLength: MAX_TEXT,
      },
    ],
  };
}

export function parseDrop(values: FormValues, locale: Locale): Parsed<{ reason: string }> {
  const reason = checkText(values.reason, locale, { required: true, max: MAX_TEXT });
  if ('error' in reason)
    return {
      ok: false,
      errors: { reason: reason.error },
      identityNumberBlocked: reason.code === 'identity_number',
    };
  return { ok: true, value: { reason: reason.text } };
}
