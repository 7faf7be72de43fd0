import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTick } from '../../src/app/cycles/tick.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { until } from '../support/slack-harness.ts';
import {
  DEFAULT_BOT_ID,
  postActivity,
  teamsConversationUpdateBotAdded,
  teamsMessage,
} from '../support/teams-activities.ts';
import { startTeamsRefleks, type TeamsRefleks } from '../support/teams-harness.ts';

const TENANT = '11111111-2222-3333-4444-555555555555';
const CHANNEL = '19:5trinn@thread.tacv2';
const ORG = `
owner: { key: oslo, name: Oslo kommune }
schools:
  - { key: sinsen, name: Sinsen skole, locale: nn }
teams:
  - key: sinsen-5trinn
    school: sinsen
    name: 5. trinn
    programme: elevene-vare
    schedule: { weekday: thursday, time: "14:00" }
    teams: { conversation_id: "${CHANNEL}", tenant_id: ${TENANT} }
people:
  - { email: ola@sinsen.example, name: Ola Hansen, locale: nn, teams: { aad_object_id: aad-ola, tenant_id: ${TENANT} }, roles: [{ role: member, team: sinsen-5trinn }] }
`;

/** What is for one person in Teams, from the outside (fake connector, auth off). */
describe('private messages in Microsoft Teams', () => {
  let t: TeamsRefleks;
  const clock = new ManualClock('2026-11-23T08:00:00Z');
  const prompt = () =>
    t.connector.activities(CHANNEL).find((a) => a.conversationId === CHANNEL && a.attachments?.length);

  beforeAll(async () => {
    t = await startTeamsRefleks({ clock, org: ORG });
    // Added to the team: from here on Refleks knows where to open 1:1 chats in this tenant.
    const added = await postActivity(
      t.running.url!,
      teamsConversationUpdateBotAdded({
        serviceUrl: t.connector.serviceUrl,
        tenantId: TENANT,
        teamId: CHANNEL,
        channelId: CHANNEL,
        botId: DEFAULT_BOT_ID,
        fromAadObjectId: 'aad-ola',
      }),
    );
    expect(added.status).toBe(200);
  });
  afterAll(() => t?.stop());

  it('sends the card to a private chat, in nynorsk, with a download link to the running server', async () => {
    const said = await postActivity(
      t.running.url!,
      teamsMessage({
        serviceUrl: t.connector.serviceUrl,
        tenantId: TENANT,
        conversationId: CHANNEL,
        fromAadObjectId: 'aad-ola',
        text: 'my-data',
        mentionBot: true,
      }),
    );
    expect(said.status).toBe(200);
    const chat = await until('a 1:1 chat', () =>
      t.connector.createdConversations().find((c) => JSON.stringify(c.parameters).includes('aad-ola')),
    );
    const card = JSON.stringify(t.connector.activities(chat.id)[0]?.attachments ?? []);
    expect(card).toContain('Dine data i Refleks');
    expect(card).toContain('Action.OpenUrl');
    // Never into the team's channel.
    const channel = JSON.stringify(t.connector.activities(CHANNEL));
    expect(channel).not.toContain('Dine data i Refleks');
    const url = /"url":"([^"]+\/my-data\/[^"]+)"/.exec(card)?.[1];
    const res = await fetch(url!);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { person: { email: string } }).person.email).toBe('ola@sinsen.example');
  });

  it('says a refused reply in the thread when no 1:1 chat can be opened, without the number', async () => {
    clock.set('2026-11-26T13:00:00Z');
    await runTick(t.running.deps);
    const root = (await until('the prompt', prompt)).id;
    // Teams refuses to open the 1:1 chat (the app is not installed for the person, say).
    t.connector.failNext({ method: 'POST', pathIncludes: '/v3/conversations' }, { status: 403 });
    const reply = await postActivity(
      t.running.url!,
      teamsMessage({
        serviceUrl: t.connector.serviceUrl,
        tenantId: TENANT,
        conversationId: `${CHANNEL};messageid=${root}`,
        replyToId: root,
        fromAadObjectId: 'aad-ola',
        text: 'Eleven 01819010001 trenger mer tid',
        id: '1700000000099',
      }),
    );
    expect(reply.status).toBe(200);
    const said = await until('the refusal in the thread', () =>
      t.connector
        .activities(CHANNEL)
        .find((a) => typeof a.text === 'string' && a.text.includes('vart ikkje lagra')),
    );
    expect(said.conversationId).toBe(`${CHANNEL};messageid=${root}`);
    expect(JSON.stringify(t.connector.calls)).not.toContain('01819010001');
  });
});
