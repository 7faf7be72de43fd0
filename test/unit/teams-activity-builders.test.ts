import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeConnector, startFakeConnector } from '../support/fake-connector.ts';
import {
  postActivity,
  teamsConversationUpdateBotAdded,
  teamsInvokeAdaptiveCardAction,
  teamsMessage,
  teamsTaskFetch,
  teamsTaskSubmit,
  teamsUserId,
} from '../support/teams-activities.ts';

import { BOT, CHANNEL, KARI, KARI_AAD, newAdapter, TEAM, TENANT } from '../support/teams-test-setup.ts';

describe('Teams activity builders, posted to a bot on the real CloudAdapter', () => {
  let fake: FakeConnector;
  let server: Server;
  let baseUrl: string;
  const turns: TurnContext['activity'][] = [];

  beforeAll(async () => {
    fake = await startFakeConnector();
    const adapter = newAdapter();
    const logic = async (context: TurnContext) => {
      const a = context.activity;
      turns.push(a);
      if (a.type === ActivityTypes.Message) await context.sendActivity(`Du skrev: ${a.text}`);
      if (a.type === ActivityTypes.Invoke) {
        const body =
          a.name === 'adaptiveCard/action'
            ? { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Takk!' }
            : { task: { type: 'message', value: `${a.name} ${JSON.stringify(a.value.data)}` } };
        await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
      }
    };
    // A minimal express-like shim: CloudAdapter.process wants a parsed body and status/header/send/end.
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const request = {
          method: req.method,
          headers: req.headers as Record<string, string>,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
        };
        const response = {
          socket: req.socket,
          status: (code: number) => {
            res.statusCode = code;
          },
          header: (name: string, value: unknown) => res.setHeader(name, String(value)),
          send: (body: unknown) => {
            if (typeof body === 'object') res.setHeader('content-type', 'application/json');
            res.write(typeof body === 'object' ? JSON.stringify(body) : String(body));
          },
          end: () => res.end(),
        };
        adapter.process(request, response, logic).catch((err: unknown) => {
          res.statusCode = 500;
          res.end(String(err));
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await fake.close();
  });

  it('builds a bot-added conversationUpdate that the adapter accepts without an Authorization header', async () => {
    const activity = teamsConversationUpdateBotAdded({
      serviceUrl: fake.serviceUrl,
      tenantId: TENANT,
      teamId: TEAM,
      teamName: 'Trinn 5',
      channelId: CHANNEL,
      botId: BOT,
      fromAadObjectId: KARI_AAD,
    });
    const res = await postActivity(baseUrl, activity);
    expect(res.status).toBe(200);
    expect(turns.at(-1)).toMatchObject({
      type: 'conversationUpdate',
      channelId: 'msteams',
      serviceUrl: fake.serviceUrl,
      membersAdded: [{ id: BOT }],
      recipient: { id: BOT },
      from: { id: teamsUserId(KARI_AAD), aadObjectId: KARI_AAD },
      conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true, tenantId: TENANT },
      channelData: {
        tenant: { id: TENANT },
        team: { id: TEAM, name: 'Trinn 5' },
        channel: { id: CHANNEL },
        eventType: 'teamMemberAdded',
      },
    });
  });

  it('builds a thread message whose reply goes to the fake connector', async () => {
    const thread = `${CHANNEL};messageid=1700000000999`;
    const activity = teamsMessage({
      serviceUrl: fake.serviceUrl,
      tenantId: TENANT,
      conversationId: thread,
      fromId: KARI,
      fromAadObjectId: KARI_AAD,
      text: 'Vi prøvde exit tickets',
      id: '1700000001000',
    });
    expect((await postActivity(baseUrl, activity)).status).toBe(200);
    expect(turns.at(-1)).toMatchObject({
      type: 'message',
      text: 'Vi prøvde exit tickets',
      channelData: { tenant: { id: TENANT }, channel: { id: CHANNEL } },
    });
    expect(fake.calls.at(-1)).toMatchObject({
      method: 'POST',
      path: '/v3/conversations/19%3Ac0ffee%40thread.tacv2%3Bmessageid%3D1700000000999/activities/1700000001000',
      conversationId: thread,
      activityId: '1700000001000',
      authorization: null,
      body: { type: 'message', text: 'Du skrev: Vi prøvde exit tickets', replyToId: '1700000001000' },
    });
  });

  it('builds Action.Execute and dialog invokes whose answers come back in the HTTP response', async () => {
    const common = {
      serviceUrl: fake.serviceUrl,
      tenantId: TENANT,
      conversationId: 'a:1kari-chat',
      fromId: KARI,
      fromAadObjectId: KARI_AAD,
    };
    const action = teamsInvokeAdaptiveCardAction({
      ...common,
      replyToId: '1700000000001',
      verb: 'commitment.done',
      data: { commitmentId: 'c1' },
    });
    const res = await postActivity(baseUrl, action);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'Takk!',
    });
    expect(turns.at(-1)).toMatchObject({
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId: '1700000000001',
      conversation: { id: 'a:1kari-chat', conversationType: 'personal', tenantId: TENANT },
      value: { action: { type: 'Action.Execute', verb: 'commitment.done', data: { commitmentId: 'c1' } } },
    });
    expect((turns.at(-1)!.value as { trigger: string }).trigger).toBe('manual');

    const fetched = await postActivity(baseUrl, teamsTaskFetch({ ...common, data: { dialog: 'reflect' } }));
    expect(await fetched.json()).toEqual({
      task: { type: 'message', value: 'task/fetch {"dialog":"reflect"}' },
    });
    const submitted = await postActivity(baseUrl, teamsTaskSubmit({ ...common, data: { answer: 'ja' } }));
    expect(await submitted.json()).toEqual({
      task: { type: 'message', value: 'task/submit {"answer":"ja"}' },
    });
    expect(turns.at(-1)).toMatchObject({
      type: 'invoke',
      name: 'task/submit',
      value: { data: { answer: 'ja' } },
    });
  });
});
