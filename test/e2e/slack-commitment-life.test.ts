import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTick } from '../../src/app/cycles/tick.ts';
import { applyOrg, loadOrgFile } from '../../src/app/org/index.ts';
import { ACTIONS, FORMS } from '../../src/core/loop/ids.ts';
import { commitments, followUps, outbox, people, teams } from '../../src/db/schema/index.ts';
import type { FakeSlackMessage } from '../support/fake-slack.ts';
import {
  SLACK_CHANNEL as CHANNEL,
  openWeek48,
  SLACK_ORG,
  type SlackRefleks,
  startSlackRefleks,
  SLACK_TEAM as TEAM,
  until,
} from '../support/slack-harness.ts';
import { blockActionPayload, viewSubmissionPayload } from '../support/slack-requests.ts';

const WHAT = 'Exit ticket hver fredag';
const TRIGGER = 'Når brøkenheten starter';
const EVIDENCE = 'Vi teller riktige svar';
const CHANGE = 'Brøkenheten startet en uke senere';
const IMPACT = 'Flere fikk til brøk – 18 av 24 riktige.';

type Button = { type: string; action_id: string; value?: string; style?: string };
type Modal = {
  callback_id: string;
  private_metadata: string;
  blocks: {
    block_id: string;
    hint?: { text: string };
    element: { initial_date?: string; options?: { text: { text: string }; value: string }[] };
  }[];
};

const json = (value: unknown) => JSON.stringify(value);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const buttonsOf = (m: FakeSlackMessage): Button[] =>
  (m.blocks as { type: string; elements?: Button[] }[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? []);
/** Only a follow-up carries Adjust: the prompt, the commitment card and the summaries do not. */
const isFollowUp = (m: FakeSlackMessage) =>
  buttonsOf(m).some((b) => b.action_id === ACTIONS.commitmentAdjust);

/**
 * One commitment's whole life in Slack, from the outside: made in the New commitment modal with Ola as
 * its owner, followed up in Ola's DM at 09:00 Oslo (the school day before, on the day), moved with
 * Adjust, followed up again for the new date, closed with Done. Signed requests in, a fake Web API out,
 * real PostgreSQL and Redis, the clock moved by hand.
 */
describe('a commitment’s follow-ups in Slack (DMs to the owner, Block Kit buttons and modals)', () => {
  let s: SlackRefleks;
  let commitmentId: string;
  let promptTs: string;
  const olaDm = () => s.fake.dmChannel('UOLA');
  const followUpMessages = () => s.fake.messages().filter(isFollowUp);
  const inThread = (heading: string) =>
    s.fake.messages(CHANNEL).filter((m) => m.thread_ts === promptTs && m.text.startsWith(heading));

  /**
   * Nothing is left to send: what the tick or a click wrote has reached the fake Slack (or failed).
   * A busy channel (a week's prompt, the last week's summary and a reply at once) meets Refleks' own
   * send budget, counted in real seconds in Redis; the row then waits on Refleks' clock. So the real
   * seconds are let pass, the clock is moved on as far, and the tick hands the row over again, as the
   * minute tick would.
   */
  const settled = async () => {
    for (let i = 0; i < 200; i++) {
      const open = (await s.db.select().from(outbox)).filter(
        (r) => r.status === 'pending' || r.status === 'sending',
      );
      if (!open.length) return;
      const now = s.clock.now().getTime();
      if (open.every((r) => r.status === 'pending' && r.notBefore.getTime() > now)) {
        const next = Math.min(...open.map((r) => r.notBefore.getTime()));
        await sleep(next - now);
        s.clock.set(new Date(next).toISOString());
        await runTick(s.running.deps);
      } else await sleep(50);
    }
    throw new Error('the outbox did not drain');
  };
  const tickAt = async (iso: string) => {
    s.clock.set(iso);
    const report = await runTick(s.running.deps);
    await settled();
    return report;
  };
  /** A minute before `iso` nothing is sent; at `iso` exactly one follow-up, to Ola's DM and nowhere else. */
  const followUpAt = async (iso: string) => {
    const before = followUpMessages().length;
    const early = new Date(Date.parse(iso) - 60_000).toISOString();
    expect((await tickAt(early)).followUps, `no follow-up at ${early}`).toBe(0);
    expect(followUpMessages(), `no follow-up at ${early}`).toHaveLength(before);
    expect((await tickAt(iso)).followUps, `one follow-up at ${iso}`).toBe(1);
    const fresh = followUpMessages().slice(before);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]!.channel).toBe(olaDm());
    expect(fresh[0]!.thread_ts).toBeUndefined();
    return fresh[0]!;
  };
  const nothingAt = async (iso: string) => {
    const [dm, all] = [s.fake.messages(olaDm()).length, followUpMessages().length];
    expect((await tickAt(iso)).followUps, `no follow-up at ${iso}`).toBe(0);
    expect(s.fake.messages(olaDm())).toHaveLength(dm);
    expect(followUpMessages()).toHaveLength(all);
  };
  /** Ola clicks a button on a message in her DM; Refleks opens the modal with the click's trigger_id. */
  const click = async (message: FakeSlackMessage, actionId: string, triggerId: string) => {
    const button = buttonsOf(message).find((b) => b.action_id === actionId);
    expect(button, `${actionId} on the message`).toBeDefined();
    const res = await s.interaction(
      blockActionPayload({
        teamId: TEAM,
        userId: 'UOLA',
        channelId: message.channel,
        messageTs: message.ts,
        actionId,
        value: button!.value!,
        triggerId,
        message: { text: message.text, blocks: message.blocks },
      }),
    );
    expect(res.status).toBe(200);
    const opened = await until(`views.open for ${actionId}`, () =>
      s.fake.callsTo('views.open').find((c) => c.args.trigger_id === triggerId),
    );
    const modal = opened.args.view as Modal;
    // What Slack sends back on submit: the opened view's own id and hash.
    const stored = s.fake
      .views()
      .findLast((v) => v.callback_id === modal.callback_id && v.private_metadata === modal.private_metadata)!;
    return { modal, viewId: stored.id, hash: stored.hash };
  };
  const submission = (
    opened: Awaited<ReturnType<typeof click>>,
    values: Record<string, Record<string, unknown>>,
    hash = opened.hash,
  ) =>
    viewSubmissionPayload({
      teamId: TEAM,
      userId: 'UOLA',
      view: {
        id: opened.viewId,
        hash,
        callback_id: opened.modal.callback_id,
        private_metadata: opened.modal.private_metadata,
        state: { values },
      },
    });

  beforeAll(async () => {
    s = await startSlackRefleks();
    // The team's prompt reminders are off: this file is about commitments, and the weekly cap counts both.
    const file = join(tmpdir(), `slack-commitment-org-${process.pid}-${Date.now()}.yaml`);
    writeFileSync(
      file,
      SLACK_ORG.replace(
        'schedule: { weekday: thursday, time: "14:00" }',
        'schedule: { weekday: thursday, time: "14:00" }\n    reminders: { via: dm, after_hours: [] }',
      ),
    );
    await applyOrg(s.db, await loadOrgFile(file), { now: s.clock.now() });
  });
  afterAll(() => s?.stop());

  it('makes a commitment in the New commitment modal with Ola as its only owner, due 4 December', async () => {
    const [team] = await s.db.select().from(teams);
    expect(team!.reminders).toEqual({ via: 'dm', afterHours: [] });
    const prompt = await openWeek48(s);
    promptTs = prompt.ts;
    const cycleId = json(prompt.blocks).match(/"value":"([0-9a-f-]{36})"/)![1]!;
    await s.interaction(
      blockActionPayload({
        teamId: TEAM,
        userId: 'UKARI',
        channelId: CHANNEL,
        messageTs: prompt.ts,
        actionId: ACTIONS.newCommitment,
        value: cycleId,
        triggerId: 'trig-new-commitment',
      }),
    );
    const opened = await until('views.open', () =>
      s.fake.callsTo('views.open').find((c) => c.args.trigger_id === 'trig-new-commitment'),
    );
    const modal = opened.args.view as Modal;
    expect(modal.callback_id).toBe(FORMS.commitment);
    const ola = modal.blocks
      .find((b) => b.block_id === 'owners')!
      .element.options!.find((o) => o.text.text === 'Ola Hansen')!.value;
    const [olaRow] = await s.db.select().from(people).where(eq(people.email, 'ola@sinsen.example'));
    expect(ola).toBe(olaRow!.id);
    const saved = await s.interaction(
      viewSubmissionPayload({
        teamId: TEAM,
        userId: 'UKARI',
        view: {
          id: 'V-commitment',
          callback_id: modal.callback_id,
          private_metadata: modal.private_metadata,
          state: {
            values: {
              owners: { owners: { type: 'multi_static_select', selected_options: [{ value: ola }] } },
              what: { what: { type: 'plain_text_input', value: WHAT } },
              trigger: { trigger: { type: 'plain_text_input', value: TRIGGER } },
              evidence: { evidence: { type: 'plain_text_input', value: EVIDENCE } },
              due: { due: { type: 'datepicker', selected_date: '2026-12-04' } },
            },
          },
        },
      }),
    );
    expect(saved).toEqual({ status: 200, text: '' });
    const card = await until('the commitment card in the thread', () =>
      s.fake
        .messages(CHANNEL)
        .find((m) => m.thread_ts === promptTs && json(m.blocks).includes('Ny forpliktelse')),
    );
    expect(json(card.blocks)).toContain(WHAT);
    expect(json(card.blocks)).toContain('Ola Hansen');
    await settled();

    const [commitment] = await s.db.select().from(commitments);
    commitmentId = commitment!.id;
    expect(commitment!.dueDate).toBe('2026-12-04');
    const planned = await s.db.select().from(followUps).where(eq(followUps.commitmentId, commitmentId));
    expect(
      planned
        .map((f) => [f.kind, f.dueAt.toISOString(), f.personId, f.status])
        .sort((a, b) => a[1]!.localeCompare(b[1]!)),
    ).toEqual([
      ['before_due', '2026-12-03T08:00:00.000Z', olaRow!.id, 'planned'],
      ['due', '2026-12-04T08:00:00.000Z', olaRow!.id, 'planned'],
      ['overdue', '2026-12-08T08:00:00.000Z', olaRow!.id, 'planned'],
    ]);
    // Nobody has been written to privately yet.
    expect(s.fake.callsTo('conversations.open')).toEqual([]);
  });

  it('reminds Ola, and only Ola, in a DM at 09:00 Oslo the school day before, quoting the commitment', async () => {
    const reminder = await followUpAt('2026-12-03T08:00:00Z');
    expect(reminder.text).toContain(`Påminnelse: «${WHAT}» har frist 4. desember 2026`);
    const shown = json(reminder.blocks);
    expect(shown).toContain('4. desember 2026');
    expect(shown).toContain(TRIGGER);
    expect(shown).toContain(EVIDENCE);
    // The day before: Done and Adjust, for this commitment.
    expect(buttonsOf(reminder).map((b) => [b.action_id, b.value])).toEqual([
      [ACTIONS.commitmentDone, commitmentId],
      [ACTIONS.commitmentAdjust, commitmentId],
    ]);
    // Posted to Ola's user id, which Slack delivers to Ola's DM with the app: nobody else was written
    // to privately, and no conversations.open (Tier 3) was spent on it.
    expect(s.fake.callsTo('conversations.open')).toEqual([]);
    const toUsers = s.fake.callsTo('chat.postMessage').filter((c) => String(c.args.channel).startsWith('U'));
    expect(toUsers.map((c) => c.args.channel)).toEqual(['UOLA']);
    expect(s.fake.messages().filter((m) => m.channel.startsWith('D'))).toEqual([reminder]);
    expect(s.fake.messages(CHANNEL).some((m) => m.text.includes('Påminnelse'))).toBe(false);
  });

  it('asks on the due day with Done, Adjust, Put aside and Remind me next week', async () => {
    const question = await followUpAt('2026-12-04T08:00:00Z');
    expect(question.text).toContain(`I dag er fristen for «${WHAT}»`);
    expect(json(question.blocks)).toContain('Hvordan gikk det?');
    expect(buttonsOf(question).map((b) => [b.action_id, b.value])).toEqual([
      [ACTIONS.commitmentDone, commitmentId],
      [ACTIONS.commitmentAdjust, commitmentId],
      [ACTIONS.commitmentDrop, commitmentId],
      [ACTIONS.commitmentSnooze, commitmentId],
    ]);
    expect(json(question.blocks)).toContain('Juster');
    expect(json(question.blocks)).toContain('Legg bort');
    expect(json(question.blocks)).toContain('Minn meg neste uke');
  });

  it('moves the date with Adjust in a modal: the team’s thread is told once, the old overdue reminder never comes', async () => {
    const question = followUpMessages().at(-1)!;
    const opened = await click(question, ACTIONS.commitmentAdjust, 'trig-adjust');
    expect(opened.modal.callback_id).toBe(FORMS.commitmentAdjust);
    const due = opened.modal.blocks.find((b) => b.block_id === 'due')!;
    expect(due.element.initial_date).toBe('2026-12-04');
    expect(due.hint?.text).toContain(WHAT);

    // A date in the past is refused on the field, in the ack.
    const past = await s.interaction(
      submission(
        opened,
        {
          due: { due: { type: 'datepicker', selected_date: '2026-12-01' } },
          change: { change: { type: 'plain_text_input', value: CHANGE } },
        },
        'hash-past',
      ),
    );
    expect(past.status).toBe(200);
    expect(JSON.parse(past.text)).toEqual({
      response_action: 'errors',
      errors: { due: 'Fristen kan ikke være før i dag.' },
    });

    const adjust = submission(opened, {
      due: { due: { type: 'datepicker', selected_date: '2026-12-11' } },
      change: { change: { type: 'plain_text_input', value: CHANGE } },
    });
    expect(await s.interaction(adjust)).toEqual({ status: 200, text: '' });
    // The same submission again (same view id and hash): nothing doubles.
    expect(await s.interaction(adjust)).toEqual({ status: 200, text: '' });
    await settled();
    const told = inThread('Forpliktelse justert')[0]!;
    expect(told, '“Forpliktelse justert” in the thread').toBeDefined();
    expect(told.text).toBe(`Forpliktelse justert: ${WHAT}`);
    expect(json(told.blocks)).toContain(CHANGE);
    expect(json(told.blocks)).toContain('11. desember 2026');
    expect(inThread('Forpliktelse justert')).toHaveLength(1);
    const [row] = await s.db.select().from(commitments).where(eq(commitments.id, commitmentId));
    expect(row!.dueDate).toBe('2026-12-11');
    expect(row!.history.map((e) => e.change)).toEqual(['created', 'adjusted: 2026-12-04 → 2026-12-11']);
    const planned = await s.db.select().from(followUps).where(eq(followUps.commitmentId, commitmentId));
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

  it('reminds again for the new date, asks on it, and Done in a modal closes it for good', async () => {
    const reminder = await followUpAt('2026-12-10T08:00:00Z');
    expect(reminder.text).toContain(`Påminnelse: «${WHAT}» har frist 11. desember 2026`);
    const question = await followUpAt('2026-12-11T08:00:00Z');
    expect(question.text).toContain(`I dag er fristen for «${WHAT}»`);
    expect(buttonsOf(question).map((b) => b.action_id)).toEqual([
      ACTIONS.commitmentDone,
      ACTIONS.commitmentAdjust,
      ACTIONS.commitmentDrop,
      ACTIONS.commitmentSnooze,
    ]);

    const opened = await click(question, ACTIONS.commitmentDone, 'trig-done');
    expect(opened.modal.callback_id).toBe(FORMS.commitmentDone);
    const done = submission(opened, { impact: { impact: { type: 'plain_text_input', value: IMPACT } } });
    expect(await s.interaction(done)).toEqual({ status: 200, text: '' });
    await settled();
    const told = inThread('Forpliktelse gjennomført')[0]!;
    expect(told, '“Forpliktelse gjennomført” in the thread').toBeDefined();
    expect(json(told.blocks)).toContain(IMPACT);
    // The same submission again: the commitment is closed once, the team told once.
    expect((await s.interaction(done)).status).toBe(200);
    await settled();
    expect(inThread('Forpliktelse gjennomført')).toHaveLength(1);
    const [row] = await s.db.select().from(commitments).where(eq(commitments.id, commitmentId));
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
    const dm = s.fake.messages(olaDm());
    expect(dm.map((m) => m.text)).toEqual([
      `Påminnelse: «${WHAT}» har frist 4. desember 2026`,
      `I dag er fristen for «${WHAT}»`,
      `Påminnelse: «${WHAT}» har frist 11. desember 2026`,
      `I dag er fristen for «${WHAT}»`,
    ]);
    expect(new Set(dm.map((m) => m.ts)).size).toBe(4);
    expect(followUpMessages()).toEqual(dm);
    expect(s.fake.callsTo('conversations.open')).toHaveLength(0);
    expect(new Set(dm.map((m) => m.channel))).toEqual(new Set([s.fake.dmChannel('UOLA')]));
    const sent = await s.db.select().from(followUps).where(eq(followUps.status, 'sent'));
    expect(sent).toHaveLength(4);
    const rows = await s.db.select().from(outbox).where(eq(outbox.kind, 'follow_up'));
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(new Set(rows.map((r) => (r.payload as { followUpId: string }).followUpId))).toEqual(
      new Set(sent.map((f) => f.id)),
    );
    // Nothing Refleks wrote on the way was given up on.
    expect((await s.db.select().from(outbox)).filter((r) => r.status === 'failed')).toEqual([]);
  });
});
