import type { types, ViewStateValue } from '@slack/bolt';
import type { Button, Card, Form, FormInput, FormValues } from '../../src/core/ui/model.ts';

type KnownBlock = types.KnownBlock;

/**
 * Block Kit limits (docs.slack.dev/reference/block-kit, and the @slack/types doc comments). Slack
 * rejects the whole message or modal when one is exceeded, so every string is fitted here.
 * Lengths are UTF-16 units, which is never fewer than the characters Slack counts.
 */
export const SLACK_LIMITS = {
  sectionText: 3000,
  headerText: 150,
  messageBlocks: 50,
  contextElements: 10,
  sectionFields: 10,
  fieldText: 2000,
  actionsElements: 25,
  buttonText: 75,
  actionId: 255,
  buttonValue: 2000,
  modalTitle: 24,
  modalButton: 24,
  callbackId: 255,
  privateMetadata: 3000,
  inputLabel: 2000,
  inputHint: 2000,
  plainTextInputMax: 3000,
  selectOptions: 100,
  optionText: 75,
  /** Slack documents no limit for `response_action: errors` messages; we cap them like a hint. */
  errorMessage: 2000,
  /** chat.postMessage truncates `text` at 40,000 and recommends 4,000: it is only a notification. */
  fallbackText: 3000,
} as const;

/** Mrkdwn control characters: without escaping, user text like `<!channel>` would ping everyone. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A cut at or before `max` that splits neither a surrogate pair nor an `&amp;`-style entity. */
function safeCut(text: string, max: number): number {
  let cut = max;
  const amp = text.lastIndexOf('&', cut - 1);
  if (amp >= 0 && amp > cut - 5) {
    const end = text.indexOf(';', amp);
    if (end >= cut && end - amp < 5) cut = amp;
  }
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return cut;
}

/** For human-readable labels only: the "…" shows that something was cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, safeCut(text, max - 1))}…`;
}

/**
 * Long answers are spread over several blocks instead of cut: a lost paragraph would be a lost
 * reflection. Cuts prefer a line break, then a space, in the second half of the window; the separator
 * stays at the end of its chunk, so the chunks joined give back the text exactly.
 */
export function splitText(text: string, max: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max - 1) + 1;
    if (cut <= max / 2) cut = rest.lastIndexOf(' ', max - 1) + 1;
    if (cut <= max / 2) cut = safeCut(rest, max);
    chunks.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  chunks.push(rest);
  // Slack refuses empty (and whitespace-only) text objects.
  return chunks.filter((chunk) => chunk.trim() !== '');
}

/** Opaque ids and values come back to the core unchanged, so they are never cut: too long is a bug. */
function checked(what: string, value: string, max: number): string {
  if (value.length > max) throw new Error(`Slack ${what} is ${value.length} characters; the limit is ${max}`);
  return value;
}

const plain = (text: string): types.PlainTextElement => ({ type: 'plain_text', text });
const mrkdwn = (text: string): types.MrkdwnElement => ({ type: 'mrkdwn', text });

function buttonElement(button: Button): types.Button {
  return {
    type: 'button',
    action_id: checked('action_id', button.actionId, SLACK_LIMITS.actionId),
    text: plain(truncate(button.label, SLACK_LIMITS.buttonText)),
    value: checked('button value', button.value, SLACK_LIMITS.buttonValue),
    ...(button.style ? { style: button.style } : {}),
    // Slack still sends block_actions for a link button; the core acknowledges it and does nothing.
    ...(button.url ? { url: button.url } : {}),
  };
}

/**
 * Buttons go into as few `actions` blocks as possible. A new block starts at 25 elements, and also
 * when an action_id repeats, since action_ids must be unique within a block (Slack rejects the
 * message otherwise) and renaming them would break the routing of the click.
 */
function actionsBlocks(buttons: Button[]): types.ActionsBlock[] {
  const groups: Button[][] = [];
  for (const button of buttons) {
    const last = groups.at(-1);
    const fits = last && last.length < SLACK_LIMITS.actionsElements;
    if (fits && !last.some((b) => b.actionId === button.actionId)) last.push(button);
    else groups.push([button]);
  }
  return groups.map((group) => ({ type: 'actions', elements: group.map(buttonElement) }));
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function cardToBlocks(card: Card): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  for (const block of card.blocks) {
    if (block.type === 'buttons') {
      blocks.push(...actionsBlocks(block.buttons));
    } else if (block.type === 'fields') {
      const texts = block.fields
        .map(({ label, value }) =>
          label ? `*${escapeMrkdwn(label)}*\n${escapeMrkdwn(value)}` : escapeMrkdwn(value),
        )
        .filter((text) => text.trim() !== '')
        .map((text) => truncate(text, SLACK_LIMITS.fieldText));
      for (const group of chunk(texts, SLACK_LIMITS.sectionFields)) {
        blocks.push({ type: 'section', fields: group.map(mrkdwn) });
      }
    } else if (block.style === 'heading') {
      // plain_text: a header cannot render mrkdwn, so nothing in it needs escaping.
      if (block.text.trim()) {
        blocks.push({ type: 'header', text: plain(truncate(block.text, SLACK_LIMITS.headerText)) });
      }
    } else if (block.style === 'muted') {
      const parts = splitText(escapeMrkdwn(block.text), SLACK_LIMITS.sectionText).map(mrkdwn);
      for (const elements of chunk(parts, SLACK_LIMITS.contextElements)) {
        blocks.push({ type: 'context', elements });
      }
    } else if (block.style === 'quote') {
      const quoted = escapeMrkdwn(block.text).replace(/^/gm, '>');
      // One unit kept free: a chunk cut inside a line needs its own `>` to stay quoted.
      for (const part of splitText(quoted, SLACK_LIMITS.sectionText - 1)) {
        blocks.push({ type: 'section', text: mrkdwn(part.startsWith('>') ? part : `>${part}`) });
      }
    } else {
      for (const part of splitText(escapeMrkdwn(block.text), SLACK_LIMITS.sectionText)) {
        blocks.push({ type: 'section', text: mrkdwn(part) });
      }
    }
  }
  return blocks;
}

/**
 * A chat message. Past Slack's 50 blocks the rest is replaced by a visible "…" rather than letting
 * Slack refuse the whole message; the full text is still in the core's records.
 */
export function cardToMessage(card: Card): { text: string; blocks: KnownBlock[] } {
  let blocks = cardToBlocks(card);
  if (blocks.length > SLACK_LIMITS.messageBlocks) {
    blocks = [
      ...blocks.slice(0, SLACK_LIMITS.messageBlocks - 1),
      { type: 'context', elements: [mrkdwn('…')] },
    ];
  }
  return { text: truncate(escapeMrkdwn(card.fallbackText), SLACK_LIMITS.fallbackText), blocks };
}

function inputElement(input: FormInput): types.InputBlockElement {
  const action_id = input.id;
  switch (input.type) {
    case 'text':
      return {
        type: 'plain_text_input',
        action_id,
        multiline: input.multiline ?? false,
        ...(input.initial ? { initial_value: input.initial } : {}),
        ...(input.maxLength ? { max_length: Math.min(input.maxLength, SLACK_LIMITS.plainTextInputMax) } : {}),
      };
    case 'date':
      // A malformed initial_date would make Slack refuse the whole modal: drop it instead.
      return {
        type: 'datepicker',
        action_id,
        ...(input.initial && /^\d{4}-\d{2}-\d{2}$/.test(input.initial)
          ? { initial_date: input.initial }
          : {}),
      };
    case 'select': {
      // Beyond 100 options Slack needs an external data source; the core keeps its lists shorter.
      const options = input.options.slice(0, SLACK_LIMITS.selectOptions).map(
        (option): types.PlainTextOption => ({
          text: plain(truncate(option.label, SLACK_LIMITS.optionText)),
          value: option.value,
        }),
      );
      // An initial option must be one of the options (same object shape), or Slack refuses the view.
      const initial = options.filter((o) => input.initial?.includes(o.value as string));
      if (input.multiple) {
        return {
          type: 'multi_static_select',
          action_id,
          options,
          ...(initial.length ? { initial_options: initial } : {}),
        };
      }
      return {
        type: 'static_select',
        action_id,
        options,
        ...(initial[0] ? { initial_option: initial[0] } : {}),
      };
    }
  }
}

/**
 * A modal. block_id and action_id are both the input id: Slack returns the state keyed
 * [block_id][action_id], and the core's validation errors are keyed by block_id.
 */
export function formToModal(form: Form): types.ModalView {
  return {
    type: 'modal',
    callback_id: checked('callback_id', form.formId, SLACK_LIMITS.callbackId),
    private_metadata: checked('private_metadata', form.privateMetadata, SLACK_LIMITS.privateMetadata),
    title: plain(truncate(form.title, SLACK_LIMITS.modalTitle)),
    submit: plain(truncate(form.submitLabel, SLACK_LIMITS.modalButton)),
    close: plain(truncate(form.cancelLabel, SLACK_LIMITS.modalButton)),
    blocks: form.inputs.map(
      (input): types.InputBlock => ({
        type: 'input',
        block_id: checked('block_id', input.id, SLACK_LIMITS.actionId),
        label: plain(truncate(input.label, SLACK_LIMITS.inputLabel)),
        optional: !input.required,
        ...(input.hint ? { hint: plain(truncate(input.hint, SLACK_LIMITS.inputHint)) } : {}),
        element: inputElement(input),
      }),
    ),
  };
}

function stateValue(state: ViewStateValue): string | string[] | undefined {
  switch (state.type) {
    case 'static_select':
    case 'radio_buttons':
      return state.selected_option?.value ?? '';
    case 'multi_static_select':
    case 'checkboxes':
      return (state.selected_options ?? []).map((option) => option.value);
    case 'datepicker':
      return state.selected_date ?? '';
    case 'plain_text_input':
      return state.value ?? '';
    case 'users_select':
      return state.selected_user ?? '';
    case 'multi_users_select':
      return state.selected_users ?? [];
    default:
      // The other text-like inputs (email, url, number) also report `value`.
      return 'value' in state ? (state.value ?? '') : undefined;
  }
}

/** Slack's `view.state` as the core's FormValues, keyed by block_id (= the input id). */
export function viewStateToValues(state: {
  values: Record<string, Record<string, ViewStateValue>>;
}): FormValues {
  const values: FormValues = {};
  for (const [blockId, actions] of Object.entries(state.values)) {
    const first = Object.values(actions)[0];
    if (first) values[blockId] = stateValue(first);
  }
  return values;
}

/** The core's field errors as `response_action: 'errors'` (keyed by block_id, which is the input id). */
export function fieldErrorsToSlack(errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errors).map(([id, message]) => [id, truncate(message, SLACK_LIMITS.errorMessage)]),
  );
}

/** A read-only modal (no submit button): a detail view opened from a button. */
export function cardToModal(detail: { title: string; closeLabel: string; card: Card }): types.ModalView {
  return {
    type: 'modal',
    title: plain(truncate(detail.title, SLACK_LIMITS.modalTitle)),
    close: plain(truncate(detail.closeLabel, SLACK_LIMITS.modalButton)),
    // A modal holds 100 blocks, like App Home.
    blocks: cardToBlocks(detail.card).slice(0, 100),
  };
}

/** An App Home view; Slack allows 100 blocks there (twice a message's 50). */
export function cardToHomeView(card: Card): types.HomeView {
  return { type: 'home', blocks: cardToBlocks(card).slice(0, 100) };
}
