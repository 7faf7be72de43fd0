import { ACTIONS } from '../../src/core/loop/ids.ts';
import type { Button, Card, Form, FormInput, FormValues } from '../../src/core/ui/model.ts';

/**
 * The neutral UI as Adaptive Cards 1.5 (adaptivecards.io/explorer). Version 1.5 because Teams renders
 * it on desktop, web and mobile, and it has what we need: Action.Execute (1.4, Universal Actions),
 * input `label`/`isRequired`/`errorMessage` (1.3) and TextBlock `style: 'heading'` (1.5).
 */
export const TEAMS_LIMITS = {
  /**
   * Teams refuses a message over about 28 KB, counted over the whole activity; 2 KB is left for the
   * activity around the card (addresses, ids, summary).
   */
  cardBytes: 26_000,
} as const;

type TextOptions = Partial<{ size: 'Small' | 'Medium'; weight: 'Bolder'; style: 'heading' }> &
  Partial<{ isSubtle: boolean; color: 'Attention'; spacing: 'None' }>;
export type AdaptiveTextBlock = { type: 'TextBlock'; text: string; wrap: true } & TextOptions;
export interface AdaptiveExecute {
  type: 'Action.Execute';
  title: string;
  verb: string;
  data: { value: string };
  style?: 'positive' | 'destructive';
}
/** What a form's submit button carries back: which form, its context, and the form itself (see formData). */
export interface FormData {
  formId: string;
  privateMetadata: string;
  spec: string;
}
export interface AdaptiveSubmit {
  type: 'Action.Submit';
  title: string;
  style: 'positive';
  data: FormData;
}
/** A button that opens a dialog: Teams sends task/fetch with `data` instead of running an action. */
export interface AdaptiveTaskFetch {
  type: 'Action.Submit';
  title: string;
  data: { msteams: { type: 'task/fetch' }; verb: string; value: string };
  style?: 'positive' | 'destructive';
}
/** A link button: Teams opens the address itself and sends Refleks nothing. */
export interface AdaptiveOpenUrl {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}
export type AdaptiveAction = AdaptiveExecute | AdaptiveSubmit | AdaptiveTaskFetch | AdaptiveOpenUrl;
interface InputCommon {
  id: string;
  label: string;
  isRequired?: true;
  errorMessage?: string;
  value?: string;
}
export type AdaptiveInput =
  | (InputCommon & { type: 'Input.Text'; isMultiline: boolean; maxLength?: number })
  | (InputCommon & {
      type: 'Input.ChoiceSet';
      choices: { title: string; value: string }[];
      isMultiSelect: boolean;
      style: 'expanded' | 'compact';
    })
  | (InputCommon & { type: 'Input.Date' });
export type AdaptiveElement =
  | AdaptiveTextBlock
  | AdaptiveInput
  | { type: 'Container'; style: 'emphasis'; items: AdaptiveTextBlock[] }
  | { type: 'FactSet'; facts: { title: string; value: string }[] }
  | { type: 'ActionSet'; actions: (AdaptiveExecute | AdaptiveTaskFetch | AdaptiveOpenUrl)[] };

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  version: '1.5';
  body: AdaptiveElement[];
  actions?: AdaptiveAction[];
  /** Shown by clients that cannot render the card. */
  fallbackText?: string;
  /** Full width: the default narrow card squeezes reflections into a thin column in channels. */
  msteams?: { width: 'Full' };
}

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
const ACTIVITY_MESSAGE_TYPE = 'application/vnd.microsoft.activity.message';

/**
 * TextBlock (and Fact title/value) text is Markdown (a CommonMark subset: bold, italic, lists, links),
 * so user text like `[Se her](http://x)` would become a disguised link and `**x**` bold. Every
 * character that can open such syntax gets a CommonMark backslash escape: `\`, `*`, `_`, `[`, `]`,
 * backticks, `~`, `<`, `>` anywhere, and `#`, `-`, `+` and `1.`/`1)` at the start of a line (headings
 * and lists). Backslash escapes, rather than zero-width characters, keep the text intact for copying
 * and screen readers; Teams desktop/web honour them, and the mobile renderers were fixed to (Teams
 * AdaptiveCards-Mobile #58, #83) — where an old client does not, a stray `\` shows, never a link.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]~<>]/g, '\\$&')
    .replace(/^([ \t]*)([#+-])/gm, '$1\\$2')
    .replace(/^([ \t]*\d+)([.)])/gm, '$1\\$2');
}

/** A single newline does not break a TextBlock line (Markdown joins them); a blank line does. */
const lines = (text: string): string[] => text.split(/\r\n|\r|\n/);
const markdownText = (text: string): string => lines(text).map(escapeMarkdown).join('\n\n');

const textBlock = (text: string, extra: TextOptions = {}): AdaptiveTextBlock => ({
  type: 'TextBlock',
  text: markdownText(text),
  wrap: true,
  ...extra,
});

/**
 * The larger forms (a commitment, what it did) open as a dialog, which has room for four inputs and
 * stays open while the channel moves on; the one-field answer form opens in place of the card.
 */
export const DIALOG_ACTIONS: ReadonlySet<string> = new Set([
  ACTIONS.newCommitment,
  ACTIONS.commitmentDone,
  ACTIONS.commitmentAdjust,
  ACTIONS.commitmentDrop,
  ACTIONS.supportReply,
  ACTIONS.leaderTeamDetail,
]);

function execute(button: Button): AdaptiveExecute | AdaptiveTaskFetch | AdaptiveOpenUrl {
  if (button.url) return { type: 'Action.OpenUrl', title: button.label, url: button.url };
  const style = button.style === 'primary' ? 'positive' : button.style === 'danger' ? 'destructive' : null;
  if (DIALOG_ACTIONS.has(button.actionId)) {
    return {
      type: 'Action.Submit',
      title: button.label,
      data: { msteams: { type: 'task/fetch' }, verb: button.actionId, value: button.value },
      ...(style ? { style } : {}),
    };
  }
  // Universal Actions: the click arrives as an adaptiveCard/action invoke with action.verb and action.data.
  return {
    type: 'Action.Execute',
    title: button.label,
    verb: button.actionId,
    data: { value: button.value },
    ...(style ? { style } : {}),
  };
}

function envelope(body: AdaptiveElement[], actions: AdaptiveAction[]): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length ? { actions } : {}),
  };
}

const bytes = (value: unknown): number => new TextEncoder().encode(JSON.stringify(value)).length;

/**
 * Past the size limit Teams refuses the whole message, so trailing body elements are replaced by a
 * visible "…" instead (the card-level buttons stay); the full text is still in the core's records.
 */
function fitted(card: AdaptiveCard): AdaptiveCard {
  if (bytes(card) <= TEAMS_LIMITS.cardBytes) return card;
  const body = [...card.body];
  const ellipsis = textBlock('…');
  while (body.length && bytes({ ...card, body: [...body, ellipsis] }) > TEAMS_LIMITS.cardBytes) body.pop();
  return { ...card, body: [...body, ellipsis] };
}

export function cardToAdaptive(card: Card): AdaptiveCard {
  const body: AdaptiveElement[] = [];
  // Buttons after the last other block become the card's own actions (drawn at the bottom); buttons
  // in the middle stay where they are as an ActionSet, so the order the core chose is kept.
  const lastContent = card.blocks.findLastIndex((block) => block.type !== 'buttons');
  const actions: AdaptiveAction[] = [];
  card.blocks.forEach((block, index) => {
    if (block.type === 'buttons') {
      const buttons = block.buttons.map(execute);
      if (index > lastContent) actions.push(...buttons);
      else if (buttons.length) body.push({ type: 'ActionSet', actions: buttons });
    } else if (block.type === 'fields') {
      const facts = block.fields
        .filter(({ label, value }) => `${label}${value}`.trim() !== '')
        .map(({ label, value }) => ({ title: markdownText(label), value: markdownText(value) }));
      if (facts.length) body.push({ type: 'FactSet', facts });
    } else if (!block.text.trim()) {
      // An empty TextBlock only adds a gap.
    } else if (block.style === 'heading') {
      body.push(textBlock(block.text, { size: 'Medium', weight: 'Bolder', style: 'heading' }));
    } else if (block.style === 'muted') {
      body.push(textBlock(block.text, { isSubtle: true, size: 'Small' }));
    } else if (block.style === 'quote') {
      // Markdown block quotes are not rendered by Teams; a shaded container reads as a quote.
      const items = lines(block.text)
        .filter((line) => line.trim() !== '')
        .map((line, i) => textBlock(line, i ? { spacing: 'None' } : {}));
      body.push({ type: 'Container', style: 'emphasis', items });
    } else {
      body.push(textBlock(block.text));
    }
  });
  return fitted({
    ...envelope(body, actions),
    fallbackText: card.fallbackText,
    msteams: { width: 'Full' },
  });
}

export function cardToActivityAttachment(card: Card) {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: cardToAdaptive(card) };
}

/**
 * Action.Submit merges the inputs into its data, so an input with one of these ids would overwrite
 * what identifies the form; `msteams` is Teams' own key in submitted data.
 */
const RESERVED_IDS = new Set(['formId', 'privateMetadata', 'spec', 'msteams']);

/**
 * The data a form's submit button sends back. The form's definition rides along (as on the /dev page)
 * so any Refleks process can show it again with its errors and split multiple choices, which Teams
 * returns comma-joined; it only draws the form and is never trusted for checks.
 */
export function formData(form: Form): FormData {
  return { formId: form.formId, privateMetadata: form.privateMetadata, spec: JSON.stringify(form) };
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

function inputElement(input: FormInput, value: string | string[] | undefined): AdaptiveInput {
  if (RESERVED_IDS.has(input.id)) throw new Error(`Teams input id "${input.id}" is reserved`);
  const common: InputCommon = {
    id: input.id,
    // A label, not a TextBlock above the input: screen readers tie it to the input (schema 1.3).
    label: input.label,
    // Teams checks required inputs itself before task/submit; the label names what is missing.
    ...(input.required ? { isRequired: true, errorMessage: input.label } : {}),
  };
  const given = Array.isArray(value) ? value.join(',') : value;
  switch (input.type) {
    case 'text':
      return {
        ...common,
        type: 'Input.Text',
        isMultiline: input.multiline ?? false,
        ...(input.maxLength ? { maxLength: input.maxLength } : {}),
        ...(given ? { value: given } : {}),
      };
    case 'date':
      // A malformed value makes the date picker show nothing useful: leave it empty instead.
      return {
        ...common,
        type: 'Input.Date',
        ...(given && /^\d{4}-\d{2}-\d{2}$/.test(given) ? { value: given } : {}),
      };
    case 'select': {
      // A multi-select ChoiceSet reports its choices comma-joined, so a comma inside a value is a bug.
      const bad = input.multiple && input.options.find((option) => option.value.includes(','));
      if (bad) throw new Error(`Teams multi-select value "${bad.value}" contains a comma`);
      return {
        ...common,
        type: 'Input.ChoiceSet',
        choices: input.options.map((option) => ({ title: option.label, value: option.value })),
        isMultiSelect: input.multiple ?? false,
        // Few options as radio buttons/checkboxes, one click each; more as a dropdown.
        style: input.options.length <= 5 ? 'expanded' : 'compact',
        ...(given ? { value: given } : {}),
      };
    }
  }
}

/** The core's validation errors, keyed by input id (anything else is about the whole form). */
export type FieldErrors = Record<string, string>;

function formCard(form: Form, values: FormValues, errors: FieldErrors): AdaptiveCard {
  const ids = new Set(form.inputs.map((input) => input.id));
  // Errors that belong to no input (about the form as a whole) go on top, so none is lost.
  const body: AdaptiveElement[] = Object.entries(errors)
    .filter(([id]) => !ids.has(id))
    .map(([, message]) => textBlock(message, { color: 'Attention' }));
  for (const input of form.inputs) {
    body.push(inputElement(input, input.id in values ? values[input.id] : input.initial));
    const error = errors[input.id];
    if (error) body.push(textBlock(error, { color: 'Attention', spacing: 'None' }));
    if (input.hint) body.push(textBlock(input.hint, { isSubtle: true, size: 'Small', spacing: 'None' }));
  }
  // Action.Submit, not Action.Execute: inside a dialog it is what sends task/submit. No cancel action:
  // the dialog has its own close button, and a second action would send task/submit as well.
  return envelope(body, [
    {
      type: 'Action.Submit',
      title: form.submitLabel,
      style: 'positive',
      data: formData(form),
    },
  ]);
}

/** A form as the card of a dialog (task module). */
export function formToAdaptive(form: Form): AdaptiveCard {
  return formCard(form, {}, {});
}

/**
 * Teams has no per-field server validation for dialogs (nothing like Slack's `response_action:
 * errors`), so the dialog is answered again with the same form, what the person typed kept, and each
 * error in red right under its input.
 */
export function formErrorsToAdaptive(form: Form, values: FormValues, errors: FieldErrors): AdaptiveCard {
  return formCard(form, values, errors);
}

/**
 * task/submit data (or adaptiveCard/action data) as the core's FormValues. With the form, each input
 * gets a value ('' or [] when empty, as from Slack) and multi-selects, which arrive comma-joined, become
 * arrays; without it every string is passed on as it is.
 */
export function submittedToValues(data: Record<string, unknown>, form?: Form): FormValues {
  const str = (value: unknown): string => (typeof value === 'string' ? value : '');
  if (form) {
    return Object.fromEntries(
      form.inputs.map((input) => {
        const raw = str(data[input.id]);
        const multiple = input.type === 'select' && input.multiple;
        return [input.id, multiple ? raw.split(',').filter((value) => value !== '') : raw];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(data).filter(([key, value]) => !RESERVED_IDS.has(key) && typeof value === 'string'),
  ) as FormValues;
}

/**
 * The invoke response body to task/fetch that opens the dialog, or to task/submit that keeps it open
 * with the errors shown (`shown`).
 */
export function taskModuleContinue(form: Form, shown?: { values: FormValues; errors: FieldErrors }) {
  const content = shown ? formErrorsToAdaptive(form, shown.values, shown.errors) : formToAdaptive(form);
  return {
    task: {
      type: 'continue' as const,
      value: { title: form.title, card: { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content } },
    },
  };
}

/** A read-only dialog: the card, with Teams' own close button. */
export function taskModuleCard(title: string, card: Card) {
  return {
    task: {
      type: 'continue' as const,
      value: { title, card: { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: cardToAdaptive(card) } },
    },
  };
}

/** The invoke response body that closes a dialog with a short message. */
export function taskModuleMessage(text: string) {
  return { task: { type: 'message' as const, value: text } };
}

/** The answer to an adaptiveCard/action invoke that replaces the clicked card with a new one. */
export function adaptiveCardInvokeResponse(card: Card) {
  return { statusCode: 200 as const, type: ADAPTIVE_CARD_CONTENT_TYPE, value: cardToAdaptive(card) };
}

/** The answer to an adaptiveCard/action invoke that leaves the card and shows a short message. */
export function adaptiveCardMessageResponse(text: string) {
  return { statusCode: 200 as const, type: ACTIVITY_MESSAGE_TYPE, value: text };
}
