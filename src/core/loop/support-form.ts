import { t } from '../i18n/index.ts';
import type { Locale } from '../locale.ts';
import type { Form, FormValues } from '../ui/model.ts';
import { checkText, type Parsed } from './answer-form.ts';
import { FORMS } from './ids.ts';

export const MAX_SUPPORT_LENGTH = 1000;

/** Which team asks (a request) or which request is answered (a reply): all a support form carries. */
export type SupportContext = { teamId: string } | { supportId: string };

export function encodeSupportContext(context: SupportContext): string {
  return JSON.stringify(context);
}

/** null for anything we did not write: the metadata comes back from outside. */
export function decodeSupportContext(raw: string): SupportContext | null {
  try {
    const parsed = JSON.parse(raw) as Record<string, unknown> | null;
    if (typeof parsed?.teamId === 'string') return { teamId: parsed.teamId };
    if (typeof parsed?.supportId === 'string') return { supportId: parsed.supportId };
  } catch {
    // not ours
  }
  return null;
}

/** The team lead's "support needed from leadership", on the team's behalf. */
export function buildSupportRequestForm(input: { locale: Locale; teamId: string; initial?: string }): Form {
  const { locale } = input;
  return {
    formId: FORMS.supportRequest,
    title: t(locale, 'support.form.title'),
    submitLabel: t(locale, 'form.submit'),
    cancelLabel: t(locale, 'form.cancel'),
    privateMetadata: encodeSupportContext({ teamId: input.teamId }),
    inputs: [
      {
        type: 'text',
        id: 'body',
        label: t(locale, 'support.form.body'),
        hint: t(locale, 'support.form.hint'),
        multiline: true,
        required: true,
        maxLength: MAX_SUPPORT_LENGTH,
        ...(input.initial ? { initial: input.initial } : {}),
      },
    ],
  };
}

/** A leader's answer, which goes back to the team's channel with the request it answers. */
export function buildSupportReplyForm(input: { locale: Locale; supportId: string; request: string }): Form {
  const { locale } = input;
  return {
    formId: FORMS.supportReply,
    title: t(locale, 'support.reply.title'),
    submitLabel: t(locale, 'form.submit'),
    cancelLabel: t(locale, 'form.cancel'),
    privateMetadata: encodeSupportContext({ supportId: input.supportId }),
    inputs: [
      {
        type: 'text',
        id: 'reply',
        label: t(locale, 'support.reply.label'),
        hint: input.request,
        multiline: true,
        required: true,
        maxLength: MAX_SUPPORT_LENGTH,
      },
    ],
  };
}

/** One required text field, checked like every other (length, no identity numbers). */
export function parseSupportText(
  values: FormValues,
  field: 'body' | 'reply',
  locale: Locale,
): Parsed<string> {
  const text = checkText(values[field], locale, { required: true, max: MAX_SUPPORT_LENGTH });
  if ('error' in text)
    return {
      ok: false,
      errors: { [field]: text.error },
      identityNumberBlocked: text.code === 'identity_number',
    };
  return { ok: true, value: text.text };
}
