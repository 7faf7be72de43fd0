import { describe, expect, it } from 'vitest';
import {
  adaptiveCardInvokeResponse,
  adaptiveCardMessageResponse,
  cardToActivityAttachment,
  cardToAdaptive,
  escapeMarkdown,
  TEAMS_LIMITS,
} from '../../adapters/teams/adaptive-cards.ts';
import type { Card } from '../../src/core/ui/model.ts';

const card = (blocks: Card['blocks'], fallbackText = 'fallback'): Card => ({ fallbackText, blocks });

/**
 * What a CommonMark renderer would make of escaped text, reduced to what matters here: whether any
 * unescaped syntax is left. Removing every `\x` pair leaves only the characters that were not escaped.
 */
const unescapedRest = (text: string) => text.replace(/\\[\s\S]/g, '');
const unescapeMarkdown = (text: string) => text.replace(/\\([\s\S])/g, '$1');

describe('escapeMarkdown and user text', () => {
  it('keeps a Markdown link and bold from user text literal', () => {
    const evil = 'Se [link](http://x) og **bold** _it_ `code`';
    const escaped = escapeMarkdown(evil);
    expect(escaped).toBe('Se \\[link\\](http://x) og \\*\\*bold\\*\\* \\_it\\_ \\`code\\`');
    expect(unescapedRest(escaped)).not.toMatch(/[[\]*_`]/);
    expect(unescapeMarkdown(escaped)).toBe(evil);
  });

  it('escapes list and heading markers at the start of lines only', () => {
    expect(escapeMarkdown('# Tittel\n- punkt\n  + mer\n12. tolv\n3) tre\nA-1. 5')).toBe(
      '\\# Tittel\n\\- punkt\n  \\+ mer\n12\\. tolv\n3\\) tre\nA-1. 5',
    );
    expect(escapeMarkdown('C:\\temp <b>')).toBe('C:\\\\temp \\<b\\>');
  });

  it('escapes every text the card shows: text, muted, quote, heading and facts', () => {
    const evil = '[klikk](http://evil.example) **fet**';
    const adaptive = cardToAdaptive(
      card([
        { type: 'text', text: evil, style: 'heading' },
        { type: 'text', text: evil },
        { type: 'text', text: evil, style: 'muted' },
        { type: 'text', text: evil, style: 'quote' },
        { type: 'fields', fields: [{ label: evil, value: evil }] },
      ]),
    );
    const texts = JSON.stringify(adaptive.body).match(/"(?:text|title|value)":"(?:[^"\\]|\\.)*"/g) ?? [];
    expect(texts).toHaveLength(6);
    for (const raw of texts) {
      const text = JSON.parse(`{${raw}}`) as Record<string, string>;
      const value = Object.values(text)[0]!;
      expect(unescapedRest(value)).not.toMatch(/[[\]*]/);
      expect(unescapeMarkdown(value)).toBe(evil);
    }
  });
});

describe('cardToAdaptive', () => {
  it('maps heading, text, muted, quote and fields', () => {
    const adaptive = cardToAdaptive(
      card(
        [
          { type: 'text', text: 'Uke 12', style: 'heading' },
          { type: 'text', text: 'Linje en\nLinje to' },
          { type: 'text', text: 'liten', style: 'muted' },
          { type: 'text', text: 'sitat en\n\nsitat to', style: 'quote' },
          { type: 'text', text: '   ' },
          { type: 'fields', fields: [{ label: 'Team', value: '5A' }] },
        ],
        'Uke 12',
      ),
    );
    expect(adaptive).toMatchObject({
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
      fallbackText: 'Uke 12',
      msteams: { width: 'Full' },
    });
    expect(adaptive.actions).toBeUndefined();
    expect(adaptive.body).toEqual([
      { type: 'TextBlock', text: 'Uke 12', wrap: true, size: 'Medium', weight: 'Bolder', style: 'heading' },
      // A single newline would be joined by Markdown; a blank line keeps the line break.
      { type: 'TextBlock', text: 'Linje en\n\nLinje to', wrap: true },
      { type: 'TextBlock', text: 'liten', wrap: true, isSubtle: true, size: 'Small' },
      {
        type: 'Container',
        style: 'emphasis',
        items: [
          { type: 'TextBlock', text: 'sitat en', wrap: true },
          { type: 'TextBlock', text: 'sitat to', wrap: true, spacing: 'None' },
        ],
      },
      { type: 'FactSet', facts: [{ title: 'Team', value: '5A' }] },
    ]);
  });

  it('turns buttons into Action.Execute with verb = actionId and data.value', () => {
    const adaptive = cardToAdaptive(
      card([
        { type: 'text', text: 'Spørsmål' },
        {
          type: 'buttons',
          buttons: [
            { actionId: 'answer.open', label: 'Svar', value: 'cycle-1', style: 'primary' },
            { actionId: 'answer.skip', label: 'Hopp over', value: 'cycle-1', style: 'danger' },
            { actionId: 'answer.later', label: 'Senere', value: '{"a":1}' },
          ],
        },
      ]),
    );
    expect(adaptive.body).toHaveLength(1);
    expect(adaptive.actions).toEqual([
      {
        type: 'Action.Execute',
        title: 'Svar',
        verb: 'answer.open',
        data: { value: 'cycle-1' },
        style: 'positive',
      },
      {
        type: 'Action.Execute',
        title: 'Hopp over',
        verb: 'answer.skip',
        data: { value: 'cycle-1' },
        style: 'destructive',
      },
      { type: 'Action.Execute', title: 'Senere', verb: 'answer.later', data: { value: '{"a":1}' } },
    ]);
  });

  it('keeps buttons between texts in place as an ActionSet', () => {
    const adaptive = cardToAdaptive(
      card([
        { type: 'buttons', buttons: [{ actionId: 'a', label: 'A', value: '1' }] },
        { type: 'text', text: 'etter' },
      ]),
    );
    expect(adaptive.actions).toBeUndefined();
    expect(adaptive.body[0]).toEqual({
      type: 'ActionSet',
      actions: [{ type: 'Action.Execute', title: 'A', verb: 'a', data: { value: '1' } }],
    });
  });

  it('stays under the Teams size limit, showing "…" for what was left out', () => {
    const blocks: Card['blocks'] = Array.from({ length: 40 }, () => ({
      type: 'text',
      text: 'x'.repeat(1000),
    }));
    blocks.push({ type: 'buttons', buttons: [{ actionId: 'a', label: 'A', value: '1' }] });
    const adaptive = cardToAdaptive(card(blocks));
    expect(new TextEncoder().encode(JSON.stringify(adaptive)).length).toBeLessThanOrEqual(
      TEAMS_LIMITS.cardBytes,
    );
    expect(adaptive.body.at(-1)).toEqual({ type: 'TextBlock', text: '…', wrap: true });
    expect(adaptive.body.length).toBeGreaterThan(10);
    expect(adaptive.actions).toHaveLength(1);
  });

  it('wraps the card as an activity attachment and as invoke responses', () => {
    const c = card([{ type: 'text', text: 'Takk' }]);
    expect(cardToActivityAttachment(c)).toEqual({
      contentType: 'application/vnd.microsoft.card.adaptive',
      content: cardToAdaptive(c),
    });
    expect(adaptiveCardInvokeResponse(c)).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: cardToAdaptive(c),
    });
    expect(adaptiveCardMessageResponse('Lagret')).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'Lagret',
    });
  });
});
