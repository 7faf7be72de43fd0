import { t } from '../i18n/index.ts';
import type { Locale } from '../locale.ts';
import type { Programme } from '../programmes/index.ts';
import type { Form, FormValues } from '../ui/model.ts';
import { encodeFormContext, FORMS } from './ids.ts';

/** Offered to the team lead when a programme has ended: which one the team runs next. */
export function buildNextProgrammeForm(input: {
  locale: Locale;
  cycleId: string;
  programmes: Programme[];
}): Form {
  const { locale } = input;
  return {
    formId: FORMS.nextProgramme,
    title: t(locale, 'form.programme.title'),
    submitLabel: t(locale, 'form.submit'),
    cancelLabel: t(locale, 'form.cancel'),
    privateMetadata: encodeFormContext({ cycleId: input.cycleId }),
    inputs: [
      {
        type: 'select',
        id: 'programme',
        label: t(locale, 'form.programme.label'),
        required: true,
        options: input.programmes.map((p) => ({
          value: p.key,
          label: t(locale, 'form.programme.option', { title: p.title[locale], steps: p.steps.length }),
        })),
      },
    ],
  };
}

export function chosenProgramme(values: FormValues, programmes: Programme[]): Programme | null {
  const raw = Array.isArray(values.programme) ? values.programme[0] : values.programme;
  return programmes.find((p) => p.key === raw) ?? null;
}
