/**
 * The neutral UI model. The core describes what a person should see; each adapter decides how
 * (Block Kit, Adaptive Cards, HTML). Nothing here may depend on one platform's quirks.
 */
export interface TextBlock {
  type: 'text';
  text: string;
  style?: 'heading' | 'muted' | 'quote';
}

export interface FieldsBlock {
  type: 'fields';
  fields: { label: string; value: string }[];
}

export interface Button {
  actionId: string;
  label: string;
  /** Opaque to the adapter; comes back unchanged in the action event. */
  value: string;
  style?: 'primary' | 'danger';
  /** A link button: the platform opens this address (and may still report the click). */
  url?: string;
}

export interface ButtonsBlock {
  type: 'buttons';
  buttons: Button[];
}

export type Block = TextBlock | FieldsBlock | ButtonsBlock;

export interface Card {
  /** Plain text for notifications, screen readers and platforms that cannot render blocks. */
  fallbackText: string;
  blocks: Block[];
}

interface InputBase {
  id: string;
  label: string;
  required?: boolean;
  hint?: string;
}

export interface TextInput extends InputBase {
  type: 'text';
  multiline?: boolean;
  initial?: string;
  maxLength?: number;
}

export interface SelectInput extends InputBase {
  type: 'select';
  options: { value: string; label: string }[];
  multiple?: boolean;
  initial?: string[];
}

export interface DateInput extends InputBase {
  type: 'date';
  /** YYYY-MM-DD */
  initial?: string;
}

export type FormInput = TextInput | SelectInput | DateInput;

export interface Form {
  formId: string;
  title: string;
  submitLabel: string;
  cancelLabel: string;
  /** Opaque to the adapter; comes back unchanged when the form is submitted. */
  privateMetadata: string;
  inputs: FormInput[];
}

export type FormValues = Record<string, string | string[] | undefined>;
