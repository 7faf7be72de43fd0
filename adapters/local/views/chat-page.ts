import { t } from '../../../src/core/i18n/translate.ts';
import type { Locale } from '../../../src/core/locale.ts';
import type { Card } from '../../../src/core/ui/model.ts';
import { renderCard } from './card-html.ts';
import { attr, h, href, renderLayout, type SafeHtml } from './layout.ts';

export interface LocalMessageView {
  id: string;
  authorName: string;
  createdAt: Date;
  card: Card;
  replyCount: number;
}

export interface ChatPageModel {
  locale: Locale;
  /** The current user's local user id (an e-mail). */
  as: string;
  /** Everyone one can act as, for the "you are" switch. */
  people: { userId: string; name: string; roles: string }[];
  /** Team channels. */
  channels: { conversationId: string; name: string }[];
  /** The current user's direct-message conversations. */
  directs: { conversationId: string; name: string }[];
  current: { conversationId: string; title: string; messages: LocalMessageView[] } | null;
  /** An opened thread in the current conversation. */
  thread: { root: LocalMessageView; replies: LocalMessageView[] } | null;
  /** A message from the last action (a thank-you or an error). */
  notice?: string;
}

/** Language names are written in their own language, so they are not translated. */
const LANGUAGES: { locale: Locale; name: string }[] = [
  { locale: 'nb', name: 'Norsk bokmål' },
  { locale: 'nn', name: 'Norsk nynorsk' },
  { locale: 'en', name: 'English' },
];

const clock = new Intl.DateTimeFormat('nb-NO', {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'Europe/Oslo',
});
/** The full date, as a tooltip on the clock time, in the reader's language. */
const fullDate: Record<Locale, Intl.DateTimeFormat> = {
  nb: new Intl.DateTimeFormat('nb-NO', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Oslo' }),
  nn: new Intl.DateTimeFormat('nn-NO', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Oslo' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Oslo' }),
};

/** The whole local chat: sidebar, the open conversation and, when one is opened, a thread. */
export function renderChatPage(model: ChatPageModel): string {
  const thread =
    model.current && model.thread ? renderThread(model, model.current.conversationId, model.thread) : '';
  const body = h`<div class="app${thread ? ' with-thread' : ''}">
${renderSidebar(model)}
<main>
${model.notice ? h`<div class="notice" role="status">${model.notice}</div>` : ''}
${renderConversation(model)}
</main>
${thread}
</div>`;
  return renderLayout({ locale: model.locale, title: t(model.locale, 'dev.title'), body });
}

function renderSidebar(model: ChatPageModel): SafeHtml {
  const { locale, as } = model;
  const currentId = model.current?.conversationId;
  const link = (c: { conversationId: string; name: string }, prefix: string) =>
    h`<li><a href="${href('/dev', { as, c: c.conversationId })}"${
      c.conversationId === currentId ? h` aria-current="page"` : ''
    }>${prefix}${c.name}</a></li>`;
  return h`<nav class="side" aria-label="${t(locale, 'dev.title')}">
<form method="get" action="/dev">
<label for="as">${t(locale, 'dev.youAre')}</label>
<select id="as" name="as">${model.people.map(
    (p) =>
      h`<option value="${p.userId}"${attr('selected', p.userId === as)}>${p.name}${
        p.roles ? ` (${p.roles})` : ''
      }</option>`,
  )}</select>
<button type="submit">${t(locale, 'dev.switch')}</button>
</form>
<form method="get" action="/dev">
<input type="hidden" name="as" value="${as}">
${currentId ? h`<input type="hidden" name="c" value="${currentId}">` : ''}
${model.current && model.thread ? h`<input type="hidden" name="thread" value="${model.thread.root.id}">` : ''}
<label for="lang">${t(locale, 'dev.language')}</label>
<select id="lang" name="lang">${LANGUAGES.map(
    (l) =>
      h`<option value="${l.locale}" lang="${l.locale}"${attr('selected', l.locale === locale)}>${l.name}</option>`,
  )}</select>
<button type="submit">${t(locale, 'dev.switch')}</button>
</form>
<ul><li><a href="${href('/dev/home', { as })}">${t(locale, 'dev.home')}</a></li></ul>
<form method="post" action="/dev/command">
<input type="hidden" name="as" value="${as}">
${currentId ? h`<input type="hidden" name="conversationId" value="${currentId}">` : ''}
<label for="command">${t(locale, 'dev.command')}</label>
<input id="command" name="text" value="/refleks " required>
<button type="submit">${t(locale, 'dev.send')}</button>
</form>
<h2>${t(locale, 'dev.channels')}</h2>
<ul>${model.channels.map((c) => link(c, '# '))}</ul>
<h2>${t(locale, 'dev.directMessages')}</h2>
<ul>${model.directs.map((c) => link(c, ''))}</ul>
</nav>`;
}

function renderConversation(model: ChatPageModel): SafeHtml {
  const { locale, current } = model;
  if (!current) {
    return h`<h1>${t(locale, 'dev.title')}</h1><p class="intro">${t(locale, 'dev.intro')}</p>`;
  }
  const threadHref = (m: LocalMessageView) =>
    href('/dev', { as: model.as, c: current.conversationId, thread: m.id });
  return h`<h1>${current.title}</h1>
<p class="intro">${t(locale, 'dev.intro')}</p>
${
  current.messages.length === 0
    ? h`<p class="muted">${t(locale, 'dev.noMessages')}</p>`
    : h`<ol class="messages">${current.messages.map(
        (m) => h`<li class="msg" id="m-${m.id}">
${renderMessage(m, model, current.conversationId)}
<a class="replies" href="${threadHref(m)}">${
          m.replyCount > 0
            ? t(locale, 'dev.replies', { count: m.replyCount })
            : t(locale, 'dev.replyInThread')
        }</a>
</li>`,
      )}</ol>`
}`;
}

function renderThread(
  model: ChatPageModel,
  conversationId: string,
  thread: NonNullable<ChatPageModel['thread']>,
): SafeHtml {
  const { locale } = model;
  const item = (m: LocalMessageView) =>
    h`<li class="msg" id="t-${m.id}">${renderMessage(m, model, conversationId)}</li>`;
  return h`<aside class="thread" aria-labelledby="thread-heading">
<h2 id="thread-heading">${t(locale, 'dev.replyInThread')}</h2>
<ol class="messages">${item(thread.root)}${thread.replies.map(item)}</ol>
<form method="post" action="/dev/message">
<input type="hidden" name="as" value="${model.as}">
<input type="hidden" name="conversationId" value="${conversationId}">
<input type="hidden" name="threadId" value="${thread.root.id}">
<label for="reply-text" class="muted">${t(locale, 'dev.replyInThread')}</label>
<textarea id="reply-text" name="text" rows="3" required></textarea>
<p><button type="submit" class="primary">${t(locale, 'dev.send')}</button></p>
</form>
</aside>`;
}

/** One message: author, Oslo time and its card. Buttons in the card act on this very message. */
function renderMessage(m: LocalMessageView, model: ChatPageModel, conversationId: string): SafeHtml {
  return h`<header><strong>${m.authorName}</strong> <time datetime="${m.createdAt.toISOString()}" title="${fullDate[
    model.locale
  ].format(m.createdAt)}">${clock.format(m.createdAt)}</time></header>
${renderCard(m.card, { as: model.as, messageId: m.id, conversationId })}`;
}
