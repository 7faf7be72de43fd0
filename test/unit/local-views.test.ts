import { describe, expect, it } from 'vitest';
import { renderCard } from '../../adapters/local/views/card-html.ts';
import {
  type ChatPageModel,
  type LocalMessageView,
  renderChatPage,
} from '../../adapters/local/views/chat-page.ts';
import { renderFormPage } from '../../adapters/local/views/form-html.ts';
import type { Card, Form } from '../../src/core/ui/model.ts';

const ctx = { as: 'kari@skole.no', messageId: 'msg-1', conversationId: 'conv-1' };

/** The `<form>` element of the button with this label. */
function formOf(page: string, label: string): string {
  const forms = page.match(/<form[\s\S]*?<\/form>/g) ?? [];
  const found = forms.find((f) => f.includes(`>${label}</button>`));
  if (!found) throw new Error(`no form with a button labelled ${label}`);
  return found;
}

describe('renderCard', () => {
  it('escapes text, so a card cannot inject markup', () => {
    const card: Card = {
      fallbackText: 'x',
      blocks: [
        { type: 'text', text: '<script>alert(1)</script>' },
        { type: 'fields', fields: [{ label: 'Hva', value: '<img src=x onerror=alert(1)>' }] },
        { type: 'buttons', buttons: [{ actionId: 'a', label: '<b>Svar</b>', value: '"><script>' }] },
      ],
    };
    const out = renderCard(card, ctx).toString();
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<b>');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('value="&quot;&gt;&lt;script&gt;"');
  });

  it('renders text styles as heading, muted and quote', () => {
    const out = renderCard(
      {
        fallbackText: 'x',
        blocks: [
          { type: 'text', text: 'Overskrift', style: 'heading' },
          { type: 'text', text: 'Liten', style: 'muted' },
          { type: 'text', text: 'Sitat', style: 'quote' },
        ],
      },
      ctx,
    ).toString();
    expect(out).toContain('<strong class="h">Overskrift</strong>');
    expect(out).toContain('<p class="muted">Liten</p>');
    expect(out).toContain('<blockquote>Sitat</blockquote>');
  });

  it('renders each button as a form posting actionId, value and the message to /dev/action', () => {
    const card: Card = {
      fallbackText: 'x',
      blocks: [
        {
          type: 'buttons',
          buttons: [
            { actionId: 'answer.open', label: 'Svar', value: 'cycle=42', style: 'primary' },
            { actionId: 'commitment.new', label: 'Ny forpliktelse', value: 'team=7' },
          ],
        },
      ],
    };
    const out = renderCard(card, ctx).toString();
    const answer = formOf(out, 'Svar');
    expect(answer).toContain('method="post" action="/dev/action"');
    expect(answer).toContain('name="actionId" value="answer.open"');
    expect(answer).toContain('name="value" value="cycle=42"');
    expect(answer).toContain('name="as" value="kari@skole.no"');
    expect(answer).toContain('name="messageId" value="msg-1"');
    expect(answer).toContain('name="conversationId" value="conv-1"');
    expect(answer).toContain('class="primary"');
    const commitment = formOf(out, 'Ny forpliktelse');
    expect(commitment).toContain('name="actionId" value="commitment.new"');
    expect(commitment).toContain('name="value" value="team=7"');
  });
});

describe('renderFormPage', () => {
  const form: Form = {
    formId: 'commitment',
    title: 'Ny forpliktelse',
    submitLabel: 'Lagre',
    cancelLabel: 'Avbryt',
    privateMetadata: 'team=7',
    inputs: [
      { id: 'what', type: 'text', label: 'Hva?', multiline: true, required: true, maxLength: 500 },
      { id: 'trigger', type: 'text', label: 'Når?', initial: 'Hvis …', hint: 'For eksempel' },
      {
        id: 'owners',
        type: 'select',
        label: 'Hvem?',
        multiple: true,
        initial: ['a@x.no', 'c@x.no'],
        options: [
          { value: 'a@x.no', label: 'Anne' },
          { value: 'b@x.no', label: 'Bjørn' },
          { value: 'c@x.no', label: 'Cecilie' },
        ],
      },
      { id: 'due', type: 'date', label: 'Frist', initial: '2030-01-15' },
    ],
  };
  const base = { locale: 'nb' as const, form, as: 'kari@skole.no', returnTo: '/dev?as=kari%40skole.no&c=1' };

  it('posts the form identity to /dev/form and names inputs field.<id>', () => {
    const page = renderFormPage(base);
    expect(page).toContain('<html lang="nb">');
    expect(page).toContain('method="post" action="/dev/form"');
    expect(page).toContain('name="formId" value="commitment"');
    expect(page).toContain('name="privateMetadata" value="team=7"');
    expect(page).toContain('name="as" value="kari@skole.no"');
    expect(page).toMatch(/<textarea[^>]*name="field\.what"[^>]*required[^>]*maxlength="500"/);
    expect(page).toMatch(/<input type="text"[^>]*name="field\.trigger"[^>]*value="Hvis …"/);
    expect(page).toMatch(/<input type="date"[^>]*name="field\.due"[^>]*value="2030-01-15"/);
    expect(page).toContain('For eksempel');
    expect(page).toContain('href="/dev?as=kari%40skole.no&amp;c=1">Avbryt</a>');
  });

  it('marks every initial option of a multiple select as selected, and only those', () => {
    const page = renderFormPage(base);
    expect(page).toMatch(/<select[^>]*name="field\.owners"[^>]*multiple/);
    expect(page).toContain('<option value="a@x.no" selected>Anne</option>');
    expect(page).toContain('<option value="b@x.no">Bjørn</option>');
    expect(page).toContain('<option value="c@x.no" selected>Cecilie</option>');
  });

  it('re-shows what was submitted, over the initial values, with the error next to its own field', () => {
    const page = renderFormPage({
      ...base,
      values: {
        what: 'Vi <prøver> exit-lapper',
        trigger: 'Hvis timen sporer av',
        owners: ['b@x.no'],
        due: '2020-01-01',
      },
      errors: { due: 'Fristen kan ikke være før i dag.' },
    });
    expect(page).toContain('Vi &lt;prøver&gt; exit-lapper</textarea>');
    expect(page).toContain('value="Hvis timen sporer av"');
    expect(page).not.toContain('value="Hvis …"');
    expect(page).toContain('<option value="b@x.no" selected>Bjørn</option>');
    expect(page).toContain('<option value="a@x.no">Anne</option>');
    expect(page).toContain('value="2020-01-01"');
    const fields = page.match(/<div class="field">[\s\S]*?<\/div>/g) ?? [];
    const withError = fields.filter((f) => f.includes('role="alert"'));
    expect(withError).toHaveLength(1);
    expect(withError[0]).toContain('name="field.due"');
    expect(withError[0]).toContain('Fristen kan ikke være før i dag.');
    expect(withError[0]).toContain('aria-invalid="true"');
  });
});

describe('renderChatPage', () => {
  const card: Card = { fallbackText: 'Ukens spørsmål', blocks: [{ type: 'text', text: 'Ukens spørsmål' }] };
  const message = (id: string, replyCount: number): LocalMessageView => ({
    id,
    authorName: 'Refleks',
    createdAt: new Date('2030-03-04T07:05:00Z'),
    card,
    replyCount,
  });
  const model: ChatPageModel = {
    locale: 'nb',
    as: 'bjorn+test@skole.no',
    people: [
      { userId: 'anne@skole.no', name: 'Anne', roles: 'lærer' },
      { userId: 'bjorn+test@skole.no', name: 'Bjørn', roles: 'teamleder' },
    ],
    channels: [{ conversationId: 'team 8A', name: 'team-8a' }],
    directs: [{ conversationId: 'dm-1', name: 'Refleks' }],
    current: {
      conversationId: 'team 8A',
      title: '#team-8a',
      messages: [message('m/1', 3), message('m2', 0)],
    },
    thread: null,
    notice: 'Takk! Svaret ditt er lagret.',
  };

  it('shows the notice in a status box and the "you are" switch with the current person selected', () => {
    const page = renderChatPage(model);
    expect(page).toContain('<html lang="nb">');
    expect(page).toContain('<title>Refleks – lokal chat</title>');
    expect(page).toMatch(/role="status"[^>]*>Takk! Svaret ditt er lagret\./);
    expect(page).toMatch(/<form method="get" action="\/dev">\s*<label for="as">Du er<\/label>/);
    expect(page).toContain('<option value="bjorn+test@skole.no" selected>Bjørn (teamleder)</option>');
    expect(page).toContain('<option value="anne@skole.no">Anne (lærer)</option>');
    expect(page).toContain('<option value="nb" lang="nb" selected>');
  });

  it('links to threads with the message id and URL-encoded parameters', () => {
    const page = renderChatPage(model);
    expect(page).toContain(
      'href="/dev?as=bjorn%2Btest%40skole.no&amp;c=team+8A&amp;thread=m%2F1">Svar i tråden: 3</a>',
    );
    expect(page).toContain('thread=m2">Svar i tråden</a>');
    expect(page).toContain('href="/dev?as=bjorn%2Btest%40skole.no&amp;c=team+8A" aria-current="page"');
  });

  it('shows the time in Oslo time as HH:MM', () => {
    expect(renderChatPage(model)).toMatch(/<time datetime="2030-03-04T07:05:00.000Z"[^>]*>08:05<\/time>/);
  });

  it('opens a thread pane with the replies and a reply box posting to /dev/message', () => {
    const page = renderChatPage({
      ...model,
      locale: 'en',
      notice: undefined,
      thread: { root: message('m/1', 1), replies: [{ ...message('r1', 0), authorName: 'Anne' }] },
    });
    expect(page).toContain('<html lang="en">');
    expect(page).not.toContain('role="status"');
    const pane = page.match(/<aside class="thread"[\s\S]*<\/aside>/)?.[0] ?? '';
    expect(pane).toContain('<strong>Anne</strong>');
    expect(pane).toContain('method="post" action="/dev/message"');
    expect(pane).toContain('name="threadId" value="m/1"');
    expect(pane).toContain('name="conversationId" value="team 8A"');
    expect(pane).toContain('<textarea id="reply-text" name="text"');
  });

  it('says so when the conversation has no messages', () => {
    const page = renderChatPage({ ...model, current: { ...model.current!, messages: [] } });
    expect(page).toContain('Ingen meldinger ennå.');
  });
});

describe('renderFormPage without its inputs', () => {
  it('still shows an error whose field is not on the page', () => {
    const page = renderFormPage({
      locale: 'nb',
      as: 'kari@x.example',
      returnTo: '/dev',
      form: {
        formId: 'f',
        title: '',
        submitLabel: 'Lagre',
        cancelLabel: 'Avbryt',
        privateMetadata: '{}',
        inputs: [],
      },
      errors: { body: 'Denne runden er avsluttet.' },
    });
    expect(page).toMatch(/role="alert">Denne runden er avsluttet\.</);
  });
});
