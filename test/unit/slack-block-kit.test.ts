import type { types, ViewStateValue } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import {
  cardToBlocks,
  cardToMessage,
  escapeMrkdwn,
  fieldErrorsToSlack,
  formToModal,
  viewStateToValues,
} from '../../adapters/slack/block-kit.ts';
import type { Card, Form } from '../../src/core/ui/model.ts';

const card = (blocks: Card['blocks'], fallbackText = 'fallback'): Card => ({ fallbackText, blocks });

/** Every mrkdwn string in the blocks, wherever it sits. */
function mrkdwnTexts(blocks: types.KnownBlock[]): string[] {
  return blocks.flatMap((block) => {
    if (block.type === 'section') {
      return [...(block.text ? [block.text.text] : []), ...(block.fields ?? []).map((f) => f.text)];
    }
    if (block.type === 'context') return block.elements.map((e) => ('text' in e ? String(e.text) : ''));
    return [];
  });
}

const unescapeMrkdwn = (text: string) =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('cardToBlocks', () => {
  it('escapes user text, so it cannot mention @channel or forge a link', () => {
    const evil = 'Hei <!channel> se <https://x|y> & <@U123>';
    const blocks = cardToBlocks(
      card([
        { type: 'text', text: evil },
        { type: 'text', text: evil, style: 'muted' },
        { type: 'text', text: evil, style: 'quote' },
        { type: 'fields', fields: [{ label: evil, value: evil }] },
      ]),
    );
    const texts = mrkdwnTexts(blocks);
    expect(texts).toHaveLength(4);
    for (const text of texts) {
      expect(text).not.toMatch(/<[!@h]/);
      expect(text).toContain('&lt;!channel&gt;');
      expect(text).toContain('&lt;https://x|y&gt;');
      expect(text).toContain(' &amp; ');
    }
    const message = cardToMessage(card([], evil));
    expect(message.text).toBe('Hei &lt;!channel&gt; se &lt;https://x|y&gt; &amp; &lt;@U123&gt;');
  });

  it('turns a heading into a plain_text header, cut to 150 characters', () => {
    const [short, long] = cardToBlocks(
      card([
        { type: 'text', text: 'Uke 12 <b>', style: 'heading' },
        { type: 'text', text: 'x'.repeat(400), style: 'heading' },
      ]),
    );
    expect(short).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Uke 12 <b>' } });
    expect(long?.type).toBe('header');
    const text = (long as types.HeaderBlock).text.text;
    expect(text.length).toBe(150);
    expect(text.endsWith('…')).toBe(true);
  });

  it('quotes every line and keeps muted text in a context block', () => {
    const blocks = cardToBlocks(
      card([
        { type: 'text', text: 'en\nto > tre', style: 'quote' },
        { type: 'text', text: 'liten', style: 'muted' },
      ]),
    );
    expect(blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '>en\n>to &gt; tre' } });
    expect(blocks[1]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'liten' }] });
  });

  it('turns buttons into one actions block with the action ids and values the core routes on', () => {
    const [actions, ...rest] = cardToBlocks(
      card([
        {
          type: 'buttons',
          buttons: [
            { actionId: 'loop.answer', label: 'Svar', value: 'cycle-1', style: 'primary' },
            { actionId: 'loop.commit', label: 'Ny avtale', value: 'cycle-1' },
          ],
        },
      ]),
    );
    expect(rest).toEqual([]);
    expect(actions).toEqual({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: 'loop.answer',
          text: { type: 'plain_text', text: 'Svar' },
          value: 'cycle-1',
          style: 'primary',
        },
        {
          type: 'button',
          action_id: 'loop.commit',
          text: { type: 'plain_text', text: 'Ny avtale' },
          value: 'cycle-1',
        },
      ],
    });
  });

  it('puts a repeated action id in its own actions block, since Slack wants them unique per block', () => {
    const blocks = cardToBlocks(
      card([
        {
          type: 'buttons',
          buttons: [
            { actionId: 'vote', label: 'A', value: 'a' },
            { actionId: 'vote', label: 'B', value: 'b' },
          ],
        },
      ]),
    );
    expect(blocks.map((b) => b.type)).toEqual(['actions', 'actions']);
  });

  it('chunks fields by ten, bold label over the value', () => {
    const fields = Array.from({ length: 12 }, (_, i) => ({ label: `L${i}`, value: `v${i}` }));
    const blocks = cardToBlocks(card([{ type: 'fields', fields }])) as types.SectionBlock[];
    expect(blocks.map((b) => b.fields?.length)).toEqual([10, 2]);
    expect(blocks[0]?.fields?.[0]).toEqual({ type: 'mrkdwn', text: '*L0*\nv0' });
  });

  it.each([
    [
      'prose with paragraphs',
      Array.from({ length: 70 }, (_, i) => `Avsnitt ${i}: ${'ord '.repeat(22)}`).join('\n'),
    ],
    ['one long word full of escaped characters', '<&>x'.repeat(1750)],
  ])('splits a 7000-character text (%s) over sections of at most 3000, losing nothing', (_, text) => {
    expect(text.length).toBeGreaterThanOrEqual(7000);
    const blocks = cardToBlocks(card([{ type: 'text', text }])) as types.SectionBlock[];
    expect(blocks.length).toBeGreaterThan(2);
    const parts = blocks.map((b) => {
      expect(b.type).toBe('section');
      return b.text?.text ?? '';
    });
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(3000);
    // No entity is cut in half, and the pieces put together are the whole text.
    for (const part of parts) expect(part).not.toMatch(/&(a|am|amp|l|lt|g|gt)?$/);
    expect(parts.join('')).toBe(escapeMrkdwn(text));
    expect(unescapeMrkdwn(parts.join(''))).toBe(text);
  });

  it('keeps a long quote quoted in every section', () => {
    const blocks = cardToBlocks(card([{ type: 'text', text: 'q'.repeat(7000), style: 'quote' }]));
    const parts = mrkdwnTexts(blocks);
    expect(parts.length).toBe(3);
    for (const part of parts) {
      expect(part.startsWith('>')).toBe(true);
      expect(part.length).toBeLessThanOrEqual(3000);
    }
    expect(parts.join('').replace(/>/g, '')).toBe('q'.repeat(7000));
  });
});

describe('cardToMessage', () => {
  it('stays within 50 blocks and says visibly that the rest was cut', () => {
    const blocks = Array.from({ length: 60 }, (_, i) => ({ type: 'text' as const, text: `linje ${i}` }));
    const message = cardToMessage(card(blocks));
    expect(message.blocks).toHaveLength(50);
    expect(message.blocks[49]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '…' }] });
  });
});

const form: Form = {
  formId: 'loop.commitment',
  title: 'Ny avtale for teamet vårt denne uka',
  submitLabel: 'Lagre',
  cancelLabel: 'Avbryt',
  privateMetadata: '{"cycleId":"c-1"}',
  inputs: [
    {
      type: 'select',
      id: 'owners',
      label: 'Hvem',
      multiple: true,
      required: true,
      initial: ['team', 'ghost'],
      options: [
        { value: 'team', label: 'Hele teamet' },
        { value: 'p-1', label: 'Kari' },
      ],
    },
    {
      type: 'select',
      id: 'kind',
      label: 'Type',
      initial: ['b'],
      options: [
        { value: 'a', label: 'A' },
        { value: 'b', label: 'B' },
      ],
    },
    {
      type: 'text',
      id: 'what',
      label: 'Hva',
      required: true,
      maxLength: 1000,
      hint: 'Kort',
      initial: 'utkast',
    },
    { type: 'text', id: 'evidence', label: 'Bevis', required: true, multiline: true, maxLength: 9000 },
    { type: 'date', id: 'due', label: 'Frist', initial: '2025-03-14' },
  ],
};

describe('formToModal', () => {
  const modal = formToModal(form);
  const inputs = modal.blocks as types.InputBlock[];
  const element = (id: string) => inputs.find((b) => b.block_id === id)?.element;

  it('builds a modal whose callback id and metadata come back to the core', () => {
    expect(modal.type).toBe('modal');
    expect(modal.callback_id).toBe('loop.commitment');
    expect(modal.private_metadata).toBe('{"cycleId":"c-1"}');
    expect(modal.submit).toEqual({ type: 'plain_text', text: 'Lagre' });
    expect(modal.close).toEqual({ type: 'plain_text', text: 'Avbryt' });
  });

  it('cuts the title to 24 characters', () => {
    expect(modal.title.type).toBe('plain_text');
    expect(modal.title.text).toHaveLength(24);
    expect(modal.title.text).toBe('Ny avtale for teamet vå…');
  });

  it('gives every input a block and action id equal to the input id, and the optional flag', () => {
    expect(
      inputs.map((b) => [b.type, b.block_id, (b.element as { action_id: string }).action_id, b.optional]),
    ).toEqual([
      ['input', 'owners', 'owners', false],
      ['input', 'kind', 'kind', true],
      ['input', 'what', 'what', false],
      ['input', 'evidence', 'evidence', false],
      ['input', 'due', 'due', true],
    ]);
    expect(inputs[2]?.hint).toEqual({ type: 'plain_text', text: 'Kort' });
  });

  it('maps each input type to its element, with initial values only where they exist', () => {
    expect(element('owners')).toMatchObject({
      type: 'multi_static_select',
      initial_options: [{ text: { type: 'plain_text', text: 'Hele teamet' }, value: 'team' }],
    });
    expect(element('kind')).toMatchObject({ type: 'static_select', initial_option: { value: 'b' } });
    expect(element('what')).toEqual({
      type: 'plain_text_input',
      action_id: 'what',
      multiline: false,
      initial_value: 'utkast',
      max_length: 1000,
    });
    expect(element('evidence')).toMatchObject({
      type: 'plain_text_input',
      multiline: true,
      max_length: 3000,
    });
    expect(element('due')).toEqual({ type: 'datepicker', action_id: 'due', initial_date: '2025-03-14' });
  });

  it('refuses opaque values it would otherwise have to cut', () => {
    expect(() => formToModal({ ...form, privateMetadata: 'x'.repeat(3001) })).toThrow(/private_metadata/);
  });
});

describe('viewStateToValues', () => {
  it('reads back a submission of the modal as the FormValues the core parses', () => {
    // What Slack sends for this modal: state.values[block_id][action_id].
    const answers: Record<string, ViewStateValue> = {
      owners: {
        type: 'multi_static_select',
        selected_options: [
          { text: { type: 'plain_text', text: 'Kari', emoji: true }, value: 'p-1' },
          { text: { type: 'plain_text', text: 'Hele teamet', emoji: true }, value: 'team' },
        ],
      },
      kind: { type: 'static_select', selected_option: null },
      what: { type: 'plain_text_input', value: 'Vi prøver exit tickets' },
      evidence: { type: 'plain_text_input', value: null },
      due: { type: 'datepicker', selected_date: '2025-04-01' },
    };
    const values: Record<string, Record<string, ViewStateValue>> = {};
    for (const block of formToModal(form).blocks as types.InputBlock[]) {
      const actionId = (block.element as { action_id: string }).action_id;
      const answer = answers[block.block_id as string];
      if (answer) values[block.block_id as string] = { [actionId]: answer };
    }
    expect(viewStateToValues({ values })).toEqual({
      owners: ['p-1', 'team'],
      kind: '',
      what: 'Vi prøver exit tickets',
      evidence: '',
      due: '2025-04-01',
    });
  });

  it('reads user pickers and an empty date', () => {
    const values = viewStateToValues({
      values: {
        who: { who: { type: 'users_select', selected_user: 'U1' } },
        many: { many: { type: 'multi_users_select', selected_users: ['U1', 'U2'] } },
        due: { due: { type: 'datepicker', selected_date: null } },
      },
    });
    expect(values).toEqual({ who: 'U1', many: ['U1', 'U2'], due: '' });
  });
});

describe('fieldErrorsToSlack', () => {
  it('keys errors by block id (the input id) and cuts very long messages', () => {
    const errors = fieldErrorsToSlack({ what: 'Må fylles ut', due: 'x'.repeat(5000) });
    expect(errors.what).toBe('Må fylles ut');
    expect(errors.due?.length).toBe(2000);
    expect(Object.keys(errors)).toEqual(['what', 'due']);
  });
});
