import type { App, ReceiverEvent } from '@slack/bolt';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HonoSlackReceiver } from '../../adapters/slack/receiver.ts';
import { FORM_CONTENT_TYPE, signSlackRequest, slackInteractionBody } from '../support/slack-requests.ts';

const SECRET = 'receiver-deadline-secret';

/** A receiver whose listener never acknowledges: a database that hangs, an overload. */
function stalledReceiver() {
  const receiver = new HonoSlackReceiver(SECRET, pino({ level: 'silent' }));
  receiver.init({ processEvent: (_event: ReceiverEvent) => new Promise<void>(() => {}) } as unknown as App);
  return receiver;
}

function post(receiver: HonoSlackReceiver, payload: unknown) {
  const body = slackInteractionBody(payload);
  let settled = false;
  const response = Promise.resolve(
    receiver.routes.request('/slack/events', {
      method: 'POST',
      headers: { 'content-type': FORM_CONTENT_TYPE, ...signSlackRequest(SECRET, body) },
      body,
    }),
  ).finally(() => {
    settled = true;
  });
  return { response, settled: () => settled };
}

describe('the Slack receiver when a listener does not acknowledge in time', () => {
  afterEach(() => vi.useRealTimers());

  it('answers a button click with an empty 200 after 2.5 s, so Slack shows no error', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const click = post(stalledReceiver(), { type: 'block_actions', actions: [] });
    await vi.advanceTimersByTimeAsync(2_600);
    expect(click.settled()).toBe(true);
    expect((await click.response).status).toBe(200);
  });

  it('leaves a form submission unanswered past Slack’s 3 s: the modal stays open, nothing claims it saved', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const submission = post(stalledReceiver(), { type: 'view_submission', view: { id: 'V1' } });
    await vi.advanceTimersByTimeAsync(3_500);
    // An empty 200 here would close the modal as if the answer were stored.
    expect(submission.settled()).toBe(false);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(submission.settled()).toBe(true);
  });
});
