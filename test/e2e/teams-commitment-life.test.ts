import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTick } from '../../src/app/cycles/tick.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { ACTIONS, FORMS } from '../../src/core/loop/ids.ts';
import { commitments, followUps, outbox, people, teams } from '../../src/db/schema/index.ts';
import type { Running } from '../../src/runtime/start.ts';
import type { FakeConnector, FakeConnectorActivity } from '../support/fake-connector.ts';
import { until } from '../support/slack-harness.ts';
import {
  DEFAULT_BOT_ID,
  postActivity,
  teamsConversationUpdateBotAdded,
  teamsTaskFetch,
  teamsTaskSubmit,
} from '../support/teams-activities.ts';
import { actionsOf, cardOf, isFollowUp } from '../support/teams-cards.ts';
import { CHANNEL, COMMITMENT_ORG, TENANT } from '../support/teams-commitment-setup.ts';
import { startTeamsRefleks, type TeamsRefleks } from '../support/teams-harness.ts';

const WHAT = 'Exit ticket hver fredag';
const TRIGGER = 'Når brøkenheten starter';
const EVIDENCE = 'Vi teller riktige svar';
const CHANGE = 'Brøkenheten startet en uke senere';
const IMPACT = 'Flere fikk til brøk – 18 av 24 riktige.';

// biome-ignore lint/suspicious/noExplicitAny: the task module response Teams would receive
type TaskAnswer = any;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One commitment's whole life in Microsoft Teams, from the outside: made in the New commitment dialog
 * with Ola as its owner, followed up in a 1:1 chat Refleks creates with Ola at 09:00 Oslo (the school
 * day before, on the day), moved with Adjust and closed with Done, both as dialogs (task/fetch,
 * task/submit). Bot Framework activities in, a fake connector out, real PostgreSQL and Redis.
 */
describe('a commitment’s follow-ups in Teams (1:1 chat with the owner, Adaptive Cards and dialogs)', () => {
  let connector: FakeConnector;
  let running: Running;
  let teamsRefleks: TeamsRefleks;
  let commitmentId: string;
  let root: string;
  const clock = new ManualClock('2026-11-23T08:00:00Z');
  const db = () => running.deps.db;
  const olaChat = () => connector.personalConversationId('aad-ola');
  const prompt = () =>
    connector.activities(CHANNEL).find((a) => a.conversationId === CHANNEL && a.attachments?.length);
  const followUpCards = () => connector.activities().filter(isFollowUp);
  const inThread = (heading: string) =>
    connector
      .activities(CHANNEL)
      .filter((a) => a.conversationId === `${CHANNEL};messageid=${root}` && cardOf(a).includes(heading));

  /**
   * Nothing is left to send: what the tick or a click wrote has reached the fake connector (or failed).
   * A send that meets Refleks' own budget (counted in real seconds in Redis) waits on Refleks' clock:
   * the real seconds are let pass, the clock is moved on as far and the tick hands the row over again.
   */
  const settled = async () => {
    for (let i = 0; i < 200; i++) {
      const open = (await db().select().from(outbox)).filter(
        (r) => r.status === 'pending' || r.status === 'sending',
      );
      if (!open.length) return;
      const now = clock.now().getTime();
      if (open.every((r) => r.status === 'pending' && r.notBefore.getTime() > now)) {
        const next = Math.min(...open.map((r) => r.notBefore.getTime()));
        await sleep(next - now);
        clock.set(new Date(next).toISOString());
        await runTick(running.deps);
      } else await sleep(50);
    }
    throw new Error('the outbox did not drain');
  };
  const tickAt = async (iso: string) => {
    clock.set(iso);
    const report = await runTick(running.deps);
    await settled();
    return report;
  };
  /** A minute before `iso` nothing is sent; at `iso` exactly one follow-up, in Ola's 1:1 chat only. */
  const followUpAt = async (iso: string) => {
    const before = followUpCards().length;
    const early = new Date(Date.parse(iso) - 60_000).toISOString();
    expect((await tickAt(early)).followUps, `no follow-up at ${early}`).toBe(0);
    expect(followUpCards(), `no follow-up at ${early}`).toHaveLength(before);
    expect((await tickAt(iso)).followUps, `one follow-up at ${iso}`).toBe(1);
    const fresh = followUpCards().slice(before);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]!.conversationId).toBe(olaChat());
    return fresh[0]!;
  };
  const nothingAt = async (iso: string) => {
    const [chat, all] = [connector.activities(olaChat()).length, followUpCards().length];
    expect((await tickAt(iso)).followUps, `no follow-up at ${iso}`).toBe(0);
    expect(connector.activities(olaChat())).toHaveLength(chat);
    expect(followUpCards()).toHaveLength(all);
  };
  /** A dialog opened (task/fetch) or submitted (task/submit) by a person; `id` to re-send the same one. */
  const task = async (
    name: 'fetch' | 'submit',
    o: { aad: string; conversationId: string; replyToId: string; data: Record<string, unknown>; id?: string },
  ): Promise<TaskAnswer> => {
    const make = name === 'fetch' ? teamsTaskFetch : teamsTaskSubmit;
    const activity = make({
      serviceUrl: connector.serviceUrl,
      tenantId: TENANT,
      conversationId: o.conversationId,
      replyToId: o.replyToId,
      fromAadObjectId: o.aad,
      data: o.data,
    });
    const res = await postActivity(running.url!, o.id ? { ...activity, id: o.id } : activity);
    expect(res.status).toBe(200);
    return res.json();
  };
  /** Ola presses a dialog button on a card in her 1:1 chat. */
  const openFromCard = async (card: FakeConnectorActivity, verb: string) => {
    const button = actionsOf(card).find((a) => a.data.verb === verb);
    expect(button, `${verb} on the card`).toBeDefined();
    expect(button!.type).toBe('Action.Submit');
    expect(button!.data.msteams?.type).toBe('task/fetch');
    const dialog = await task('fetch', {
      aad: 'aad-ola',
      conversationId: olaChat(),
      replyToId: card.id,
      data: button!.data,
    });
    expect(dialog.task.type).toBe('continue');
    return dialog;
  };

  beforeAll(async () => {
    teamsRefleks = await startTeamsRefleks({ clock, org: COMMITMENT_ORG, connector: { tenantId: TENANT } });
    ({ connector, running } = teamsRefleks);
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
  });
  afterAll(async () => {
    await teamsRefleks?.stop();
  });

  it('makes a commitment in the New commitment dialog with Ola as its only owner, due 4 December', async () => {
    const [team] = await db().select().from(teams);
    expect(team!.reminders).toEqual({ via: 'dm', afterHours: [] });
    clock.set('2026-11-26T13:00:00Z');
    await runTick(running.deps);
    await settled();
    const posted = await until('the prompt', prompt);
    root = posted.id;
    expect(cardOf(posted)).toContain('Ukens spørsmål – uke 48');

    const button = actionsOf(posted).find((a) => a.data.verb === ACTIONS.newCommitment)!;
    expect(button.data.msteams?.type).toBe('task/fetch');
    const from = { aad: 'aad-kari', conversationId: CHANNEL, replyToId: root };
    const dialog = await task('fetch', { ...from, data: button.data });
    expect(dialog.task.value.title).toBe('Ny forpliktelse');
    const card = dialog.task.value.card.content;
    type Choice = { title: string; value: string };
    const owners: Choice[] = card.body.find((e: { id?: string }) => e.id === 'owners').choices;
    const ola = owners.find((c) => c.title === 'Ola Hansen')!.value;
    const [olaRow] = await db().select().from(people).where(eq(people.email, 'ola@sinsen.example'));
    expect(ola).toBe(olaRow!.id);
    const saved = await task('submit', {
      ...from,
      data: {
        ...card.actions[0].data,
        owners: ola,
        what: WHAT,
        trigger: TRIGGER,
        evidence: EVIDENCE,
        due: '2026-12-04',
      },
    });
    expect(saved).toEqual({
      task: { type: 'message', value: expect.stringContaining('Forpliktelsen er lagret') },
    });
    await settled();
    const inChain = connector
      .activities(CHANNEL)
      .find(
        (a) => a.conversationId === `${CHANNEL};messageid=${root}` && cardOf(a).includes('Ny forpliktelse'),
      );
    expect(cardOf(inChain)).toContain(WHAT);
    expect(cardOf(inChain)).toContain('Ola Hansen');

    const [commitment] = await db().select().from(commitments);
    commitmentId = commitment!.id;
    expect(commitment!.dueDate).toBe('2026-12-04');
    const planned = await db().select().from(followUps).where(eq(followUps.commitmentId, commitmentId));
    expect(
      planned
        .map((f) => [f.kind, f.dueAt.toISOString(), f.personId, f.status])
        .sort((a, b) => a[1]!.localeCompare(b[1]!)),
    ).toEqual([
      ['before_due', '2026-12-03T08:00:00.000Z', olaRow!.id, 'planned'],
      ['due', '2026-12-04T08:00:00.000Z', olaRow!.id, 'planned'],
      ['overdue', '2026-12-08T08:00:00.000Z', olaRow!.id, 'planned'],
    ]);
    // No 1:1 chat yet: nobody has been written to privately.
    expect(connector.createdConversations()).toEqual([]);
  });

  it('reminds Ola, and only Ola, in a 1:1 chat it creates, at 09:00 Oslo the school day before', async () => {
    const reminder = await followUpAt('2026-12-03T08:00:00Z');
    const shown = cardOf(reminder);
    expect(shown).toContain('application/vnd.microsoft.card.adaptive');
    expect(shown).toContain(`Påminnelse: «${WHAT}» har frist 4. desember 2026`);
    expect(shown).toContain(TRIGGER);
    expect(shown).toContain(EVIDENCE);
    // The day before: Done and Adjust, both dialogs, for this commitment.
    expect(actionsOf(reminder).map((a) => [a.type, a.data.msteams?.type, a.data.verb, a.data.value])).toEqual(
      [
        ['Action.Submit', 'task/fetch', ACTIONS.commitmentDone, commitmentId],
        ['Action.Submit', 'task/fetch', ACTIONS.commitmentAdjust, commitmentId],
      ],
    );
    // One 1:1 chat, with Ola; nothing else was written outside the team's channel.
    const created = connector.createdConversations();
    expect(created.map((c) => c.id)).toEqual([olaChat()]);
    expect(created[0]!.parameters.members).toEqual([expect.objectContaining({ id: 'aad-ola' })]);
    expect(connector.activities().filter((a) => !a.conversationId.startsWith(CHANNEL))).toEqual([reminder]);
    expect(connector.activities(CHANNEL).some((a) => cardOf(a).includes('Påminnelse'))).toBe(false);
  });

  it('asks on the due day with Done, Adjust and Put aside as dialogs and Remind me next week as Action.Execute', async () => {
    const question = await followUpAt('2026-12-04T08:00:00Z');
    expect(cardOf(question)).toContain(`I dag er fristen for «${WHAT}»`);
    expect(cardOf(question)).toContain('Hvordan gikk det?');
    expect(
      actionsOf(question).map((a) => [
        a.type,
        a.title,
        a.data.msteams?.type ?? null,
        a.data.verb ?? a.verb,
        a.data.value,
      ]),
    ).toEqual([
      ['Action.Submit', 'Ferdig', 'task/fetch', ACTIONS.commitmentDone, commitmentId],
      ['Action.Submit', 'Juster', 'task/fetch', ACTIONS.commitmentAdjust, commitmentId],
      ['Action.Submit', 'Legg bort', 'task/fetch', ACTIONS.commitmentDrop, commitmentId],
      ['Action.Execute', 'Minn meg neste uke', null, ACTIONS.commitmentSnooze, commitmentId],
    ]);
    // The 1:1 chat made for the reminder is used again, not a new one.
    expect(connector.createdConversations()).toHaveLength(1);
  });

  it('moves the date with Adjust in a dialog: the team’s reply chain is told once, the old overdue reminder never comes', async () => {
    const question = followUpCards().at(-1)!;
    const dialog = await openFromCard(question, ACTIONS.commitmentAdjust);
    expect(dialog.task.value.title).toBe('Juster forpliktelsen');
    const card = dialog.task.value.card.content;
    expect(card.body.find((e: { id?: string }) => e.id === 'due')).toMatchObject({
      type: 'Input.Date',
      value: '2026-12-04',
    });
    expect(JSON.stringify(card.body)).toContain(WHAT);
    const from = { aad: 'aad-ola', conversationId: olaChat(), replyToId: question.id };
    const submit = card.actions[0].data;
    expect(submit.formId).toBe(FORMS.commitmentAdjust);

    // A date in the past keeps the dialog open, with the error and what was typed.
    const past = await task('submit', { ...from, data: { ...submit, due: '2026-12-01', change: CHANGE } });
    expect(past.task.type).toBe('continue');
    expect(JSON.stringify(past.task.value.card)).toContain('Fristen kan ikke være før i dag.');
    expect(JSON.stringify(past.task.value.card)).toContain(CHANGE);

    const id = 'f:adjust-submit-1';
    const typed = { ...submit, due: '2026-12-11', change: CHANGE };
    const saved = await task('submit', { ...from, data: typed, id });
    expect(saved).toEqual({
      task: { type: 'message', value: 'Ny frist er 11. desember 2026. Teamet ser endringen i tråden.' },
    });
    // Teams re-sends an invoke it got no answer to in time: the same answer, nothing doubles.
    expect(await task('submit', { ...from, data: typed, id })).toEqual(saved);
    await settled();
    const told = inThread('Forpliktelse justert');
    expect(told).toHaveLength(1);
    expect(cardOf(told[0])).toContain(WHAT);
    expect(cardOf(told[0])).toContain(CHANGE);
    // "11." at the start of a line would be a Markdown list: Teams gets it escaped.
    expect(told[0]!.attachments![0].content.body).toContainEqual({
      type: 'FactSet',
      facts: [
        { title: 'Hva', value: WHAT },
        { title: 'Frist', value: '11\\. desember 2026' },
        { title: 'Endring', value: CHANGE },
      ],
    });
    const [row] = await db().select().from(commitments).where(eq(commitments.id, commitmentId));
    expect(row!.dueDate).toBe('2026-12-11');
    expect(row!.history.map((e) => e.change)).toEqual(['created', 'adjusted: 2026-12-04 → 2026-12-11']);
    const planned = await db().select().from(followUps).where(eq(followUps.commitmentId, commitmentId));
    expect(
      planned
        .filter((f) => f.status === 'planned')
        .map((f) => [f.kind, f.dueAt.toISOString()])
        .sort((a, b) => a[1]!.localeCompare(b[1]!)),
    ).toEqual([
      ['before_due', '2026-12-10T08:00:00.000Z'],
      ['due', '2026-12-11T08:00:00.000Z'],
      ['overdue', '2026-12-15T08:00:00.000Z'],
    ]);
    // Tuesday 8 December, when the overdue reminder for the old date would have come: nothing.
    await nothingAt('2026-12-08T08:00:00Z');
  });

  it('reminds again for the new date, asks on it, and Done in a dialog closes it for good', async () => {
    const reminder = await followUpAt('2026-12-10T08:00:00Z');
    expect(cardOf(reminder)).toContain(`Påminnelse: «${WHAT}» har frist 11. desember 2026`);
    const question = await followUpAt('2026-12-11T08:00:00Z');
    expect(cardOf(question)).toContain(`I dag er fristen for «${WHAT}»`);

    const dialog = await openFromCard(question, ACTIONS.commitmentDone);
    const submit = dialog.task.value.card.content.actions[0].data;
    expect(submit.formId).toBe(FORMS.commitmentDone);
    const from = { aad: 'aad-ola', conversationId: olaChat(), replyToId: question.id };
    const id = 'f:done-submit-1';
    const saved = await task('submit', { ...from, data: { ...submit, impact: IMPACT }, id });
    expect(saved).toEqual({
      task: { type: 'message', value: 'Takk! Forpliktelsen er markert som gjennomført.' },
    });
    // Re-sent with the same id: the same thanks, the commitment closed once and the team told once.
    expect(await task('submit', { ...from, data: { ...submit, impact: IMPACT }, id })).toEqual(saved);
    await settled();
    const told = inThread('Forpliktelse gjennomført');
    expect(told).toHaveLength(1);
    expect(cardOf(told[0])).toContain(IMPACT);
    const [row] = await db().select().from(commitments).where(eq(commitments.id, commitmentId));
    expect(row!.status).toBe('done');
    expect(row!.impact).toBe(IMPACT);
    expect(row!.history.map((e) => e.change)).toEqual([
      'created',
      'adjusted: 2026-12-04 → 2026-12-11',
      'done',
    ]);
    // Tuesday 15 December, the overdue reminder for the new date: closed, so nothing.
    await nothingAt('2026-12-15T08:00:00Z');
  });

  it('sent Ola exactly four follow-ups, each once, and nothing more on a repeated tick', async () => {
    await nothingAt('2026-12-15T08:00:00Z');
    const chat = connector.activities(olaChat());
    expect(chat).toHaveLength(4);
    expect(chat.map((a) => a.activity.summary)).toEqual([
      `Påminnelse: «${WHAT}» har frist 4. desember 2026`,
      `I dag er fristen for «${WHAT}»`,
      `Påminnelse: «${WHAT}» har frist 11. desember 2026`,
      `I dag er fristen for «${WHAT}»`,
    ]);
    expect(new Set(chat.map((a) => a.id)).size).toBe(4);
    expect(followUpCards()).toEqual(chat);
    expect(connector.createdConversations()).toHaveLength(1);
    const sent = await db().select().from(followUps).where(eq(followUps.status, 'sent'));
    expect(sent).toHaveLength(4);
    const rows = await db().select().from(outbox).where(eq(outbox.kind, 'follow_up'));
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    // Nothing Refleks wrote on the way was given up on.
    expect((await db().select().from(outbox)).filter((r) => r.status === 'failed')).toEqual([]);
  });
});
