import { type CloudAdapter, type ConversationParameters, TeamsInfo, type TurnContext } from 'botbuilder';
// Type only: botbuilder does not re-export the ConnectorClient type (botframework-connector comes with it).
import type { ConnectorClient } from 'botframework-connector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeConnector, startFakeConnector } from '../support/fake-connector.ts';

import {
  BOT,
  CHANNEL,
  card,
  channelReference,
  KARI,
  KARI_AAD,
  newAdapter,
  TEAM,
  TENANT,
} from '../support/teams-test-setup.ts';

describe('fake Bot Framework connector, driven by the real CloudAdapter', () => {
  let fake: FakeConnector;
  let adapter: CloudAdapter;

  beforeAll(async () => {
    fake = await startFakeConnector({
      members: { [KARI]: { name: 'Kari Nordmann', aadObjectId: KARI_AAD, email: 'kari@skole.no' } },
    });
    adapter = newAdapter();
  });
  afterAll(() => fake.close());

  it('accepts a plain http serviceUrl on 127.0.0.1 and sends no Authorization header', () => {
    expect(fake.serviceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('records a proactive post and its update in the connector wire format', async () => {
    let continuationId = '';
    let sentId = '';
    await adapter.continueConversationAsync('', channelReference(fake), async (context) => {
      continuationId = context.activity.id!;
      const sent = await context.sendActivity({
        type: 'message',
        text: 'Ukens refleksjon',
        attachments: [card],
      });
      sentId = sent!.id;
      await context.updateActivity({ id: sentId, type: 'message', text: 'Ukens refleksjon (lukket)' });
    });

    expect(sentId).toMatch(/^\d+$/);
    const [post, put] = fake.calls.slice(-2);
    // A proactive turn's outgoing activities carry replyToId = the continuation activity's random id, so the
    // SDK uses the *reply* route; the conversation id is URL-encoded in the path.
    expect(post).toMatchObject({
      method: 'POST',
      path: `/v3/conversations/19%3Ac0ffee%40thread.tacv2/activities/${continuationId}`,
      conversationId: CHANNEL,
      activityId: continuationId,
      authorization: null,
      body: {
        type: 'message',
        text: 'Ukens refleksjon',
        attachments: [card],
        channelId: 'msteams',
        serviceUrl: fake.serviceUrl,
        from: { id: BOT, name: 'Refleks' },
        conversation: { id: CHANNEL, conversationType: 'channel', tenantId: TENANT },
        replyToId: continuationId,
      },
    });
    expect(post!.body.id).toBeUndefined();
    expect(put).toMatchObject({
      method: 'PUT',
      path: `/v3/conversations/19%3Ac0ffee%40thread.tacv2/activities/${sentId}`,
      conversationId: CHANNEL,
      activityId: sentId,
      authorization: null,
      body: { type: 'message', id: sentId, text: 'Ukens refleksjon (lukket)', conversation: { id: CHANNEL } },
    });
    expect(fake.activities(CHANNEL)).toEqual([
      {
        id: sentId,
        conversationId: CHANNEL,
        replyToId: continuationId,
        type: 'message',
        text: 'Ukens refleksjon (lukket)',
        updated: true,
        activity: put!.body,
      },
    ]);
  });

  it('posts to a channel thread through a `;messageid=` conversation id', async () => {
    const root = fake.activities(CHANNEL)[0]!.id;
    const thread = `${CHANNEL};messageid=${root}`;
    const connector = await new Promise<ConnectorClient>((resolve, reject) => {
      adapter
        .continueConversationAsync('', channelReference(fake, thread), async (context) => {
          resolve(context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey));
        })
        .catch(reject);
    });
    const sent = await connector.conversations.sendToConversation(thread, {
      type: 'message',
      text: 'Svar i tråden',
    });
    expect(fake.calls.at(-1)).toMatchObject({
      method: 'POST',
      path: `/v3/conversations/19%3Ac0ffee%40thread.tacv2%3Bmessageid%3D${root}/activities`,
      conversationId: thread,
    });
    expect(fake.activities(thread)).toEqual([
      expect.objectContaining({ id: sent.id, conversationId: thread, text: 'Svar i tråden', updated: false }),
    ]);
    // The channel's view includes its threads.
    expect(fake.activities(CHANNEL).map((a) => a.id)).toEqual([root, sent.id]);
    await expect(
      connector.conversations.updateActivity(thread, '1', { type: 'message' }),
    ).rejects.toMatchObject({
      statusCode: 404,
      code: 'ActivityNotFound',
    });
  });

  it('creates a stable 1:1 conversation per member and posts into it', async () => {
    const created: string[] = [];
    const parameters: ConversationParameters = {
      isGroup: false,
      bot: { id: BOT, name: 'Refleks' },
      members: [{ id: KARI, name: 'Kari Nordmann' }],
      tenantId: TENANT,
      channelData: { tenant: { id: TENANT } },
    };
    await adapter.createConversationAsync('', 'msteams', fake.serviceUrl, '', parameters, async (context) => {
      created.push(context.activity.conversation.id);
      await context.sendActivity('Hei Kari');
    });
    // By AAD object id the same chat comes back.
    const byAad = { ...parameters, members: [{ id: KARI_AAD, name: '' }] };
    await adapter.createConversationAsync('', 'msteams', fake.serviceUrl, '', byAad, async (context) => {
      created.push(context.activity.conversation.id);
    });

    expect(created[0]).toMatch(/^a:1[\w-]+$/);
    expect(created[1]).toBe(created[0]);
    expect(fake.personalConversationId(KARI)).toBe(created[0]);
    const creates = fake.calls.filter((c) => c.method === 'POST' && c.path === '/v3/conversations');
    expect(creates.at(-2)).toMatchObject({ authorization: null, body: parameters });
    expect(fake.createdConversations().slice(-2)).toEqual([
      { id: created[0], parameters },
      { id: created[0], parameters: byAad },
    ]);
    // The SDK's synthetic CreateConversation activity has id = the new conversation id, so a sendActivity in
    // that turn takes the reply route with the conversation id as {activityId}.
    const chat = encodeURIComponent(created[0]!);
    const post = fake.calls.find((c) => c.method === 'POST' && c.conversationId === created[0]);
    expect(post).toMatchObject({
      path: `/v3/conversations/${chat}/activities/${chat}`,
      activityId: created[0],
      body: { type: 'message', text: 'Hei Kari', conversation: { id: created[0], tenantId: TENANT } },
    });
    expect(fake.activities(created[0])).toEqual([
      expect.objectContaining({ conversationId: created[0], replyToId: created[0], text: 'Hei Kari' }),
    ]);
  });

  it('starts a channel thread with an activity and answers { id: "<channel>;messageid=…", activityId }', async () => {
    const connector = await connectorFor(adapter, fake);
    const result = await connector.conversations.createConversation({
      isGroup: true,
      channelData: { channel: { id: CHANNEL } },
      activity: { type: 'message', text: 'Ny tråd' },
    } as ConversationParameters);
    expect(result.id).toBe(`${CHANNEL};messageid=${result.activityId}`);
    expect(fake.activities(CHANNEL).at(-1)).toMatchObject({ id: result.activityId, text: 'Ny tråd' });
  });

  it('answers members as TeamsChannelAccounts, by Teams id or AAD id', async () => {
    await adapter.continueConversationAsync('', channelReference(fake), async (context: TurnContext) => {
      const expected = {
        id: KARI,
        name: 'Kari Nordmann',
        aadObjectId: KARI_AAD,
        email: 'kari@skole.no',
        userPrincipalName: 'kari@skole.no',
        givenName: 'Kari',
        surname: 'Nordmann',
        userRole: 'user',
      };
      expect(await TeamsInfo.getMember(context, KARI_AAD)).toMatchObject(expected);
      expect(await TeamsInfo.getMember(context, KARI)).toMatchObject(expected);
      expect(await TeamsInfo.getMembers(context)).toEqual([expect.objectContaining({ id: KARI })]);
      expect(await TeamsInfo.getPagedMembers(context, 10)).toMatchObject({ members: [{ id: KARI }] });
      await expect(TeamsInfo.getMember(context, 'aad-nobody')).rejects.toMatchObject({
        statusCode: 404,
        code: 'MemberNotFoundInConversation',
      });
    });
    expect(fake.calls.find((c) => c.method === 'GET')).toMatchObject({
      path: `/v3/conversations/19%3Ac0ffee%40thread.tacv2/members/${KARI_AAD}`,
      conversationId: CHANNEL,
      memberId: KARI_AAD,
      authorization: null,
    });
  });

  it('throttles: one 429 with Retry-After is retried by the SDK itself after the delay', async () => {
    const connector = await connectorFor(adapter, fake);
    fake.failNext({ method: 'POST', pathIncludes: '/activities' }, { status: 429, retryAfterSeconds: 1 });
    const before = fake.calls.length;
    const sent = await connector.conversations.sendToConversation(CHANNEL, {
      type: 'message',
      text: 'etter 429',
    });
    const attempts = fake.calls.slice(before);
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(900);
    expect(fake.activities(CHANNEL).filter((a) => a.text === 'etter 429')).toEqual([
      expect.objectContaining({ id: sent.id }),
    ]);
  });

  it('throttles: a 429 that persists past the SDK retries surfaces as statusCode 429, code Throttled', async () => {
    const connector = await connectorFor(adapter, fake);
    // The SDK's default pipeline retries a 429/503 carrying Retry-After 3 times (4 attempts in all).
    fake.failNext({ pathIncludes: CHANNEL }, { status: 429, retryAfterSeconds: 0 }, 4);
    const before = fake.calls.length;
    const error = await connector.conversations
      .sendToConversation(CHANNEL, { type: 'message', text: 'aldri' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'RestError', statusCode: 429, code: 'Throttled' });
    expect(fake.calls.length - before).toBe(4);
    expect(fake.activities(CHANNEL).some((a) => a.text === 'aldri')).toBe(false);

    // Without Retry-After a 429 is not retried at all.
    fake.failNext({ method: 'POST' }, { status: 429 });
    await expect(
      connector.conversations.sendToConversation(CHANNEL, { type: 'message', text: 'aldri' }),
    ).rejects.toMatchObject({ statusCode: 429 });
  });

  it('fails with 403 ConversationBlockedByUser once, without SDK retries', async () => {
    const connector = await connectorFor(adapter, fake);
    const chat = fake.personalConversationId(KARI);
    fake.failNext(
      { method: 'POST', pathIncludes: chat },
      {
        status: 403,
        code: 'ConversationBlockedByUser',
        message: 'User blocked the conversation with the bot.',
      },
    );
    const before = fake.calls.length;
    await expect(
      connector.conversations.sendToConversation(chat, { type: 'message', text: 'x' }),
    ).rejects.toMatchObject({
      statusCode: 403,
      code: 'ConversationBlockedByUser',
      message: 'User blocked the conversation with the bot.',
    });
    expect(fake.calls.length - before).toBe(1);
    // Only once: the next call goes through.
    await connector.conversations.sendToConversation(chat, { type: 'message', text: 'y' });
  });

  it('answers unknown routes with a 404 JSON error', async () => {
    const res = await fetch(`${fake.serviceUrl}v3/teams/${encodeURIComponent(TEAM)}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: 'NotFound', message: expect.stringContaining('v3/teams') },
    });
    expect(fake.calls.at(-1)).toMatchObject({
      method: 'GET',
      path: '/v3/teams/19%3Ateam0general%40thread.tacv2',
    });
  });
});

async function connectorFor(adapter: CloudAdapter, fake: FakeConnector): Promise<ConnectorClient> {
  let connector: ConnectorClient | undefined;
  await adapter.continueConversationAsync('', channelReference(fake), async (context) => {
    connector = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
  });
  return connector!;
}
