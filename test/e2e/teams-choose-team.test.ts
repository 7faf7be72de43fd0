import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTick } from '../../src/app/cycles/tick.ts';
import { applyOrg, loadOrgFile } from '../../src/app/org/index.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { auditEvents, teams } from '../../src/db/schema/index.ts';
import type { Running } from '../../src/runtime/start.ts';
import type { FakeConnector } from '../support/fake-connector.ts';
import { until } from '../support/slack-harness.ts';
import {
  DEFAULT_BOT_ID,
  postActivity,
  teamsConversationUpdateBotAdded,
  teamsInvokeAdaptiveCardAction,
  teamsMessage,
} from '../support/teams-activities.ts';
import { startTeamsRefleks, type TeamsRefleks } from '../support/teams-harness.ts';

const TENANT = '11111111-2222-3333-4444-555555555555';
const NAMED = '19:5trinn@thread.tacv2';
const NEW_CHANNEL = '19:6trinn-nytt@thread.tacv2';
// 6. trinn has no channel in the file: it is on the embedded local chat until someone chooses one.
const ORG = `
owner: { key: oslo, name: Oslo kommune }
schools:
  - { key: sinsen, name: Sinsen skole, locale: nb }
teams:
  - { key: sinsen-5trinn, school: sinsen, name: 5. trinn, programme: elevene-vare, schedule: { weekday: thursday, time: "14:00" }, teams: { conversation_id: "${NAMED}", tenant_id: ${TENANT} } }
  - { key: sinsen-6trinn, school: sinsen, name: 6. trinn, programme: elevene-vare, schedule: { weekday: thursday, time: "14:00" } }
people:
  - { email: kari@sinsen.example, name: Kari Nordmann, teams: { aad_object_id: aad-kari, tenant_id: ${TENANT} }, roles: [{ role: member, team: sinsen-6trinn }] }
  - { email: ola@sinsen.example, name: Ola Hansen, teams: { aad_object_id: aad-ola, tenant_id: ${TENANT} }, roles: [{ role: member, team: sinsen-5trinn }] }
`;

describe('a Teams channel that no team names asks which team it is', () => {
  let connector: FakeConnector;
  let running: Running;
  let teamsRefleks: TeamsRefleks;
  let orgFile: string;
  const clock = new ManualClock('2026-11-26T13:30:00Z'); // Thursday, after 14:00 in Oslo
  const cardOf = (a: { attachments?: unknown[] } | undefined) => JSON.stringify(a?.attachments ?? []);
  const inChannel = () => connector.activities(NEW_CHANNEL).filter((a) => a.attachments?.length);

  const addBot = (aad: string) =>
    postActivity(
      running.url!,
      teamsConversationUpdateBotAdded({
        serviceUrl: connector.serviceUrl,
        tenantId: TENANT,
        teamId: NEW_CHANNEL,
        channelId: NEW_CHANNEL,
        botId: DEFAULT_BOT_ID,
        fromAadObjectId: aad,
      }),
    );
  const click = async (aad: string, verb: string, data: Record<string, unknown>) => {
    const res = await postActivity(
      running.url!,
      teamsInvokeAdaptiveCardAction({
        serviceUrl: connector.serviceUrl,
        tenantId: TENANT,
        conversationId: NEW_CHANNEL,
        replyToId: inChannel()[0]!.id,
        fromAadObjectId: aad,
        verb,
        data,
      }),
    );
    expect(res.status).toBe(200);
    // biome-ignore lint/suspicious/noExplicitAny: the Adaptive Card JSON Teams would receive
    return (await res.json()) as any;
  };
  const sixth = async () =>
    (await running.deps.db.select().from(teams).where(eq(teams.key, 'sinsen-6trinn')))[0]!;

  beforeAll(async () => {
    teamsRefleks = await startTeamsRefleks({ clock, org: ORG, appliedAt: new Date('2026-11-23T08:00:00Z') });
    ({ connector, running } = teamsRefleks);
    orgFile = teamsRefleks.orgFile;
    // This week's question is already out, on the local chat: 6. trinn has an open cycle.
    await runTick(running.deps);
  });
  afterAll(async () => {
    await teamsRefleks?.stop();
  });

  it('posts a card with "Choose team" in the channel when the app is added there', async () => {
    expect((await addBot('aad-ola')).status).toBe(200);
    const card = await until('the card', () => inChannel()[0]);
    expect(cardOf(card)).toContain('vet ikke hvilket team den hører til');
    expect(cardOf(card)).toContain('Velg team');
  });

  it('tells someone with no team waiting for a channel what to do, and offers nothing', async () => {
    const answer = await click('aad-ola', 'refleks.choose_team', { value: NEW_CHANNEL });
    expect(JSON.stringify(answer.value)).toContain('Be IT-ansvarlig føre opp kanalen');
    expect(JSON.stringify(answer.value)).not.toContain('Input.ChoiceSet');
  });

  it('lets a member choose her team; re-posts the open week’s question there', async () => {
    const form = await click('aad-kari', 'refleks.choose_team', { value: NEW_CHANNEL });
    const select = form.value.body.find((e: { id?: string }) => e.id === 'team');
    expect(select.choices.map((c: { title: string }) => c.title)).toEqual(['6. trinn (Sinsen skole)']);
    const submit = form.value.actions[0].data;

    // A forged choice of a team she has nothing to do with changes nothing.
    const fifth = (await running.deps.db.select().from(teams).where(eq(teams.key, 'sinsen-5trinn')))[0]!;
    const forged = await click('aad-kari', 'refleks.submit', { ...submit, team: fifth.id });
    expect(JSON.stringify(forged.value)).toContain('kan ikke velges her lenger');
    expect((await sixth()).platform).toBe('local');

    const done = await click('aad-kari', 'refleks.submit', { ...submit, team: select.choices[0].value });
    expect(JSON.stringify(done.value)).toContain('Denne kanalen hører nå til 6. trinn');
    expect(await sixth()).toMatchObject({
      platform: 'teams',
      tenantId: TENANT,
      channelId: NEW_CHANNEL,
      bindingSource: 'chat',
    });
    const prompt = await until('the question in the channel', () =>
      inChannel().find((a) => cardOf(a).includes('Ukens spørsmål – uke 48')),
    );
    expect(cardOf(prompt)).toContain('0 av 1 har svart');
    const audited = await running.deps.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'team.channel_chosen'));
    expect(audited).toHaveLength(1);

    // An answer in the new prompt's reply chain counts.
    const reply = teamsMessage({
      serviceUrl: connector.serviceUrl,
      tenantId: TENANT,
      conversationId: `${NEW_CHANNEL};messageid=${prompt.id}`,
      replyToId: prompt.id,
      fromAadObjectId: 'aad-kari',
      text: 'Vi følger opp lesegruppene.',
    });
    expect((await postActivity(running.url!, reply)).status).toBe(200);
    await until('the updated card', () =>
      inChannel().some((a) => a.id === prompt.id && cardOf(a).includes('1 av 1 har svart')),
    );
  });

  it('keeps the chosen channel when the organisation file is applied again, and asks no more', async () => {
    await applyOrg(running.deps.db, await loadOrgFile(orgFile), { now: clock.now() });
    expect((await sixth()).channelId).toBe(NEW_CHANNEL);
    const before = inChannel().length;
    expect((await addBot('aad-kari')).status).toBe(200);
    const again = await click('aad-kari', 'refleks.choose_team', { value: NEW_CHANNEL });
    expect(JSON.stringify(again.value)).toContain('Denne kanalen hører allerede til 6. trinn');
    expect(inChannel()).toHaveLength(before);
  });
});
