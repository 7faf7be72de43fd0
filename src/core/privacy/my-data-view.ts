import { t } from '../i18n/index.ts';
import type { Locale } from '../locale.ts';
import { ACTIONS, FORMS } from '../loop/ids.ts';
import type { Button, Card, Form, FormValues } from '../ui/model.ts';

export interface MyDataView {
  locale: Locale;
  answers: number;
  commitments: number;
  /** The download link and until when it works (formatted); null where no web server answers it. */
  download: { url: string; until: string } | null;
}

/** `/refleks my-data`: what Refleks holds about the person, a download, and deleting their answers. */
export function myDataCard(view: MyDataView): Card {
  const { locale } = view;
  const title = t(locale, 'mydata.title');
  const buttons: Button[] = [];
  if (view.download) {
    buttons.push({
      actionId: ACTIONS.openWeb,
      label: t(locale, 'mydata.download'),
      value: 'my-data',
      url: view.download.url,
    });
  }
  if (view.answers > 0) {
    buttons.push({
      actionId: ACTIONS.deleteMyAnswers,
      label: t(locale, 'mydata.deleteAnswers'),
      value: '',
      style: 'danger',
    });
  }
  return {
    fallbackText: title,
    blocks: [
      { type: 'text', text: title, style: 'heading' },
      {
        type: 'text',
        text: t(locale, 'mydata.summary', { answers: view.answers, commitments: view.commitments }),
      },
      {
        type: 'text',
        text: view.download
          ? t(locale, 'mydata.linkValid', { when: view.download.until })
          : t(locale, 'mydata.noWeb'),
        style: 'muted',
      },
      ...(buttons.length ? [{ type: 'buttons' as const, buttons }] : []),
      { type: 'text', text: t(locale, 'mydata.erase'), style: 'muted' },
    ],
  };
}

const CONFIRMED = 'yes';

/** Asked once more, on a form: deleting cannot be undone. */
export function buildDeleteAnswersForm(locale: Locale, count: number): Form {
  return {
    formId: FORMS.deleteMyAnswers,
    title: t(locale, 'form.deleteAnswers.title'),
    submitLabel: t(locale, 'form.deleteAnswers.submit'),
    cancelLabel: t(locale, 'form.cancel'),
    privateMetadata: '{}',
    inputs: [
      {
        type: 'select',
        id: 'confirm',
        label: t(locale, 'form.deleteAnswers.confirm'),
        hint: t(locale, 'form.deleteAnswers.hint'),
        required: true,
        options: [{ value: CONFIRMED, label: t(locale, 'form.deleteAnswers.option', { count }) }],
      },
    ],
  };
}

export function deleteConfirmed(values: FormValues): boolean {
  const chosen = values.confirm;
  return Array.isArray(chosen) ? chosen.includes(CONFIRMED) : chosen === CONFIRMED;
}
