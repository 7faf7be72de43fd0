/**
 * How the identity-number tests act in Teams (see test/e2e/identity-numbers-teams.test.ts): activities
 * to /api/messages as Teams sends them (Action.Execute invokes, dialogs, 1:1 and channel messages,
 * message actions), and the checks that the person was refused where only they see it (and, for a
 * command, that no form card or dialog came with the number in it).
 */
import { expect } from 'vitest';
import { SUBMIT_VERB } from '../../adapters/teams/inline-form.ts';
import type { FakeConnectorActivity, WireJson } from './fake-connector.ts';
import { COMMAND_REFUSAL, REFUSAL, THREAD_REFUSAL } from './identity-numbers.ts';
import { until } from './slack-harness.ts';
import { holds } from './table-scan.ts';
import {
  postActivity,
  teamsInvokeAdaptiveCardAction,
  teamsMessage,
  teamsMessageAction,
  teamsTaskFetch,
  teamsTaskSubmit,
} from './teams-activities.ts';
import { CHANNEL, TENANT } from './teams-commitment-setup.ts';
import type { TeamsRefleks } from './teams-harness.ts';

/** What Refleks sent, as text to search: the plain text and the cards. */
export const textOf = (a: FakeConnectorActivity) => `${a.text ?? ''}\n${JSON.stringify(a.attachments ?? [])}`;

/** The submit button's data (form id, context, spec) and the inputs' values of a form card. */
export const formOf = (card: WireJson) => ({
  submit: (card?.actions?.[0]?.data ?? {}) as Record<string, unknown>,
  value: (id: string): string => card?.body?.find((e: { id?: string }) => e.id === id)?.value ?? '',
});

/** The inline form card among `sent` (its submit is an Action.Execute with the submit verb). */
export const inlineFormIn = (sent: FakeConnectorActivity[]) =>
  sent.find((a) => a.attachments?.[0]?.content?.actions?.[0]?.verb === SUBMIT_VERB);

/** The dialog stays open (task continue) with the refusal shown. */
export function dialogRefused(answer: WireJson) {
  expect.soft(answer?.task?.type, 'the dialog stays open').toBe('continue');
  expect
    .soft(JSON.stringify(answer?.task?.value?.card ?? null), 'the refusal in the dialog')
    .toMatch(REFUSAL);
}

/** The card answered to an Action.Execute shows the refusal (to that person only). */
export function cardRefused(answer: WireJson) {
  expect.soft(JSON.stringify(answer?.value ?? null), 'the refusal on the card').toMatch(REFUSAL);
}

/** `t()`: the running Refleks; `promptId()`: the week's prompt, whose card is clicked and replied to. */
export function teamsDriver(t: () => TeamsRefleks, promptId: () => string) {
  const from = (aad: string, conversationId = CHANNEL) => ({
    serviceUrl: t().connector.serviceUrl,
    tenantId: TENANT,
    conversationId,
    fromAadObjectId: aad,
  });
  /** POSTs an activity to /api/messages; the invoke answer (or nothing, for a message). */
  async function post(activity: unknown): Promise<WireJson> {
    const res = await postActivity(t().running.url!, activity);
    expect(res.status).toBe(200);
    const raw = await res.text();
    return raw ? JSON.parse(raw) : undefined;
  }
  /** An Action.Execute click (adaptiveCard/action) on a card in `conversationId`. */
  const execute = (aad: string, verb: string, data: object, conversationId = CHANNEL, replyToId?: string) =>
    post(
      teamsInvokeAdaptiveCardAction({
        ...from(aad, conversationId),
        replyToId: replyToId ?? promptId(),
        verb,
        data: { ...data },
      }),
    );
  const inChannel = (aad: string) => ({ ...from(aad), replyToId: promptId() });

  return {
    from,
    post,
    execute,
    /** A dialog opened from a button on the prompt (task/fetch): its form card. */
    dialog: async (aad: string, verb: string, value: string) =>
      (
        await post(
          teamsTaskFetch({ ...inChannel(aad), data: { msteams: { type: 'task/fetch' }, verb, value } }),
        )
      )?.task?.value?.card?.content,
    /** A dialog submitted (task/submit); the invoke answer. */
    submitDialog: (aad: string, data: object) =>
      post(teamsTaskSubmit({ ...inChannel(aad), data: { ...data } })),

    /** A message typed to the bot in the person's 1:1 chat; what the bot sent back there. */
    async personal(aad: string, words: string) {
      const chat = t().connector.personalConversationId(aad);
      const before = t().connector.activities(chat).length;
      await post(teamsMessage({ ...from(aad, chat), text: words }));
      return { chat, sent: t().connector.activities(chat).slice(before) };
    },

    /**
     * A command typed in the 1:1 chat, or with an @mention in the channel: refused in the person's 1:1
     * chat (never in the channel), and no form card anywhere.
     */
    async commandRefused(aad: string, words: string, where: 'personal' | 'channel') {
      const { connector } = t();
      const chat = connector.personalConversationId(aad);
      const [privately, shared] = [connector.activities(chat).length, connector.activities(CHANNEL).length];
      const conversationId = where === 'personal' ? chat : CHANNEL;
      await post(
        teamsMessage({ ...from(aad, conversationId), text: words, mentionBot: where === 'channel' }),
      );
      const notice = await until('the private refusal of the command', () =>
        connector
          .activities(chat)
          .slice(privately)
          .find((a) => textOf(a).includes(COMMAND_REFUSAL)),
      ).catch(() => undefined);
      const verb = words.split(' ')[0];
      expect.soft(notice, `the refusal of "${verb} …" in a 1:1 chat with its author`).toBeDefined();
      const sent = [
        ...connector.activities(chat).slice(privately),
        ...connector.activities(CHANNEL).slice(shared),
      ];
      expect.soft(inlineFormIn(sent), 'a form card').toBeUndefined();
      expect.soft(sent.filter((a) => holds(textOf(a))).map(textOf), 'repeated').toEqual([]);
      const inChannel = connector.activities(CHANNEL).slice(shared).map(textOf);
      expect.soft(inChannel, 'posted in the channel').toEqual([]);
    },

    /** "Make this a commitment" on a message with these words: refused in the fetch, no dialog opened. */
    async messageActionRefused(aad: string, words: string) {
      const action = { ...from(aad), commandId: 'makeCommitment' };
      const fetched = await post(
        teamsMessageAction({ ...action, messageHtml: `<p>${words}</p>` }, 'composeExtension/fetchTask'),
      );
      expect.soft(fetched, 'a message, not a dialog with a form').toEqual({
        task: { type: 'message', value: COMMAND_REFUSAL },
      });
    },

    /** A reply in the prompt's reply chain; the refusal comes in the 1:1 chat, never into the channel. */
    async replyRefusedPrivately(aad: string, words: string) {
      const { connector } = t();
      const chat = connector.personalConversationId(aad);
      const [privately, shared] = [connector.activities(chat).length, connector.activities(CHANNEL).length];
      const thread = `${CHANNEL};messageid=${promptId()}`;
      await post(teamsMessage({ ...from(aad, thread), replyToId: promptId(), text: words }));
      const notice = await until('a private refusal', () =>
        connector
          .activities(chat)
          .slice(privately)
          .find((a) => textOf(a).includes(THREAD_REFUSAL)),
      ).catch(() => undefined);
      expect.soft(notice, 'the refusal in a 1:1 chat with the author').toBeDefined();
      // activities(CHANNEL) holds the channel and every reply chain in it, the prompt's among them.
      const inChannel = connector.activities(CHANNEL).slice(shared).map(textOf);
      expect.soft(inChannel, 'posted in the channel or its reply chain').toEqual([]);
    },
  };
}
