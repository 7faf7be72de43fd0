import type { Form, FormValues } from '../../src/core/ui/model.ts';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  type AdaptiveCard,
  type FieldErrors,
  formErrorsToAdaptive,
  formToAdaptive,
} from './adaptive-cards.ts';

/** The verb a form's submit button sends, as an adaptiveCard/action invoke. */
export const SUBMIT_VERB = 'refleks.submit';

/**
 * A form shown in place of the clicked card (Universal Actions): the same inputs as a dialog, but its
 * button is an Action.Execute, so the submission comes back as an invoke with the typed values, and
 * the card answered to it is shown to that person only. Which inputs are multiple selects travels with
 * the data, since Teams returns a multiple choice as one comma-joined string.
 */
export function inlineForm(form: Form, shown?: { values: FormValues; errors: FieldErrors }): AdaptiveCard {
  const card = shown ? formErrorsToAdaptive(form, shown.values, shown.errors) : formToAdaptive(form);
  const multiple = form.inputs.filter((i) => i.type === 'select' && i.multiple).map((i) => i.id);
  return {
    ...card,
    actions: [
      {
        type: 'Action.Execute',
        title: form.submitLabel,
        verb: SUBMIT_VERB,
        style: 'positive',
        // The form's definition rides along (as the /dev page does) so any Refleks process can show it
        // again with errors; it only draws the form and is never trusted for checks.
        data: {
          formId: form.formId,
          privateMetadata: form.privateMetadata,
          multiple: multiple.join(','),
          spec: JSON.stringify(form),
        },
      },
    ],
  } as unknown as AdaptiveCard;
}

/** The values of an inline form, multiple selects split back into lists. */
export function inlineValues(data: Record<string, unknown>): FormValues {
  const multiple = new Set(
    String(data.multiple ?? '')
      .split(',')
      .filter(Boolean),
  );
  const values: FormValues = {};
  for (const [key, value] of Object.entries(data)) {
    if (['formId', 'privateMetadata', 'multiple', 'msteams'].includes(key) || typeof value !== 'string')
      continue;
    values[key] = multiple.has(key) ? value.split(',').filter(Boolean) : value;
  }
  return values;
}

/** An invoke answer that shows a card to the person who clicked. */
export function cardResponse(card: AdaptiveCard) {
  return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card };
}

/** The form a submission came from, to show it again with its errors; null when it cannot be read. */
export function submittedForm(data: Record<string, unknown>): Form | null {
  try {
    const form = JSON.parse(String(data.spec ?? '')) as Form;
    return Array.isArray(form?.inputs)
      ? { ...form, formId: String(data.formId), privateMetadata: String(data.privateMetadata) }
      : null;
  } catch {
    return null;
  }
}
