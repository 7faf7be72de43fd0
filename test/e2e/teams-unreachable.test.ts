import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCycleNow } from '../../src/app/cycles/open-cycle-now.ts';
import { runTick } from '../../src/app/cycles/tick.ts';
import { teamStatuses } from '../../src/app/status.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { cycles, outbox, people } from '../../src/db/schema/index.ts';
import type { Running } from '../../src/runtime/start.ts';
import type { FakeConnector } from '../support/fake-connector.ts';
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
  - { key: sinsen, name: Sinsen skole, locale: nb }
teams:
  - { key: sinsen-5trinn, school: sinsen, name: 5. trinn, programme: elevene-vare, schedule: { weekday: thursday, time: "14:00" }, teams: { conversation_id: "${CHANNEL}", tenant_id: ${TENANT} } }
people:
  - { email: ola@sinsen.example, name: Ola Hansen, teams: { aad_object_id: aad-ola, tenant_id: ${TENANT} }, roles: [{ role: member, team: sinsen-5trinn }] }
  - { email: nora@sinsen.example, name: Nora Berg, teams: { aad_object_id: aad-nora, tenant_id: ${TENANT} }, roles: [{ role: member, team: sinsen-5trinn }] }
`;

/** What the Bot Framework connector's 403s and 429s do to a running Refleks, seen from the outside. */
describe('Teams: 403 marks what is gone without retrying, 429 waits and loses nothing', () => {
  let connector: FakeConnector;
  let running: Running;
  let teamsRefleks: TeamsRefleks;
  const clock = new ManualClock('2026-11-23T08:00:00Z');
  const settled = (kind: string) => async () => {
    const rows = await running.deps.db.select().from(outbox).where(eq(outbox.kind, kind));
    return rows.length > 0 && rows.every((r) => r.status === 'sent' || r.status === 'failed') && rows;
  };
  const callsTo = (method: string, path: string) =>
    connector.calls.filter((c) => c.method === method && decodeURIComponent(c.path).includes(path));

  beforeAll(async () => {
    teamsRefleks = await startTeamsRefleks({ clock, org: ORG });
    ({ connector, running } = teamsRefleks);
    const added = teamsConversationUpdateBotAdded({
      serviceUrl: connector.serviceUrl,
      tenantId: TENANT,
      teamId: CHANNEL,
      channelId: CHANNEL,
      botId: DEFAULT_BOT_ID,
      fromAadObjectId: 'aad-ola',
    });
    expect((await postActivity(running.url!, added)).status).toBe(200);
    // Ola has written to the bot in a 1:1 chat, so his reminder goes there.
    const hello = teamsMessage({
      serviceUrl: connector.serviceUrl,
      tenantId: TENANT,
      conversationId: connector.personalConversationId('aad-ola'),
      fromAadObjectId: 'aad-ola',
      text: 'hjelp',
    });
    expect((await postActivity(running.url!, hello)).status).toBe(200);
  });
  afterAll(async () => {
    await teamsRefleks?.stop();
  });

  it('gives up on a channel the bot was removed from (BotNotInConversationRoster), marks the team, and clears it when a message gets through', async () => {
    connector.failNext(
      { method: 'POST', pathIncludes: `${CHANNEL}/activities` },
      {
        status: 403,
        code: 'BotNotInConversationRoster',
        message: 'The bot is not part of the conversation roster.',
      },
    );
    clock.set('2026-11-26T13:00:00Z');
    await runTick(running.deps);
    const [prompt] = (await until('the prompt given up', settled('prompt'))) as { status: string }[];
    expect(prompt!.status).toBe('failed');
    expect(callsTo('POST', `${CHANNEL}/activities`)).toHaveLength(1); // once, not again and again
    const [status] = await teamStatuses(running.deps.db);
    expect(status!.unreachable?.reason).toBe('Teams: BotNotInConversationRoster');

    // The app is added back; the operator opens the week again and the prompt arrives.
    await running.deps.db.delete(cycles);
    const { outbox: row } = await openCycleNow(running.deps, 'sinsen-5trinn');
    await running.queue.enqueueSends([row!]);
    await until(
      'the mark cleared',
      async () => (await teamStatuses(running.deps.db))[0]!.unreachable === null,
    );
  });

  it('stops writing to someone who blocked the bot (ConversationBlockedByUser) and shows it in status; a 429 only delays the other reminder', async () => {
    const olaChat = connector.personalConversationId('aad-ola');
    const toOlaBefore = callsTo('POST', `${olaChat}/activities`).length; // the answer to "hjelp"
    connector.failNext(
      { method: 'POST', pathIncludes: `${olaChat}/activities` },
      {
        status: 403,
        code: 'ConversationBlockedByUser',
        message: 'User blocked the conversation with the bot.',
      },
    );
    // More 429s than botbuilder retries by itself: Refleks' own queue waits Retry-After and tries again.
    connector.failNext(
      { method: 'POST', pathIncludes: 'v3/conversations' },
      { status: 429, retryAfterSeconds: 1 },
      4,
    );
    clock.set('2026-11-30T06:31:00Z');
    await runTick(running.deps);
    const nudgeTo = async (personId: string) =>
      (await running.deps.db.select().from(outbox).where(eq(outbox.kind, 'nudge'))).find(
        (r) => r.personId === personId,
      );
    const [ola] = await running.deps.db.select().from(people).where(eq(people.email, 'ola@sinsen.example'));
    const [nora] = await running.deps.db.select().from(people).where(eq(people.email, 'nora@sinsen.example'));
    await until('Ola’s reminder given up', async () => (await nudgeTo(ola!.id))?.status === 'failed');
    const waiting = await until('Nora’s reminder waiting for Retry-After', async () => {
      const row = await nudgeTo(nora!.id);
      return row?.status === 'pending' && row.attempts === 1 && row;
    });
    expect(waiting.notBefore.getTime()).toBeGreaterThan(clock.now().getTime());
    // Time passes; the next tick hands the waiting reminder over again.
    clock.set(new Date(waiting.notBefore.getTime() + 1_000).toISOString());
    await runTick(running.deps);
    const nudges = (await until('both reminders settled', settled('nudge'))) as { status: string }[];
    expect(nudges.map((n) => n.status).sort()).toEqual(['failed', 'sent']);
    expect(callsTo('POST', `${olaChat}/activities`)).toHaveLength(toOlaBefore + 1);
    const noraChat = connector.personalConversationId('aad-nora');
    const toNora = connector.activities(noraChat);
    expect(toNora).toHaveLength(1);
    expect(JSON.stringify(toNora[0]!.attachments)).toContain('Hei Nora!');

    const [status] = await teamStatuses(running.deps.db);
    expect(status!.unreachablePeople).toEqual([
      { email: 'ola@sinsen.example', reason: 'Teams: ConversationBlockedByUser' },
    ]);
  });
});
