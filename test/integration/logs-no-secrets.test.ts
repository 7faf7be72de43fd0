import { and, eq, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ACTIONS } from '../../src/core/loop/ids.ts';
import { cycles, responses, teams } from '../../src/db/schema/index.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { createMetrics } from '../../src/http/metrics.ts';
import { createLogger } from '../../src/logger.ts';
import {
  formPost,
  hiddenField,
  SLACK_BOT_TOKEN,
  startWebRefleks,
  type WebRefleks,
} from '../support/security-harness.ts';
import { SLACK_CHANNEL, SLACK_SECRET, SLACK_TEAM, until } from '../support/slack-harness.ts';
import {
  blockActionPayload,
  slackEventBody,
  slackInteractionBody,
  viewSubmissionPayload,
} from '../support/slack-requests.ts';
import { teamsMessage } from '../support/teams-activities.ts';

/** Sentences nobody else writes, so finding one in the log can only mean it leaked. */
const THREAD_REPLY = 'Blåbærsyltetøyet i klasserommet fikk elevene til å lese høyt';
const SLACK_FORM = 'Sjiraffen på skolegården telte alle stavelsene riktig';
const DEV_FORM = 'Regnbueørreten i akvariet lærte oss brøkregning';
const TEAMS_TEXT = 'Fyrtårnet på loftet lyste opp gangetabellen';
const SENTENCES = [THREAD_REPLY, SLACK_FORM, DEV_FORM, TEAMS_TEXT];

/**
 * Real traffic at LOG_LEVEL=info, the log captured in memory: what people wrote, the signing secret
 * and the bot token must appear nowhere in it — nor in anything the libraries print to the console.
 */
describe('logs at info level hold no message text and no secret', () => {
  let w: WebRefleks;
  const lines: string[] = [];
  const consoleOutput: string[] = [];
  const logged = () => lines.join('');

  beforeAll(async () => {
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        consoleOutput.push(
          args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(' '),
        );
      });
    }
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    w = await startWebRefleks({ env: { LOG_LEVEL: 'info' }, logger });
  });
  afterAll(async () => {
    await w?.stop();
    vi.restoreAllMocks();
  });

  it('sends a thread reply, a Slack form answer, a /dev form answer and a Teams message through', async () => {
    const prompt = await w.openSlackPrompt();
    const reply = slackEventBody({
      teamId: SLACK_TEAM,
      event: {
        type: 'message',
        user: 'UOLA',
        channel: SLACK_CHANNEL,
        text: THREAD_REPLY,
        ts: '1700000999.000100',
        thread_ts: prompt.ts,
      },
    });
    expect((await w.slack(reply)).status).toBe(200);
    // A forged request is refused and logged as such: still without the secret.
    expect((await w.slack(reply, { forgeSignature: true })).status).toBe(401);

    const cycleId = (prompt.blocks as { elements?: { value?: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.value)!.value!;
    const click = blockActionPayload({
      teamId: SLACK_TEAM,
      userId: 'UKARI',
      channelId: SLACK_CHANNEL,
      messageTs: prompt.ts,
      actionId: ACTIONS.answer,
      value: cycleId,
    });
    expect((await w.slack(slackInteractionBody(click))).status).toBe(200);
    const opened = await until('views.open', () => w.fake.callsTo('views.open')[0]);
    const view = opened.args.view as { callback_id: string; private_metadata: string };
    const submission = viewSubmissionPayload({
      teamId: SLACK_TEAM,
      userId: 'UKARI',
      view: {
        id: 'V1',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state: { values: { body: { body: { type: 'plain_text_input', value: SLACK_FORM } } } },
      },
    });
    expect((await w.slack(slackInteractionBody(submission))).status).toBe(200);

    const [team] = await w.db.select().from(teams).where(eq(teams.key, 'demo-5trinn'));
    const [demoCycle] = await w.db
      .select()
      .from(cycles)
      .where(and(eq(cycles.teamId, team!.id), eq(cycles.status, 'open')));
    const same = { origin: w.base, 'sec-fetch-site': 'same-origin' };
    const kari = 'kari@refleksvik.example';
    const form = await fetch(
      `${w.base}/dev/action`,
      formPost({ as: kari, actionId: ACTIONS.answer, value: demoCycle!.id }, same),
    );
    const html = await form.text();
    const fields = {
      as: kari,
      formId: hiddenField(html, 'formId'),
      privateMetadata: hiddenField(html, 'privateMetadata'),
      returnTo: '/dev',
      'field.body': DEV_FORM,
    };
    expect((await fetch(`${w.base}/dev/form`, formPost(fields, same))).status).toBe(303);

    const fromStranger = teamsMessage({
      serviceUrl: w.connector.serviceUrl,
      tenantId: 'tenant-logs',
      conversationId: 'a:1stranger',
      fromAadObjectId: 'aad-stranger',
      text: TEAMS_TEXT,
    });
    expect((await w.teams(fromStranger)).status).toBe(200);

    // Everything stored.
    await until('the answers', async () => {
      const bodies = (await w.db.select().from(responses)).map((r) => r.body);
      return [THREAD_REPLY, SLACK_FORM, DEV_FORM].every((s) => bodies.includes(s));
    });
    // A form answer is posted in the thread (a thread reply is there already): delivery has run too.
    await until('the form answer in the Slack thread', () =>
      w.fake.messages(SLACK_CHANNEL).some((m) => m.thread_ts && m.text.includes(SLACK_FORM)),
    );
  });

  it('logged what happened, and none of what was written nor any secret', () => {
    // The capture works: the start and the refused request are there.
    expect(logged()).toContain('"msg":"listening"');
    expect(logged()).toContain('slack request refused');
    expect(logged()).toContain('event from an unknown user');
    for (const secret of [...SENTENCES, SLACK_SECRET, SLACK_BOT_TOKEN]) {
      expect(logged()).not.toContain(secret);
      expect(consoleOutput.join('\n')).not.toContain(secret);
    }
  });

  it('keeps a failed query’s values (what someone wrote) out of an error log', async () => {
    const failure = (await w.db
      .insert(responses)
      .values({ cycleId: 'not-a-uuid', body: DEV_FORM })
      .catch((e: unknown) => e)) as Error;
    // A value PostgreSQL cannot read is quoted in its own message, not only in drizzle's params.
    const cast = (await w.db.execute(sql`select ${THREAD_REPLY}::int`).catch((e: unknown) => e)) as Error;
    // The errors themselves carry the text: that is what must not reach the log.
    expect(String(failure)).toContain(DEV_FORM);
    expect(String(cast.cause)).toContain(THREAD_REPLY);
    const captured: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void captured.push(line) });
    logger.error({ err: failure }, 'inbound event failed');
    logger.warn({ err: failure.message }, 'delivery failed');
    logger.error({ err: cast }, 'request failed');
    logger.error({ err: cast.cause instanceof Error ? cast.cause.message : cast.message }, 'request failed');
    const text = captured.join('');
    expect(text).toContain('Failed query');
    expect(text).toContain('[redacted]');
    expect(text).not.toContain(DEV_FORM);
    expect(text).not.toContain(THREAD_REPLY);
  });

  it('logs a route’s unexpected error through pino, without the overview token in its path', async () => {
    const captured: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void captured.push(line) });
    const failing = new Hono().get('/overview/:token', () => {
      throw new Error(`Failed query: select 1\nparams: ${DEV_FORM}`);
    });
    const app = createHttpApp({ metrics: createMetrics(), readiness: {}, mounts: [failing], logger });
    const res = await app.request('/overview/a-secret-link-token');
    expect(res.status).toBe(500);
    const text = captured.join('');
    expect(text).toContain('request failed');
    expect(text).toContain('/overview/[token]');
    expect(text).not.toContain('a-secret-link-token');
    expect(text).not.toContain(DEV_FORM);
    expect(consoleOutput.join('\n')).not.toContain(DEV_FORM);
  });
});
