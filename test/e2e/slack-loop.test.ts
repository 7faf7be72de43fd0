import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTick } from '../../src/app/cycles/tick.ts';
import { outbox, responses } from '../../src/db/schema/index.ts';
import type { Running } from '../../src/runtime/start.ts';
import type { FakeSlack } from '../support/fake-slack.ts';
import {
  SLACK_CHANNEL as CHANNEL,
  openWeek48,
  type SlackRefleks,
  startSlackRefleks,
  SLACK_TEAM as TEAM,
  until,
} from '../support/slack-harness.ts';
import { blockActionPayload, slackEventBody, viewSubmissionPayload } from '../support/slack-requests.ts';

const blockText = (blocks: unknown[]) => JSON.stringify(blocks);

/**
 * The whole loop in Slack, from the outside: Refleks runs with SLACK_API_URL pointing at a fake Web API
 * on 127.0.0.1, and the test sends signed requests to /slack/events exactly as Slack does.
 */
describe('the learning loop in Slack (signed requests, fake Web API, real PostgreSQL and Redis)', () => {
  let s: SlackRefleks;
  let fake: FakeSlack;
  let running: Running;
  let cycleId: string;
  const send: SlackRefleks['send'] = (...args) => s.send(...args);
  const interaction: SlackRefleks['interaction'] = (payload) => s.interaction(payload);
  const promptMessage = () => s.promptMessage();
  const clock = { set: (at: string) => s.clock.set(at), advance: (ms: number) => s.clock.advance(ms) };

  beforeAll(async () => {
    s = await startSlackRefleks();
    fake = s.fake;
    running = s.running;
  });
  afterAll(() => s?.stop());

  it('posts the prompt in the team channel with Block Kit buttons', async () => {
    clock.set('2026-11-26T13:00:00Z');
    await runTick(running.deps);
    const prompt = await until('the prompt', promptMessage);
    expect(blockText(prompt.blocks)).toContain('Ukens spørsmål – uke 48');
    expect(blockText(prompt.blocks)).toContain('0 av 3 har svart');
    expect(blockText(prompt.blocks)).toContain('refleks.answer');
    expect(fake.callsTo('chat.postMessage')[0]?.token).toBe('xoxb-test-token');
    cycleId = (prompt.blocks as { elements?: { value?: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.value)!.value!;
  });

  it('refuses a forged signature and a stale timestamp with 401, changing nothing', async () => {
    const body = slackEventBody({
      teamId: TEAM,
      event: {
        type: 'message',
        user: 'UOLA',
        channel: CHANNEL,
        text: 'forged',
        ts: '1.1',
        thread_ts: promptMessage()!.ts,
      },
    });
    expect((await send(body, { forgeSignature: true })).status).toBe(401);
    expect((await send(body, { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(401);
    expect(await running.deps.db.select().from(responses)).toEqual([]);
  });

  it('opens the answer modal from the button and stores the submission', async () => {
    const click = await interaction(
      blockActionPayload({
        teamId: TEAM,
        userId: 'UKARI',
        channelId: CHANNEL,
        messageTs: promptMessage()!.ts,
        actionId: 'refleks.answer',
        value: cycleId,
        triggerId: 'trig-1',
      }),
    );
    expect(click.status).toBe(200);
    const opened = await until('views.open', () => fake.callsTo('views.open')[0]);
    const view = opened.args.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { block_id: string }[];
    };
    expect(view.callback_id).toBe('refleks.answer');

    const submit = await interaction(
      viewSubmissionPayload({
        teamId: TEAM,
        userId: 'UKARI',
        view: {
          id: 'V1',
          callback_id: view.callback_id,
          private_metadata: view.private_metadata,
          state: { values: { body: { body: { type: 'plain_text_input', value: 'Vi har ansvar for 5A.' } } } },
        },
      }),
    );
    expect(submit).toEqual({ status: 200, text: '' });
    await until('the updated count', () => blockText(promptMessage()!.blocks).includes('1 av 3 har svart'));
    await until('the answer in the thread', () =>
      fake.messages(CHANNEL).some((m) => m.thread_ts && m.text.includes('5A')),
    );
  });

  it('shows a refused identity number on the modal field, in the ack', async () => {
    const view = fake.callsTo('views.open')[0]!.args.view as { private_metadata: string };
    const submit = await interaction(
      viewSubmissionPayload({
        teamId: TEAM,
        userId: 'UOLA',
        view: {
          id: 'V2',
          callback_id: 'refleks.answer',
          private_metadata: view.private_metadata,
          state: { values: { body: { body: { type: 'plain_text_input', value: 'Eleven 01819010001' } } } },
        },
      }),
    );
    expect(submit.status).toBe(200);
    const ack = JSON.parse(submit.text) as { response_action: string; errors: Record<string, string> };
    expect(ack.response_action).toBe('errors');
    expect(ack.errors.body).toContain('fødselsnummer');
  });

  it('takes a reply in the prompt’s thread as an answer, once, even when Slack retries the event', async () => {
    const body = slackEventBody({
      teamId: TEAM,
      eventId: 'Ev-thread-1',
      event: {
        type: 'message',
        user: 'UOLA',
        channel: CHANNEL,
        text: 'Gruppen leser bedre.',
        ts: '1700000999.000100',
        thread_ts: promptMessage()!.ts,
      },
    });
    expect((await send(body)).status).toBe(200);
    expect((await send(body, { retryNum: 1 })).status).toBe(200);
    await until('the count', () => blockText(promptMessage()!.blocks).includes('2 av 3 har svart'));
    const stored = await running.deps.db.select().from(responses);
    expect(stored.filter((r) => r.body?.includes('Gruppen leser bedre.'))).toHaveLength(1);
    expect(stored.find((r) => r.body?.includes('Gruppen leser bedre.'))?.body).toBe('Gruppen leser bedre.');
  });

  it('edits the answer when the reply is edited in Slack (message_changed)', async () => {
    const thread = promptMessage()!.ts;
    const body = slackEventBody({
      teamId: TEAM,
      event: {
        type: 'message',
        subtype: 'message_changed',
        channel: CHANNEL,
        ts: '1700001000.000100',
        message: {
          type: 'message',
          user: 'UOLA',
          text: 'Gruppen leser mye bedre.',
          ts: '1700000999.000100',
          thread_ts: thread,
        },
        previous_message: {
          type: 'message',
          user: 'UOLA',
          text: 'Gruppen leser bedre.',
          ts: '1700000999.000100',
          thread_ts: thread,
        },
      },
    });
    expect((await send(body)).status).toBe(200);
    await until('the edited answer', async () => {
      const stored = await running.deps.db.select().from(responses);
      return stored.some((r) => r.body === 'Gruppen leser mye bedre.');
    });
    expect(
      (await running.deps.db.select().from(responses)).some((r) => r.body === 'Gruppen leser bedre.'),
    ).toBe(false);
  });

  it('honours a 429 with Retry-After and still delivers the reminder exactly once', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 2 });
    clock.set('2026-11-30T06:31:00Z'); // Monday 07:31: Nora has not answered
    const started = Date.now();
    await runTick(running.deps);
    // The first try met the 429; the row waits for Retry-After on the (injected) clock, so move it on.
    await until('the throttled try', async () => {
      const [row] = await running.deps.db.select().from(outbox).where(eq(outbox.kind, 'nudge'));
      return row?.status === 'pending' && row.attempts === 1;
    });
    clock.advance(2_000);
    await until('the reminder', () => fake.messages(fake.dmChannel('UNORA')).length > 0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
    expect(fake.messages(fake.dmChannel('UNORA'))).toHaveLength(1);
    expect(fake.messages(fake.dmChannel('UNORA'))[0]!.text).toContain('Hei Nora!');
    // The row is marked sent just after Slack answered; then nothing is left to send again.
    await until('the row marked sent', async () => {
      const rows = await running.deps.db.select().from(outbox).where(eq(outbox.kind, 'nudge'));
      return rows.length === 1 && rows[0]!.status === 'sent';
    });
    await runTick(running.deps);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.messages(fake.dmChannel('UNORA'))).toHaveLength(1);
  });
});

describe('commitments and the close in Slack', () => {
  let s: SlackRefleks;
  beforeAll(async () => {
    s = await startSlackRefleks();
    await openWeek48(s);
  });
  afterAll(() => s?.stop());

  it('turns the New commitment modal into a commitment card in the thread', async () => {
    const prompt = s.promptMessage()!;
    const value = JSON.stringify(prompt.blocks).match(/"value":"([0-9a-f-]{36})"/)![1]!;
    await s.interaction(
      blockActionPayload({
        teamId: TEAM,
        userId: 'UKARI',
        channelId: CHANNEL,
        messageTs: prompt.ts,
        actionId: 'refleks.new_commitment',
        value,
        triggerId: 'trig-nc',
      }),
    );
    const opened = await until('views.open', () =>
      s.fake.callsTo('views.open').find((c) => c.args.trigger_id === 'trig-nc'),
    );
    const view = opened.args.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('refleks.commitment');
    const submit = await s.interaction(
      viewSubmissionPayload({
        teamId: TEAM,
        userId: 'UKARI',
        view: {
          id: 'V-commit',
          callback_id: view.callback_id,
          private_metadata: view.private_metadata,
          state: {
            values: {
              owners: { owners: { type: 'multi_static_select', selected_options: [{ value: 'team' }] } },
              what: { what: { type: 'plain_text_input', value: 'Høytlesing ti minutter hver dag' } },
              trigger: {
                trigger: { type: 'plain_text_input', value: 'Hvis norsktime, så høytlesing først' },
              },
              evidence: { evidence: { type: 'plain_text_input', value: 'Lesetest i uke 50' } },
              due: { due: { type: 'datepicker', selected_date: '2026-12-11' } },
            },
          },
        },
      }),
    );
    expect(submit).toEqual({ status: 200, text: '' });
    const card = await until('the commitment card', () =>
      s.fake
        .messages(CHANNEL)
        .find((m) => m.thread_ts === prompt.ts && JSON.stringify(m.blocks).includes('Ny forpliktelse')),
    );
    expect(JSON.stringify(card.blocks)).toContain('Høytlesing ti minutter hver dag');
    expect(JSON.stringify(card.blocks)).toContain('Hele teamet');
  });

  it('closes with a summary in the thread and a closed prompt', async () => {
    s.clock.set('2026-12-02T13:00:00Z');
    await runTick(s.running.deps);
    const prompt = s.promptMessage()!;
    const summary = await until('the summary', () =>
      s.fake
        .messages(CHANNEL)
        .find(
          (m) => m.thread_ts === prompt.ts && JSON.stringify(m.blocks).includes('Oppsummering for uke 48'),
        ),
    );
    expect(JSON.stringify(summary.blocks)).toContain('Nye forpliktelser denne runden: 1.');
    await until('the closed prompt', () =>
      JSON.stringify(s.promptMessage()!.blocks).includes('Runden er avsluttet.'),
    );
  });
});
