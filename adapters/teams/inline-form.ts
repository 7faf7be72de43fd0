import type { Form, FormValues } from '../../src/core/ui/model.ts';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  type AdaptiveCard,
  type FieldErrors,
  formData,
  formErrorsToAdaptive,
  formToAdaptive,
} from './adaptive-cards.ts';

/** The verb a form's submit button sends, as an adaptiveCard/action invoke. */
export const SUBMIT_VERB = 'refleks.submit';

/**
 * A form shown in place of the clicked card (Universal Actions): the same inputs as a dialog, but its
 * button is an Action.Execute, so the submission comes back as an invoke with the typed values, and
 * the card answered to it is shown to that person only.
 */
export function inlineForm(form: Form, shown?: { values: FormValues; errors: FieldErrors }): AdaptiveCard {
  const card = shown ? formErrorsToAdaptive(form, shown.values, shown.errors) : formToAdaptive(form);
  return {
    ...card,
    actions: [
      {
        type: 'Action.Execute',
        title: form.submitLabel,
        verb: SUBMIT_VERB,
        style: 'positive',
        data: formData(form),
      },
    ],
  } as unknown as AdaptiveCard;
}

/** An invoke answer that shows a card to the person who clicked. */
export function cardResponse(card: AdaptiveCard) {
  return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card };
}
