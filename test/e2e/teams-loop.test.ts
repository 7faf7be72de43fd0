import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTick } from '../../src/app/cycles/tick.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { ACTIONS } from '../../src/core/loop/ids.ts';
import { commitments, responses } from '../../src/db/schema/index.ts';
import type { Running } from '../../src/runtime/start.ts';
import type { FakeConnector } from '../support/fake-connector.ts';
import { until } from '../support/slack-harness.ts';
import {
  DEFAULT_BOT_ID,
  postActivity,
  teamsConversationUpdateBotAdded,
  teamsInvokeAdaptiveCardAction,
  teamsMessage,
  teamsMessageAction,
  teamsTaskFetch,
  teamsTaskSubmit,
  teamsUserId,
} from '../support/teams-activities.ts';
import { startTeamsRefleks, type TeamsRefleks } from '../support/teams-harness.ts';

const TENANT = '11111111-2222-3333-4444-555555555555';
const CHANNEL = '19:5trinn@thread.tacv2';
const ORG = `
owner: { key: oslo, name: Oslo kommune }
schools:
  - { key: sinsen, name: Sinsen skole, locale: nb }
teams:
  - key: sinsen-5trinn
    school: sinsen
    name: 5. trinn
    programme: elevene-vare
    schedule: { weekday: thursday, time: "14:00" }
    teams: { conversation_id: "${CHANNEL}", tenant_id: ${TENANT} }
people:
  - { email: kari@sinsen.example, name: Kari Nordmann, teams: { aad_object_id: aad-kari, tenant_id: ${TENANT} }, roles: [{ role: member, team: sinsen-5trinn }, { role: team_lead, team: sinsen-5trinn }] }
  - { email: ola@sinsen.example, name: Ola Hansen, teams: { aad_object_id: aad-ola, tenant_id: ${TENANT} }, roles: [{ role: member, team: sinsen-5trinn }] }
  - { email: nora@sinsen.example, name: Nora Berg, teams: { aad_object_id: aad-nora, tenant_id: ${TENANT} }, roles: [{ role: member, team: sinsen-5trinn }] }
  - { email: per@sinsen.example, name: Per Avdeling, roles: [{ role: department_head, teams: [sinsen-5trinn] }] }
`;

/** Teams from the outside: Bot Framework activities to /api/messages, a fake connector as serviceUrl. */
describe('the learning loop in Microsoft Teams (authentication off, fake connector)', () => {
  let connector: FakeConnector;
  let running: Running;
  let teamsRefleks: TeamsRefleks;
  const clock = new ManualClock('2026-11-23T08:00:00Z');
  // Proactive sends carry a replyToId of their own; the prompt is the first message in the channel itself.
  const prompt = () =>
    connector.activities(CHANNEL).find((a) => a.conversationId === CHANNEL && a.attachments?.length);
  const cardOf = (a: { attachments?: unknown[] } | undefined) => JSON.stringify(a?.attachments ?? []);

  /** A message to the bot with an @mention in the channel, as Teams delivers it. */
  const sayToBot = (aadObjectId: string, text: string) =>
    postActivity(
      running.url!,
      teamsMessage({
        serviceUrl: connector.serviceUrl,
        tenantId: TENANT,
        conversationId: CHANNEL,
        fromAadObjectId: aadObjectId,
        text,
        mentionBot: true,
      }),
    );
  /** The bot's plain-text answer in the channel that contains `words`. */
  const botSaid = (words: string) =>
    connector.activities(CHANNEL).find((a) => typeof a.text === 'string' && a.text.includes(words));

  /** An Action.Execute click on the prompt card, by a person; answers with the invoke response body. */
  const invokeAs = async (aadObjectId: string, verb: string, data: Record<string, unknown>) => {
    const res = await postActivity(
      running.url!,
      teamsInvokeAdaptiveCardAction({
        serviceUrl: connector.serviceUrl,
        tenantId: TENANT,
        conversationId: CHANNEL,
        replyToId: prompt()!.id,
        fromAadObjectId: aadObjectId,
        verb,
        data,
      }),
    );
    // biome-ignore lint/suspicious/noExplicitAny: the Adaptive Card JSON Teams would receive
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    // Per is in the organisation file by e-mail only; Teams' roster tells who he is.
    teamsRefleks = await startTeamsRefleks({
      clock,
      org: ORG,
      connector: {
        members: {
          [teamsUserId('aad-per')]: {
            name: 'Per Avdeling',
            aadObjectId: 'aad-per',
            email: 'per@sinsen.example',
          },
        },
      },
    });
    ({ connector, running } = teamsRefleks);
  });
  afterAll(async () => {
    await teamsRefleks?.stop();
  });

  it('remembers the channel when the app is added, then posts the prompt there proactively as an Adaptive Card', async () => {
    const installed = await postActivity(
      running.url!,
      teamsConversationUpdateBotAdded({
        serviceUrl: connector.serviceUrl,
        tenantId: TENANT,
        teamId: CHANNEL,
        channelId: CHANNEL,
        botId: DEFAULT_BOT_ID,
        fromAadObjectId: 'aad-kari',
      }),
    );
    expect(installed.status).toBe(200);
    clock.set('2026-11-26T13:00:00Z');
    await runTick(running.deps);
    const posted = await until('the prompt', prompt);
    expect(cardOf(posted)).toContain('application/vnd.microsoft.card.adaptive');
    expect(cardOf(posted)).toContain('Ukens spørsmål – uke 48');
    expect(cardOf(posted)).toContain('0 av 3 har svart');
  });

  it('takes a reply in the prompt’s reply chain as an answer, once though Teams re-sends it, and updates the card', async () => {
    const root = prompt()!.id;
    const reply = teamsMessage({
      serviceUrl: connector.serviceUrl,
      tenantId: TENANT,
      conversationId: `${CHANNEL};messageid=${root}`,
      replyToId: root,
      fromAadObjectId: 'aad-ola',
      text: 'Gruppen leser bedre nå.',
      id: '1700000000001',
    });
    expect((await postActivity(running.url!, reply)).status).toBe(200);
    expect((await postActivity(running.url!, reply)).status).toBe(200);
    await until('the updated card', () => cardOf(prompt()).includes('1 av 3 har svart'));
    const stored = await running.deps.db.select().from(responses);
    expect(stored.map((r) => r.body)).toEqual(['Gruppen leser bedre nå.']);
  });

  it('opens the answer form in place of the card for the person who clicked, and stores the submission', async () => {
    const _root = prompt()!.id;
    const cycleId = cardOf(prompt()).match(/"value":"([0-9a-f-]{36})"/)![1]!;
    const invoke = (verb: string, data: Record<string, unknown>) => invokeAs('aad-kari', verb, data);

    const opened = await invoke('refleks.answer', { value: cycleId });
    expect(opened.status).toBe(200);
    expect(opened.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(opened.body.value.body)).toContain('"id":"body"');
    const submit = opened.body.value.actions[0]!.data;

    const refused = await invoke('refleks.submit', { ...submit, body: 'Eleven 01819010001' });
    expect(JSON.stringify(refused.body.value)).toContain('fødselsnummer');
    expect(JSON.stringify(refused.body.value)).toContain('Eleven 01819010001'); // what was typed is kept

    const saved = await invoke('refleks.submit', { ...submit, body: 'Vi har ansvar for 5A.' });
    expect(JSON.stringify(saved.body.value)).toContain('Takk! Svaret ditt er lagret.');
    await until('the card for everyone', () => cardOf(prompt()).includes('2 av 3 har svart'));
  });

  it('makes a commitment in a dialog (task/fetch, task/submit), owners chosen from the team, once though re-sent', async () => {
    type Action = { type: string; title: string; data: Record<string, unknown> };
    const button = (JSON.parse(cardOf(prompt()))[0].content.actions as Action[]).find(
      (a) => a.type === 'Action.Submit' && (a.data.msteams as { type?: string })?.type === 'task/fetch',
    )!;
    expect(button.title).toBe('Ny forpliktelse');
    const task = async (name: 'fetch' | 'submit', data: Record<string, unknown>, id?: string) => {
      const make = name === 'fetch' ? teamsTaskFetch : teamsTaskSubmit;
      const activity = make({
        serviceUrl: connector.serviceUrl,
        tenantId: TENANT,
        conversationId: CHANNEL,
        replyToId: prompt()!.id,
        fromAadObjectId: 'aad-nora',
        data,
      });
      const res = await postActivity(running.url!, id ? { ...activity, id } : activity);
      expect(res.status).toBe(200);
      // biome-ignore lint/suspicious/noExplicitAny: the task module response Teams would receive
      return (await res.json()) as any;
    };

    const dialog = await task('fetch', button.data);
    expect(dialog.task.type).toBe('continue');
    expect(dialog.task.value.title).toBe('Ny forpliktelse');
    const card = dialog.task.value.card.content;
    type Choice = { title: string; value: string };
    const owners: Choice[] = card.body.find((e: { id?: string }) => e.id === 'owners').choices;
    const ola = owners.find((c) => c.title === 'Ola Hansen')!.value;
    const kari = owners.find((c) => c.title === 'Kari Nordmann')!.value;
    const typed = {
      ...card.actions[0].data,
      owners: `${ola},${kari}`,
      what: 'Exit tickets hver fredag',
      trigger: 'Hvis fredag, så exit ticket',
      evidence: 'Vi samler lappene',
      due: '',
    };

    // A national identity number keeps the dialog open, with the error and what was typed.
    const refused = await task('submit', { ...typed, evidence: 'Sjekk 01819010001' });
    expect(refused.task.type).toBe('continue');
    expect(JSON.stringify(refused.task.value.card)).toContain('fødselsnummer');
    expect(JSON.stringify(refused.task.value.card)).toContain('Exit tickets hver fredag');

    const id = 'f:commitment-submit-1';
    const saved = await task('submit', typed, id);
    expect(saved).toEqual({
      task: { type: 'message', value: expect.stringContaining('Forpliktelsen er lagret') },
    });
    await task('submit', typed, id); // Teams re-sends an invoke it got no answer to in time
    const posted = await until('the commitment in the reply chain', () =>
      connector
        .activities(CHANNEL)
        .find(
          (a) => a.conversationId.includes(';messageid=') && cardOf(a).includes('Exit tickets hver fredag'),
        ),
    );
    expect(cardOf(posted)).toMatch(/Kari Nordmann og Ola Hansen|Ola Hansen og Kari Nordmann/);
    const stored = await running.deps.db.select().from(commitments);
    expect(stored.map((c) => c.what)).toEqual(['Exit tickets hver fredag']);
  });

  it('makes a commitment from any message with "Make this a commitment" (a message action), the message as its what', async () => {
    const base = {
      serviceUrl: connector.serviceUrl,
      tenantId: TENANT,
      conversationId: CHANNEL,
      fromAadObjectId: 'aad-ola',
      commandId: 'makeCommitment',
    };
    const fetched = await postActivity(
      running.url!,
      teamsMessageAction(
        { ...base, messageHtml: '<p>Vi prøver &laquo;lesekvarter&raquo; <b>hver</b> morgen</p>' },
        'composeExtension/fetchTask',
      ),
    );
    expect(fetched.status).toBe(200);
    // biome-ignore lint/suspicious/noExplicitAny: the task module response Teams would receive
    const dialog = (await fetched.json()) as any;
    const card = dialog.task.value.card.content;
    const what = card.body.find((e: { id?: string }) => e.id === 'what');
    expect(what.value).toBe('Vi prøver «lesekvarter» hver morgen');
    const submitted = await postActivity(
      running.url!,
      teamsMessageAction(
        {
          ...base,
          data: {
            ...card.actions[0].data,
            owners: 'team',
            what: what.value,
            trigger: 'Hver morgen kl. 8',
            evidence: 'Vi teller bøker',
            due: '',
          },
        },
        'composeExtension/submitAction',
      ),
    );
    expect(submitted.status).toBe(200);
    const stored = await running.deps.db.select().from(commitments);
    expect(stored.map((c) => c.what)).toContain('Vi prøver «lesekvarter» hver morgen');
  });

  it('answers a command typed to the bot in the person’s language', async () => {
    expect((await sayToBot('aad-nora', 'status')).status).toBe(200);
    const answer = await until('the answer', () => botSaid('ukens spørsmål er åpent'));
    expect(answer.text).toContain('2 av 3 har svart');
  });

  it('sends the reminder as a 1:1 chat it creates, only to the one who has not answered', async () => {
    clock.set('2026-11-30T06:31:00Z');
    await runTick(running.deps);
    const chats = await until('a reminder in a new 1:1 chat', () => {
      const created = connector.createdConversations();
      return created.length === 1 && connector.activities(created[0]!.id).length === 1 && created;
    });
    // Kari and Ola answered; Nora did not.
    expect(JSON.stringify(chats[0]!.parameters)).toContain('aad-nora');
    expect(JSON.stringify(connector.activities(chats[0]!.id)[0]!.attachments)).toContain('Hei Nora!');
  });

  it('closes with a summary in the reply chain and a closed card', async () => {
    clock.set('2026-12-02T13:00:00Z');
    await runTick(running.deps);
    const root = prompt()!.id;
    // The channel's budget (7 a second) may hold the summary back a moment: time moves on and the next
    // tick sends it, as the scheduler's minute tick would.
    const summary = await until('the summary', async () => {
      clock.set(new Date(clock.now().getTime() + 1_000).toISOString());
      await runTick(running.deps);
      return connector
        .activities(CHANNEL)
        .find(
          (a) =>
            a.conversationId === `${CHANNEL};messageid=${root}` &&
            cardOf(a).includes('Oppsummering for uke 48'),
        );
    });
    expect(cardOf(summary)).toContain('2 av 3 svarte.');
    // The card's update shares that budget: it may need the next tick as well.
    await until('the closed card', async () => {
      if (cardOf(prompt()).includes('Runden er avsluttet.')) return true;
      clock.set(new Date(clock.now().getTime() + 1_000).toISOString());
      await runTick(running.deps);
      return false;
    });
  });

  it('knows a person named only by e-mail, from the Teams roster', async () => {
    expect((await sayToBot('aad-per', 'hjelp')).status).toBe(200);
    const answer = await until('the help text', () => botSaid('/refleks status'));
    expect(answer.text).not.toContain('kjenner deg ikke');
  });

  it('sends a department head’s overview to a private chat, never into the team’s channel', async () => {
    const chatsBefore = connector.createdConversations().length;
    expect((await sayToBot('aad-per', 'oversikt')).status).toBe(200);
    await until('the note in the channel', () => botSaid('sendt oversikten din i en privat chat'));
    const chat = await until('the overview in a 1:1 chat', () => {
      const created = connector.createdConversations().slice(chatsBefore);
      return created.find((c) => JSON.stringify(c.parameters).includes('aad-per'));
    });
    const overview = cardOf(connector.activities(chat.id)[0]);
    expect(overview).toContain('Teamene du følger');
    expect(overview).toMatch(/5\\*\. trinn/); // "5." at a line's start is escaped, not a list
    // Team-level figures and the team's commitments (with their owners); never an answer, never who
    // answered or did not (Nora owns no commitment, so her name is nowhere).
    expect(overview).toContain('Exit tickets hver fredag');
    expect(overview).not.toMatch(/Nora|Gruppen leser|Vi har ansvar for 5A/);
    expect(connector.activities(CHANNEL).some((a) => cardOf(a).includes('Teamene du følger'))).toBe(false);

    // The personal card's Details open a dialog with the team's rounds and whole ledger, read-only.
    type Action = { type: string; url?: string; data?: { msteams?: { type?: string }; verb?: string } };
    const content = JSON.parse(overview)[0].content;
    const actions: Action[] = [
      ...(content.actions ?? []),
      ...content.body.flatMap((e: { type: string; actions?: Action[] }) =>
        e.type === 'ActionSet' ? e.actions : [],
      ),
    ];
    const details = actions.find((a) => a.data?.verb === ACTIONS.leaderTeamDetail)!;
    expect(details.data?.msteams?.type).toBe('task/fetch');
    const fetched = await postActivity(
      running.url!,
      teamsTaskFetch({
        serviceUrl: connector.serviceUrl,
        tenantId: TENANT,
        conversationId: chat.id,
        fromAadObjectId: 'aad-per',
        data: details.data as Record<string, unknown>,
      }),
    );
    // biome-ignore lint/suspicious/noExplicitAny: the task module response Teams would receive
    const dialog = (await fetched.json()) as any;
    expect(dialog.task.type).toBe('continue');
    expect(dialog.task.value.title).toBe('5. trinn');
    const detail = JSON.stringify(dialog.task.value.card.content);
    expect(detail).toContain('Runder dette skoleåret');
    expect(detail).toContain('Exit tickets hver fredag');
    expect(detail).not.toMatch(/Nora|Vi har ansvar for 5A|Action\.(Execute|Submit)/);
    // And the link to the web overview opens in the browser (Action.OpenUrl), served by this Refleks.
    const web = actions.find((a) => a.type === 'Action.OpenUrl')!;
    expect(web.url).toMatch(new RegExp(`^${running.url}/overview/`));
    const page = await fetch(web.url!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Oversikt for Per');
  });
});
