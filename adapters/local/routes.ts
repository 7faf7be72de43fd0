import { randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { InboundHandler, InboundResult } from '../../src/core/chat/port.ts';
import { t } from '../../src/core/i18n/index.ts';
import { isLocale, type Locale } from '../../src/core/locale.ts';
import { isUuid } from '../../src/core/loop/ids.ts';
import { containsIdentityNumber } from '../../src/core/pii/identity-number.ts';
import type { Form, FormValues } from '../../src/core/ui/model.ts';
import type { Db } from '../../src/db/client.ts';
import { LOCAL_TENANT, type LocalAdapter } from './adapter.ts';
import { loadChatPage } from './page-model.ts';
import { renderChatPage } from './views/chat-page.ts';
import { renderDetailPage } from './views/detail-html.ts';
import { renderFormPage } from './views/form-html.ts';
import { href } from './views/layout.ts';

const NOTICE_COOKIE = 'refleks_notice';
const LANG_COOKIE = 'refleks_lang';

function user(as: string) {
  return { platform: 'local' as const, tenantId: LOCAL_TENANT, userId: as };
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Only /dev URLs are followed after a form, so a crafted returnTo cannot send anyone elsewhere. */
function safeReturn(value: unknown): string {
  const target = str(value);
  return target.startsWith('/dev') && !target.startsWith('//') ? target : '/dev';
}

/**
 * The /dev pages: the local platform's "client". Each click becomes the same InboundEvent a Slack or
 * Teams click would, and the page shows what the core answered.
 */
export function localChatRoutes(deps: { db: Db; adapter: LocalAdapter; inbound: InboundHandler }) {
  const app = new Hono();

  const localeOf = (
    c: { req: { query(k: string): string | undefined } },
    cookie: string | undefined,
  ): Locale => {
    const fromQuery = c.req.query('lang');
    if (isLocale(fromQuery)) return fromQuery;
    return isLocale(cookie) ? cookie : 'nb';
  };

  app.get('/dev', async (c) => {
    const locale = localeOf(c, getCookie(c, LANG_COOKIE));
    if (c.req.query('lang'))
      setCookie(c, LANG_COOKIE, locale, { path: '/dev', sameSite: 'Lax', httpOnly: true });
    const notice = getCookie(c, NOTICE_COOKIE);
    if (notice) deleteCookie(c, NOTICE_COOKIE, { path: '/dev' });
    const model = await loadChatPage(deps.db, {
      as: c.req.query('as'),
      c: c.req.query('c'),
      thread: c.req.query('thread'),
      locale,
      ...(notice ? { notice } : {}),
    });
    return c.html(renderChatPage(model));
  });

  /** What the core answered, shown as a platform would: a form, a view of its own, or a notice. */
  const show = (c: Context, result: InboundResult, as: string, returnTo: string) => {
    const locale = localeOf(c, getCookie(c, LANG_COOKIE));
    if (result.type === 'open_form')
      return c.html(renderFormPage({ locale, form: result.form, as, returnTo }));
    if (result.type === 'show_detail')
      return c.html(renderDetailPage({ locale, detail: result, as, returnTo }));
    if (result.type === 'show_home') {
      const detail = {
        title: t(locale, 'dev.home'),
        closeLabel: t(locale, 'button.close'),
        card: result.card,
      };
      return c.html(renderDetailPage({ locale, detail: { type: 'show_detail', ...detail }, as, returnTo }));
    }
    return redirectWith(c, returnTo, result);
  };

  const redirectWith = (c: Context, to: string, result: InboundResult) => {
    if (result.type === 'notice')
      setCookie(c, NOTICE_COOKIE, result.text, { path: '/dev', sameSite: 'Lax', httpOnly: true });
    return c.redirect(to, 303);
  };

  app.post('/dev/action', async (c) => {
    const body = await c.req.parseBody();
    const as = str(body.as);
    const conversationId = str(body.conversationId);
    const returnTo = href('/dev', { as, c: conversationId || undefined });
    const result = await deps.inbound.handle({
      kind: 'action',
      eventId: randomUUID(),
      user: user(as),
      actionId: str(body.actionId),
      value: str(body.value),
      ...(body.messageId && conversationId
        ? {
            message: {
              conversation: { platform: 'local', tenantId: LOCAL_TENANT, conversationId },
              messageId: str(body.messageId),
            },
          }
        : {}),
    });
    return show(c, result, as, returnTo);
  });

  // The App Home of the local platform: what Slack shows on its Home tab, as its own page.
  app.get('/dev/home', async (c) => {
    const as = c.req.query('as') ?? '';
    const result = await deps.inbound.handle({ kind: 'home_opened', eventId: randomUUID(), user: user(as) });
    return show(c, result, as, href('/dev', { as }));
  });

  // `/refleks <text>`, typed in the sidebar: the local platform's slash command.
  app.post('/dev/command', async (c) => {
    const body = await c.req.parseBody();
    const as = str(body.as);
    const conversationId = str(body.conversationId);
    const returnTo = href('/dev', { as, c: conversationId || undefined });
    const result = await deps.inbound.handle({
      kind: 'command',
      eventId: randomUUID(),
      user: user(as),
      text: str(body.text)
        .replace(/^\s*\/refleks\b/i, '')
        .trim(),
      ...(conversationId
        ? { conversation: { platform: 'local' as const, tenantId: LOCAL_TENANT, conversationId } }
        : {}),
    });
    return show(c, result, as, returnTo);
  });

  app.post('/dev/form', async (c) => {
    const body = await c.req.parseBody({ all: true });
    const as = str(body.as);
    const returnTo = safeReturn(body.returnTo);
    const values: FormValues = {};
    for (const [key, value] of Object.entries(body)) {
      if (!key.startsWith('field.')) continue;
      values[key.slice('field.'.length)] = Array.isArray(value) ? value.map(str) : str(value);
    }
    const formId = str(body.formId);
    const privateMetadata = str(body.privateMetadata);
    // The same submission sent twice (a double click, a reload) is one event; a changed one is new.
    // One id per rendering of the form: a double click or a reload is one event; a later edit, even
    // back to an earlier text, is a new one.
    const submissionId = str(body.submissionId);
    const eventId = isUuid(submissionId) ? submissionId : randomUUID();
    const result = await deps.inbound.handle({
      kind: 'form_submitted',
      eventId,
      user: user(as),
      formId,
      privateMetadata,
      values,
    });
    if (result.type === 'form_errors' || result.type === 'open_form') {
      const locale = localeOf(c, getCookie(c, LANG_COOKIE));
      // Re-show the same form with what was typed. The definition rides along in the page, as a
      // Slack modal keeps its own; it only draws the form again and is never trusted for checks.
      const page = renderFormPage({
        locale,
        form:
          result.type === 'open_form'
            ? result.form
            : parseFormSpec(body.formSpec, formId, privateMetadata, locale),
        as,
        returnTo,
        values: values as Record<string, string | string[]>,
        ...(result.type === 'form_errors' ? { errors: result.errors } : {}),
      });
      return c.html(page, 422);
    }
    return redirectWith(c, returnTo, result);
  });

  app.post('/dev/message', async (c) => {
    const body = await c.req.parseBody();
    const as = str(body.as);
    const conversationId = str(body.conversationId);
    // Only a real message id can be a thread; anything else is a top-level message.
    const threadId = isUuid(str(body.threadId)) ? str(body.threadId) : null;
    const text = str(body.text).trim();
    const back = href('/dev', { as, c: conversationId, thread: threadId ?? undefined });
    if (!text) return c.redirect(back, 303);
    const result = await deps.inbound.handle({
      kind: 'message',
      eventId: randomUUID(),
      user: user(as),
      conversation: { platform: 'local', tenantId: LOCAL_TENANT, conversationId },
      ...(threadId ? { threadId } : {}),
      text,
    });
    // A refused message (an identity number, say) never reaches the channel: the platform drops it.
    // This platform's storage is Refleks's database, so a number is never kept, whoever typed it.
    if (result.type !== 'notice' && !containsIdentityNumber(text))
      await deps.adapter.storeUserMessage({ conversationId, threadId, userId: as, text });
    return redirectWith(c, back, result);
  });

  return app;
}

function parseFormSpec(raw: unknown, formId: string, privateMetadata: string, locale: Locale): Form {
  try {
    const spec = JSON.parse(str(raw)) as Form;
    if (spec && Array.isArray(spec.inputs)) return { ...spec, formId, privateMetadata };
  } catch {
    // fall through to an empty form: the errors still show
  }
  return {
    formId,
    privateMetadata,
    title: '',
    submitLabel: t(locale, 'form.submit'),
    cancelLabel: t(locale, 'form.cancel'),
    inputs: [],
  };
}
