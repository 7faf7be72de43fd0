import { t } from '../i18n/index.ts';
import type { Locale } from '../locale.ts';
import type { Form, FormValues } from '../ui/model.ts';
import { checkText, type Parsed } from './answer-form.ts';
import { encodeFormContext, FORMS } from './ids.ts';

const MAX_IMPACT = 2000;

/** "Done" always asks what it did for the pupils: the team closes the loop in its own words. */
export function buildDoneForm(input: {
  locale: Locale;
  cycleId: string;
  commitmentId: string;
  what: string;
}): Form {
  const { locale } = input;
  return {
    formId: FORMS.commitmentDone,
    title: t(locale, 'form.done.title'),
    submitLabel: t(locale, 'form.submit'),
    cancelLabel: t(locale, 'form.cancel'),
    privateMetadata: encodeFormContext({ cycleId: input.cycleId, commitmentId: input.commitmentId }),
    inputs: [
      {
        type: 'text',
        id: 'impact',
        label: t(locale, 'form.done.impact'),
        hint: `«${input.what}» · ${t(locale, 'form.done.hint')}`.slice(0, 2000),
        multiline: true,
        required: true,
        maxLength: MAX_IMPACT,
      },
    ],
  };
}

export function parseDone(values: FormValues, locale: Locale): Parsed<{ impact: string }> {
  const impact = checkText(values.impact, locale, { required: true, max: MAX_IMPACT });
  if ('error' in impact) {
    return {
      ok: false,
      errors: { impact: impact.error },
      identityNumberBlocked: impact.code === 'identity_number',
    };
  }
  return { ok: true, value: { impact: impact.text } };
}
