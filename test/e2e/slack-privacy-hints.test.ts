import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cycles, responses } from '../../src/db/schema/index.ts';
import {
  SLACK_CHANNEL as CHANNEL,
  openWeek48,
  type SlackRefleks,
  startSlackRefleks,
  SLACK_TEAM as TEAM,
  until,
} from '../support/slack-harness.ts';
import { blockActionPayload, slackEventBody, viewSubmissionPayload } from '../support/slack-requests.ts';

/**
 * What Slack shows a person about the privacy of what they wrote, from the outside: signed requests
 * in, the fake Web API's record of what Refleks sent out (real PostgreSQL and Redis).
 */
describe('privacy hints and refusals in Slack', () => {
  let s: SlackRefleks;
  let prompt: { ts: string };
  let cycleId: string;

  beforeAll(async () => {
    s = await startSlackRefleks();
    prompt = (await openWeek48(s))!;
    const [cycle] = await s.running.deps.db.select().from(cycles);
    cycleId = cycle!.id;
  });
  afterAll(() => s?.stop());

  it('saves a modal answer naming a diagnosis, and sends the hint as a direct message', async () => {
    await s.interaction(
      blockActionPayload({
        teamId: TEAM,
        userId: 'UOLA',
        channelId: CHANNEL,
        messageTs: prompt.ts,
        actionId: 'refleks.answer',
        value: cycleId,
        triggerId: 'trig-hint',
      }),
    );
    const opened = await until('views.open', () => s.fake.callsTo('views.open')[0]);
    const view = opened.args.view as { callback_id: string; private_metadata: string };
    const body = 'To elever med dysleksi trenger lydbøker';
    const submit = await s.interaction(
      viewSubmissionPayload({
        teamId: TEAM,
        userId: 'UOLA',
        view: {
          id: 'V-hint',
          callback_id: view.callback_id,
          private_metadata: view.private_metadata,
          state: { values: { body: { body: { type: 'plain_text_input', value: body } } } },
        },
      }),
    );
    // The modal closes as always: the answer is saved, not refused.
    expect(submit).toEqual({ status: 200, text: '' });
    const dm = await until('the hint', () =>
      s.fake.callsTo('chat.postMessage').find((c) => c.args.channel === 'UOLA'),
    );
    expect(String(dm.args.text)).toContain('ord om helse eller særskilte behov (dysleksi)');
    const stored = await s.running.deps.db.select().from(responses);
    expect(stored.map((r) => r.body)).toContain(body);
  });

  it('tells the author alone, in the thread, that a reply with an identity number was not saved and why', async () => {
    const reply = slackEventBody({
      teamId: TEAM,
      eventId: 'Ev-fnr-1',
      event: {
        type: 'message',
        user: 'UNORA',
        channel: CHANNEL,
        text: 'Eleven 018190 10001 trenger hjelp',
        ts: '1700000999.000200',
        thread_ts: prompt.ts,
      },
    });
    expect((await s.send(reply)).status).toBe(200);
    const notice = await until('the ephemeral notice', () => s.fake.callsTo('chat.postEphemeral')[0]);
    expect(notice.args).toMatchObject({ channel: CHANNEL, user: 'UNORA', thread_ts: prompt.ts });
    expect(String(notice.args.text)).toContain('Svaret ditt ble ikke lagret');
    expect(String(notice.args.text)).toContain('Slett eller rediger meldingen i tråden');
    expect(JSON.stringify(s.fake.calls)).not.toContain('10001');
    const stored = await s.running.deps.db.select().from(responses);
    expect(stored.map((r) => r.body).join(' ')).not.toContain('10001');
  });

  it('answers /refleks my-data privately with a download link that serves the person’s own JSON', async () => {
    const answer = await s.command('UOLA', 'my-data');
    expect(answer.status).toBe(200);
    const ack = JSON.parse(answer.text) as { response_type: string; blocks: unknown[] };
    expect(ack.response_type).toBe('ephemeral');
    const url = /"url":"([^"]+\/my-data\/[^"]+)"/.exec(JSON.stringify(ack.blocks))?.[1];
    expect(url).toBeDefined();
    const res = await fetch(url!);
    expect(res.status).toBe(200);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const data = (await res.json()) as { person: { email: string }; responses: { body: string }[] };
    expect(data.person.email).toBe('ola@sinsen.example');
    expect(data.responses.map((r) => r.body)).toEqual(['To elever med dysleksi trenger lydbøker']);
  });
});
