import fc from 'fast-check';
import { ACTIONS, FORMS } from '../../src/core/loop/ids.ts';
import { edgeString, hostileJson, hostileString, wrongTyped } from './fuzz-arbitraries.ts';
import {
  DEFAULT_BOT_ID,
  type TeamsActivityBaseOptions,
  teamsConversationUpdateBotAdded,
  teamsInvokeAdaptiveCardAction,
  teamsMessage,
  teamsMessageAction,
  teamsTaskFetch,
  teamsTaskSubmit,
} from './teams-activities.ts';

/** Generators and judgements for hostile Bot Framework activities (test/fuzz/teams-activities.test.ts). */

import { CHANNEL, TENANT } from './teams-commitment-setup.ts';

export const FUZZ_TENANT = TENANT;
export const FUZZ_CHANNEL = CHANNEL;
/**
 * The only address the bot may write back to is the fake connector: a missing or empty serviceUrl
 * would make botbuilder use https://api.botframework.com, and any other URL is somewhere else (a
 * closed local port is no better: botbuilder retries it for seconds). Text that is no URL stays.
 */
export function confinedTo(connectorUrl: string) {
  return (activity: unknown): unknown => {
    if (activity === null || typeof activity !== 'object' || Array.isArray(activity)) return activity;
    const a = activity as Record<string, unknown>;
    if (!a.serviceUrl) a.serviceUrl = connectorUrl;
    if (typeof a.serviceUrl === 'string' && a.serviceUrl !== connectorUrl) {
      let host: string | null = null;
      try {
        host = new URL(a.serviceUrl).hostname;
      } catch {}
      if (host) a.serviceUrl = connectorUrl;
    }
    return a;
  };
}

/** Well-formed activities of every kind Refleks handles, from a known person and a stranger. */
export function teamsBaseActivities(serviceUrl: string): Record<string, unknown>[] {
  const base = (fromAadObjectId: string, conversationId = FUZZ_CHANNEL): TeamsActivityBaseOptions => ({
    serviceUrl,
    tenantId: FUZZ_TENANT,
    conversationId,
    fromAadObjectId,
  });
  const kari = base('aad-kari');
  return [
    teamsMessage({ ...kari, text: 'status', mentionBot: true }),
    teamsMessage({
      ...base('aad-ola', `${FUZZ_CHANNEL};messageid=1700000000000`),
      text: 'svar',
      replyToId: '1',
    }),
    teamsMessage({ ...base('aad-stranger', 'a:1personal'), text: 'hjelp' }),
    teamsInvokeAdaptiveCardAction({ ...kari, replyToId: '1', verb: ACTIONS.answer, data: { value: 'x' } }),
    teamsInvokeAdaptiveCardAction({
      ...kari,
      replyToId: '1',
      verb: 'refleks.submit',
      data: { formId: FORMS.answer },
    }),
    teamsTaskFetch({ ...kari, data: { verb: ACTIONS.newCommitment, value: 'x' } }),
    teamsTaskSubmit({
      ...kari,
      data: { formId: FORMS.commitment, privateMetadata: '{"cycleId":"x"}', what: 'y' },
    }),
    teamsMessageAction(
      { ...kari, commandId: 'makeCommitment', messageHtml: '<p>Prøv <b>exit</b> tickets</p>' },
      'composeExtension/fetchTask',
    ),
    teamsMessageAction(
      { ...kari, commandId: 'makeCommitment', data: { formId: FORMS.commitment } },
      'composeExtension/submitAction',
    ),
    teamsConversationUpdateBotAdded({
      serviceUrl,
      tenantId: FUZZ_TENANT,
      teamId: '19:other@thread.tacv2',
      channelId: '19:other@thread.tacv2',
      botId: DEFAULT_BOT_ID,
      fromAadObjectId: 'aad-kari',
    }),
    { ...teamsMessage({ ...kari, text: '' }), type: 'messageReaction', reactionsAdded: [{ type: 'like' }] },
    { ...teamsMessage({ ...kari, text: '' }), type: 'typing' },
  ] as unknown as Record<string, unknown>[];
}

const WRITING_VERBS = /^(language|språk|sprak|pause|resume|fortsett|gjenoppta|programme|program)$/i;

/**
 * The tables a well-formed activity may legitimately write. Installing the bot (conversationUpdate,
 * installationUpdate) and a known person's command that changes a setting may write anything; any
 * other message with text may remember a conversation (teams_conversations): a personal chat's
 * reference, or the 1:1 chat a notice in a channel is sent to. Nothing else may change anything.
 */
export function teamsAllowedWrites(activity: unknown): 'any' | string[] {
  if (activity === null || typeof activity !== 'object') return [];
  const a = activity as { type?: unknown; text?: unknown };
  if (a.type === 'conversationUpdate' || a.type === 'installationUpdate') return 'any';
  if (a.type !== 'message' || !a.text) return [];
  const text = typeof a.text === 'string' ? a.text.replace(/<at>[^<]*<\/at>/g, ' ') : '';
  return WRITING_VERBS.test(text.trim().split(/\s+/)[0] ?? '') ? 'any' : ['teams_conversations'];
}

const partial = <T extends Record<string, fc.Arbitrary<unknown>>>(fields: T) =>
  fc.record(fields, { requiredKeys: [] });

/** Invoke values of the shapes the handlers read, with wrong types inside, and any JSON. */
const invokeValue = fc.oneof(
  hostileJson,
  partial({
    action: partial({
      verb: fc.oneof(fc.constantFrom(...Object.values(ACTIONS), 'refleks.submit'), wrongTyped),
      data: hostileJson,
    }),
  }),
  partial({
    data: fc.oneof(
      hostileJson,
      fc.record({
        verb: wrongTyped,
        value: wrongTyped,
        formId: fc.oneof(fc.constantFrom(...Object.values(FORMS)), wrongTyped),
        privateMetadata: wrongTyped,
      }),
    ),
  }),
  partial({
    commandId: wrongTyped,
    messagePayload: fc.record({
      body: fc.record({
        content: fc.oneof(hostileString, wrongTyped),
        contentType: fc.constantFrom('html', 'text'),
      }),
    }),
  }),
);

const INVOKE_NAMES = [
  'adaptiveCard/action',
  'task/fetch',
  'task/submit',
  'composeExtension/fetchTask',
  'composeExtension/submitAction',
  'signin/verifyState',
];

/** A base activity with some of type, name, value, text, from, conversation, channelData replaced. */
export function activityWithRandomFields(bases: Record<string, unknown>[]) {
  return fc
    .record({
      base: fc.constantFrom(...bases),
      type: fc.oneof(
        fc.constantFrom('message', 'invoke', 'conversationUpdate', 'installationUpdate', 'event'),
        wrongTyped,
      ),
      name: fc.oneof(fc.constantFrom(...INVOKE_NAMES), wrongTyped),
      value: invokeValue,
      text: fc.oneof(hostileString, wrongTyped),
      from: fc.oneof(
        wrongTyped,
        partial({
          id: fc.oneof(edgeString(), wrongTyped),
          aadObjectId: fc.oneof(fc.constantFrom('aad-kari', 'aad-ola'), edgeString(), wrongTyped),
          name: hostileString,
        }),
      ),
      conversation: fc.oneof(
        wrongTyped,
        partial({
          id: fc.oneof(
            fc.constantFrom(FUZZ_CHANNEL, `${FUZZ_CHANNEL};messageid=1`),
            hostileString,
            wrongTyped,
          ),
          conversationType: fc.oneof(fc.constantFrom('personal', 'channel', 'groupChat'), wrongTyped),
          tenantId: fc.oneof(fc.constant(FUZZ_TENANT), wrongTyped),
        }),
      ),
      channelData: fc.oneof(
        wrongTyped,
        partial({
          tenant: fc.oneof(wrongTyped, fc.record({ id: wrongTyped })),
          channel: wrongTyped,
          team: wrongTyped,
        }),
      ),
      keep: fc.subarray(['type', 'name', 'value', 'text', 'from', 'conversation', 'channelData'] as const),
    })
    .map(({ base, keep, ...fields }) => {
      const a: Record<string, unknown> = { ...base };
      for (const [key, value] of Object.entries(fields)) if (!keep.includes(key as never)) a[key] = value;
      return a;
    });
}
