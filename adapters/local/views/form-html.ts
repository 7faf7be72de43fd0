import { randomUUID } from 'node:crypto';
import type { Locale } from '../../../src/core/locale.ts';
import type { Form, FormInput } from '../../../src/core/ui/model.ts';
import { attr, h, renderLayout, type SafeHtml } from './layout.ts';

export interface FormPageInput {
  locale: Locale;
  form: Form;
  /** The local user id of the person filling the form in. */
  as: string;
  /** Where to go after submitting or cancelling (a /dev URL). */
  returnTo: string;
  /**
   * What the user submitted, keyed by input id (not `field.<id>`). When present it replaces every
   * input's `initial`, so a form shown again with errors keeps exactly what was typed; an input
   * missing from it is shown empty (e.g. a multiple select where everything was deselected).
   */
  values?: Record<string, string | string[]>;
  /** A message per input id, shown next to that input. */
  errors?: Record<string, string>;
}

/** A whole page with the form, posting to /dev/form; every input is named `field.<id>`. */
export function renderFormPage(input: FormPageInput): string {
  const { form } = input;
  // An error for a field the form does not show (its definition was lost) must still be seen.
  const shownIds = new Set(form.inputs.map((i) => i.id));
  const stray = Object.entries(input.errors ?? {}).filter(([id]) => !shownIds.has(id));
  const body = h`<main class="form-page">
<h1>${form.title}</h1>
${stray.map(([, message]) => h`<p class="error" role="alert">${message}</p>`)}
<form method="post" action="/dev/form">
<input type="hidden" name="as" value="${input.as}">
<input type="hidden" name="formId" value="${form.formId}">
<input type="hidden" name="privateMetadata" value="${form.privateMetadata}">
<input type="hidden" name="returnTo" value="${input.returnTo}">
<input type="hidden" name="formSpec" value="${JSON.stringify(form)}">
<input type="hidden" name="submissionId" value="${randomUUID()}">
${form.inputs.map((field) => renderField(field, shownValue(field, input.values), input.errors?.[field.id]))}
<div class="actions">
<button type="submit" class="primary">${form.submitLabel}</button>
<a href="${input.returnTo}">${form.cancelLabel}</a>
</div>
</form>
</main>`;
  return renderLayout({ locale: input.locale, title: form.title, body });
}

function shownValue(field: FormInput, values: FormPageInput['values']): string[] {
  const chosen = values ? values[field.id] : field.initial;
  if (chosen === undefined) return [];
  return Array.isArray(chosen) ? chosen : [chosen];
}

function renderField(field: FormInput, value: string[], error: string | undefined): SafeHtml {
  const id = `f-${field.id}`;
  const name = `field.${field.id}`;
  const describedBy = [field.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const common = h`id="${id}" name="${name}"${attr('required', field.required)}${
    describedBy ? h` aria-describedby="${describedBy}"` : ''
  }${error ? h` aria-invalid="true"` : ''}`;
  return h`<div class="field">
<label for="${id}">${field.label}${field.required ? h` <span aria-hidden="true">*</span>` : ''}</label>
${field.hint ? h`<p class="hint" id="${id}-hint">${field.hint}</p>` : ''}
${renderControl(field, value, common)}
${error ? h`<p class="error" id="${id}-error" role="alert">${error}</p>` : ''}
</div>`;
}

function renderControl(field: FormInput, value: string[], common: SafeHtml): SafeHtml {
  switch (field.type) {
    case 'text': {
      const text = value.join('\n');
      const max = field.maxLength === undefined ? '' : h` maxlength="${field.maxLength}"`;
      return field.multiline
        ? h`<textarea ${common}${max} rows="5">${text}</textarea>`
        : h`<input type="text" ${common}${max} value="${text}">`;
    }
    case 'date':
      return h`<input type="date" ${common} value="${value[0] ?? ''}">`;
    case 'select': {
      const options = field.options.map(
        (option) =>
          h`<option value="${option.value}"${attr('selected', value.includes(option.value))}>${option.label}</option>`,
      );
      return field.multiple
        ? h`<select ${common} multiple size="${Math.min(Math.max(field.options.length, 2), 8)}">${options}</select>`
        : h`<select ${common}><option value="">—</option>${options}</select>`;
    }
  }
}
