/**
 * How the identity-number tests act in Slack (see test/e2e/identity-numbers-slack.test.ts): clicks,
 * slash commands, the message shortcut, modal submissions and thread messages as signed requests, and
 * the checks that the person was refused where only they see it (and, for a command, that no modal
 * opened with the number in it).
 */
import { expect } from 'vitest';
import { COMMAND_REFUSAL, REFUSAL, THREAD_REFUSAL } from './identity-numbers.ts';
import { SLACK_CHANNEL as CHANNEL, type SlackRefleks, SLACK_TEAM as TEAM, until } from './slack-harness.ts';
import {
  blockActionPayload,
  slackEventBody,
  slackInteractionBody,
  viewSubmissionPayload,
} from './slack-requests.ts';
import { holds } from './table-scan.ts';

export type Modal = {
  callback_id: string;
  private_metadata: string;
  blocks: { block_id: string; element: { initial_value?: string } }[];
};

/** A text input's state, as Slack sends it back in a view submission. */
export const text = (value: string) => ({ type: 'plain_text_input', value });

/** `s()`: the running Refleks; `promptTs()`: the week's prompt, where buttons are clicked and replies go. */
export function slackDriver(s: () => SlackRefleks, promptTs: () => string) {
  let seq = 0;
  const next = (what: string) => `${what}-${++seq}`;

  /** The modal Refleks opened with this trigger id. */
  async function modalFor(trigger: string): Promise<Modal> {
    const call = await until(`views.open for ${trigger}`, () =>
      s()
        .fake.callsTo('views.open')
        .find((c) => c.args.trigger_id === trigger),
    );
    return call.args.view as Modal;
  }

  /** No modal was opened for this trigger (a refused command opens none); waits a moment to be sure. */
  async function noModalFor(trigger: string) {
    await new Promise((r) => setTimeout(r, 100));
    const opened = s()
      .fake.callsTo('views.open')
      .filter((c) => c.args.trigger_id === trigger);
    expect
      .soft(
        opened.map((c) => JSON.stringify(c.args.view)),
        'a modal opened',
      )
      .toEqual([]);
  }

  return {
    modalFor,
    /** A unique Slack message ts. */
    nextTs: () => `1700001${String(++seq).padStart(3, '0')}.000100`,

    /** A person clicks one of Refleks' buttons (on the prompt); the modal it opens. */
    async click(userId: string, actionId: string, value: string) {
      const triggerId = next('trig');
      const [channelId, messageTs] = [CHANNEL, promptTs()];
      const click = { teamId: TEAM, userId, channelId, messageTs, actionId, value, triggerId };
      await s().interaction(blockActionPayload(click));
      return modalFor(triggerId);
    },

    /** `/refleks <words>` in the team's channel; the modal it opens. */
    async commandModal(userId: string, words: string) {
      const trigger = next('trig');
      expect((await s().command(userId, words, CHANNEL, trigger)).status).toBe(200);
      return modalFor(trigger);
    },

    /** `/refleks <words>` in the team's channel, refused in the ack (ephemeral) and no modal opened. */
    async commandRefused(userId: string, words: string) {
      const trigger = next('trig');
      const ack = await s().command(userId, words, CHANNEL, trigger);
      expect.soft(ack.status).toBe(200);
      const body = (ack.text ? JSON.parse(ack.text) : {}) as { response_type?: string; text?: string };
      const verb = words.split(' ')[0];
      expect.soft(body, `the ack to "/refleks ${verb} …"`).toEqual({
        response_type: 'ephemeral',
        text: COMMAND_REFUSAL,
      });
      expect.soft(holds(ack.text), 'the ack repeats the number').toBe(false);
      await noModalFor(trigger);
    },

    /** "Make this a commitment" on a message of Kari's with these words, by `userId`: refused privately. */
    async shortcutRefused(userId: string, words: string) {
      const trigger = next('trig');
      const before = s().fake.callsTo('chat.postEphemeral').length;
      const ts = `1700002${String(++seq).padStart(3, '0')}.000100`;
      const res = await s().send(
        slackInteractionBody({
          type: 'message_action',
          callback_id: 'refleks.make_commitment',
          trigger_id: trigger,
          team: { id: TEAM, domain: 'sinsen' },
          user: { id: userId, name: userId.toLowerCase(), team_id: TEAM },
          channel: { id: CHANNEL, name: '5-trinn' },
          message: { type: 'message', user: 'UKARI', ts, text: words },
          message_ts: ts,
          response_url: 'http://127.0.0.1:9/response',
        }),
      );
      expect(res.status).toBe(200);
      const notice = await until('the ephemeral refusal of the shortcut', () =>
        s()
          .fake.callsTo('chat.postEphemeral')
          .slice(before)
          .find((c) => c.args.user === userId),
      ).catch(() => undefined);
      expect.soft(notice?.args.text, 'an ephemeral refusal to the one who used it').toBe(COMMAND_REFUSAL);
      expect.soft(notice?.args.channel, 'in the channel of the message').toBe(CHANNEL);
      await noModalFor(trigger);
    },

    /** Submits a modal with these inputs (by input id); the ack Slack gets. */
    submit(userId: string, modal: Modal, values: Record<string, unknown>) {
      const entries = Object.entries(values).map(([id, v]) => [id, { [id]: v }]);
      const view = {
        id: next('V'),
        callback_id: modal.callback_id,
        private_metadata: modal.private_metadata,
        state: { values: Object.fromEntries(entries) },
      };
      return s().interaction(viewSubmissionPayload({ teamId: TEAM, userId, view }));
    },

    /** The ack keeps the modal open with the refusal on `field`, and does not repeat the number. */
    refusedOn(field: string, ack: { status: number; text: string }) {
      expect.soft(ack.status).toBe(200);
      const body = (ack.text ? JSON.parse(ack.text) : {}) as {
        response_action?: string;
        errors?: Record<string, string>;
      };
      expect.soft(body.response_action, 'the ack keeps the modal open with errors').toBe('errors');
      expect.soft(body.errors?.[field] ?? '', `the refusal on "${field}"`).toMatch(REFUSAL);
      expect.soft(holds(ack.text), 'the ack repeats the number').toBe(false);
    },

    /** A message in the prompt's thread (or an edit of one); refused by an ephemeral to its author. */
    async inThread(userId: string, event: Record<string, unknown>) {
      const before = s().fake.callsTo('chat.postEphemeral').length;
      const body = slackEventBody({ teamId: TEAM, event: { type: 'message', channel: CHANNEL, ...event } });
      expect((await s().send(body)).status).toBe(200);
      const notice = await until('the ephemeral refusal', () =>
        s()
          .fake.callsTo('chat.postEphemeral')
          .slice(before)
          .find((c) => c.args.user === userId),
      ).catch(() => undefined);
      expect.soft(notice?.args.text, 'an ephemeral refusal to the author').toBe(THREAD_REFUSAL);
      expect.soft(notice?.args.channel, 'in the team’s channel').toBe(CHANNEL);
      expect.soft(notice?.args.thread_ts, 'shown in the prompt’s thread').toBe(promptTs());
    },
  };
}
