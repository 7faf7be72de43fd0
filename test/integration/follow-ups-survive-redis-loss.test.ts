import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runTick, type TickReport } from '../../src/app/cycles/tick.ts';
import { applyOrg, loadOrgFile } from '../../src/app/org/index.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { ACTIONS, FORMS } from '../../src/core/loop/ids.ts';
import { isoWeekKey } from '../../src/core/schedule/index.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import {
  commitments,
  followUps,
  outbox,
  owners,
  people,
  personMessages,
  teams,
} from '../../src/db/schema/index.ts';
import { DEMO_ORG_FILE } from '../../src/runtime/demo.ts';
import { createTestDatabase, redisTestPrefix } from '../support/databases.ts';
import {
  type DueFollowUps,
  duePlannedFollowUps,
  followUpOutboxRows,
  landedFollowUps,
  settleOutbox,
  waitFor,
} from '../support/follow-up-records.ts';
import { type WorkerNode as Node, startWorkerNode } from '../support/follow-up-worker-nodes.ts';
import {
  type CommitmentInput,
  type LocalChatActions,
  localChatActions,
} from '../support/local-chat-actions.ts';

const KARI = 'kari@refleksvik.example';
const OLA = 'ola@refleksvik.example';
const NORA = 'nora@refleksvik.example';
const JONAS = 'jonas@refleksvik.example';

/** 09:00 in Oslo (winter time): when every follow-up is due. */
const nine = (date: string) => `${date}T08:00:00.000Z`;

/**
 * Commitment follow-ups are planned in PostgreSQL and written to the outbox by the tick; BullMQ on
 * Redis only executes. Six commitments (owners over the demo team's members, one for the whole
 * team, due dates over two weeks) are followed up with a moving clock by two real workers on a real
 * Redis and a real PostgreSQL, while Redis loses all its data between a tick and the sends, a worker
 * is closed mid-delivery and replaced, and another dies mid-delivery and is replaced. Every planned
 * follow-up that is not cancelled lands exactly once where it belongs.
 *
 * The weekly cap stays at its default (3 per person per ISO week): the load is spread so that no
 * one is over it, and three people reach it exactly (Ola in week 49, Nora and Jonas in week 50).
 * Prompt reminders are turned off so that the cap counts follow-ups only.
 */
describe('commitment follow-ups when Redis loses its data and workers come and go', () => {
  const clock = new ManualClock('2026-11-23T08:00:00Z');
  const prefix = redisTestPrefix();
  let target: Awaited<ReturnType<typeof createTestDatabase>>;
  let admin: Redis;
  /** The nodes running now; [0] is "A", [1] is "B" and is the one replaced. */
  const live: Node[] = [];
  const gone: Node[] = [];
  let db: Database['db'];
  let chat: LocalChatActions;
  const ids: Record<string, string> = {};

  const startNode = (name: string) => startWorkerNode(name, { url: target.url, clock, prefix });

  const sum = (reports: TickReport[], field: keyof TickReport) => reports.reduce((n, r) => n + r[field], 0);
  /** Every live node ticks at the same moment, as the scheduler on two processes may. */
  const tickAll = () => Promise.all(live.map((n) => runTick(n.deps)));

  const settle = () => settleOutbox(db);
  const landed = () => landedFollowUps(db);
  const duePlanned = () => duePlannedFollowUps(db, clock.now());
  type Due = DueFollowUps;
  const followUpOutbox = (due: Due) => followUpOutboxRows(db, due);

  /** The normal way: both nodes tick, the workers send. */
  async function tickAndSettle(due: Due) {
    const reports = await tickAll();
    expect(sum(reports, 'followUps')).toBe(due.length);
    await settle();
  }

  /**
   * Moves the clock to `at`, lets `deliver` run the tick(s) and the workers, and checks that what
   * was due arrived exactly once, where it belongs, and that nothing whose time passed is planned.
   */
  async function step(at: string, deliver: (due: Due) => Promise<void> = tickAndSettle) {
    clock.set(at);
    const due = await duePlanned();
    expect(due.length, `follow-ups due at ${at}`).toBeGreaterThan(0);
    const before = new Set((await landed()).map((m) => m.id));
    await deliver(due);
    const arrived = (await landed()).filter((m) => !before.has(m.id)).map((m) => m.label);
    expect(arrived.sort(), `arrived at ${at}`).toEqual(due.map((d) => d.label).sort());
    const written = await followUpOutbox(due);
    expect(written.map((r) => r.status)).toEqual(due.map(() => 'sent'));
    expect(await duePlanned(), 'planned although its time has passed').toEqual([]);
  }

  const personId = (email: string) => chat.personId(email);
  const click: LocalChatActions['click'] = (...args) => chat.click(...args);
  const submit: LocalChatActions['submit'] = (...args) => chat.submit(...args);
  const makeCommitment = async ({ label, ...input }: CommitmentInput & { label: string }) => {
    ids[label] = await chat.makeCommitment(input);
  };

  beforeAll(async () => {
    target = await createTestDatabase();
    const first = await openDatabase({ url: target.url }, { max: 1 });
    await migrateDatabase(first);
    await applyOrg(first.db, await loadOrgFile(DEMO_ORG_FILE), { now: clock.now() });
    // Prompt reminders off: the weekly cap then counts follow-ups only.
    await first.db.update(teams).set({ reminders: { via: 'dm', afterHours: [] } });
    await first.close();
    admin = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
    live.push(await startNode('A'), await startNode('B'));
    db = live[0]!.database.db;
    chat = localChatActions(live[0]!.deps);

    clock.set('2026-11-26T13:00:00Z'); // Thursday 14:00 in Oslo: both teams get their prompt
    expect(sum(await tickAll(), 'opened')).toBe(2);
    await settle();

    // Six commitments, made through the chat while the prompt is open.
    await makeCommitment({
      label: 'lesekvarter',
      by: KARI,
      team: 'demo-5trinn',
      owners: [NORA],
      what: 'Lesekvarter hver morgen',
      due: '2026-11-30',
    });
    await makeCommitment({
      label: 'exit',
      by: KARI,
      team: 'demo-5trinn',
      owners: [OLA],
      what: 'Exit ticket i matte',
      due: '2026-12-01',
    });
    await makeCommitment({
      label: 'kriterier',
      by: OLA,
      team: 'demo-5trinn',
      owners: [KARI],
      what: 'Felles vurderingskriterier',
      due: '2026-12-03',
    });
    await makeCommitment({
      label: 'samtaler',
      by: KARI,
      team: 'demo-5trinn',
      owners: [],
      what: 'Elevsamtaler om lesing',
      due: '2026-12-04',
    });
    await makeCommitment({
      label: 'kladdebok',
      by: JONAS,
      team: 'demo-6trinn',
      owners: [JONAS, NORA],
      what: 'Tilbakemelding i kladdeboka',
      due: '2026-12-08',
    });
    await makeCommitment({
      label: 'brok',
      by: NORA,
      team: 'demo-5trinn',
      owners: [OLA],
      what: 'Brøk med konkreter',
      due: '2026-12-11',
    });
    await settle();
  });

  afterAll(async () => {
    for (const node of live) await node.shutdown();
    for (const node of gone) await node.shutdown(); // a no-op for those already closed
    const left = await admin.keys(`${prefix}:*`);
    if (left.length) await admin.del(...left);
    await admin.quit();
    await target?.drop();
  });

  it('plans three follow-ups per owner (one set for the whole team) at 09:00 on school days', async () => {
    const rows = await db
      .select({ what: commitments.what, kind: followUps.kind, email: people.email, at: followUps.dueAt })
      .from(followUps)
      .innerJoin(commitments, eq(commitments.id, followUps.commitmentId))
      .leftJoin(people, eq(people.id, followUps.personId))
      .where(eq(followUps.status, 'planned'));
    const plan = (what: string, who: string, before: string, due: string, overdue: string) => [
      `${nine(before)} before_due ${who} ${what}`,
      `${nine(due)} due ${who} ${what}`,
      `${nine(overdue)} overdue ${who} ${what}`,
    ];
    expect(rows.map((r) => `${r.at.toISOString()} ${r.kind} ${r.email ?? 'team'} ${r.what}`).sort()).toEqual(
      [
        ...plan('Lesekvarter hver morgen', NORA, '2026-11-27', '2026-11-30', '2026-12-02'),
        ...plan('Exit ticket i matte', OLA, '2026-11-30', '2026-12-01', '2026-12-03'),
        ...plan('Felles vurderingskriterier', KARI, '2026-12-02', '2026-12-03', '2026-12-07'),
        ...plan('Elevsamtaler om lesing', 'team', '2026-12-03', '2026-12-04', '2026-12-08'),
        ...plan('Tilbakemelding i kladdeboka', JONAS, '2026-12-07', '2026-12-08', '2026-12-10'),
        ...plan('Tilbakemelding i kladdeboka', NORA, '2026-12-07', '2026-12-08', '2026-12-10'),
        ...plan('Brøk med konkreter', OLA, '2026-12-10', '2026-12-11', '2026-12-15'),
      ].sort(),
    );
    const [owner] = await db.select().from(owners);
    expect(owner!.weeklyReminderCap).toBe(3); // the default: this test spreads the load under it
  });

  it('delivers each follow-up once as the clock moves, with two workers ticking at once', async () => {
    await step(nine('2026-11-27'));
    await step(nine('2026-11-30'));
    await step(nine('2026-12-01'));
    await step(nine('2026-12-02'));
  });

  it('loses nothing and doubles nothing when Redis loses all its data between the tick and the sends', async () => {
    await step(nine('2026-12-03'), async (due) => {
      expect(due.length).toBe(3); // Ola overdue, Kari due, the whole team's reminder in the channel
      // The workers take nothing for now, so the jobs are in Redis and nowhere else.
      await Promise.all(live.map((n) => n.worker.pause()));
      const reports = await tickAll();
      expect(sum(reports, 'followUps')).toBe(3);
      expect((await followUpOutbox(due)).map((r) => r.status)).toEqual(['pending', 'pending', 'pending']);
      expect(await live[0]!.queue.queue.getWaitingCount()).toBeGreaterThanOrEqual(3);

      // Redis loses everything of this test (other test files share the server).
      const keys = await admin.keys(`${prefix}:*`);
      expect(keys.length).toBeGreaterThan(0);
      await admin.del(...keys);
      expect(await live[0]!.queue.queue.getWaitingCount()).toBe(0);
      await Promise.all(live.map((n) => n.worker.resume()));

      // The next tick writes nothing new and hands the outbox over again.
      clock.advance(60_000);
      const again = await tickAll();
      expect(sum(again, 'followUps')).toBe(0);
      expect(sum(again, 'enqueued')).toBeGreaterThanOrEqual(3);
      await settle();
    });

    // Kari marks her commitment done: its overdue reminder is cancelled, never sent.
    const done = await click(KARI, ACTIONS.commitmentDone, ids.kriterier!);
    if (done.type !== 'open_form') throw new Error(JSON.stringify(done));
    expect(
      (await submit(KARI, FORMS.commitmentDone, done.form.privateMetadata, { impact: 'Alle bruker dem.' }))
        .type,
    ).toBe('notice');
    await settle();

    await step(nine('2026-12-04'));
    // The fractions commitment moves to Monday 14 December: its old follow-ups are cancelled.
    const adjust = await click(OLA, ACTIONS.commitmentAdjust, ids.brok!);
    if (adjust.type !== 'open_form') throw new Error(JSON.stringify(adjust));
    expect(
      (
        await submit(OLA, FORMS.commitmentAdjust, adjust.form.privateMetadata, {
          due: '2026-12-14',
          change: 'Konkretene kommer senere',
        })
      ).type,
    ).toBe('notice');
    await settle();
  });

  it('loses nothing and doubles nothing when a worker is closed mid-delivery and replaced', async () => {
    await step(nine('2026-12-07')); // Jonas and Nora; Kari's overdue reminder stays cancelled
    await step(nine('2026-12-08'), async (due) => {
      expect(due.length).toBe(3); // the whole team overdue, Jonas and Nora due
      const [a, b] = live as [Node, Node];
      await a.worker.pause(); // so B has the jobs
      const hold = b.adapter.holdNextFollowUp();
      expect(sum(await tickAll(), 'followUps')).toBe(3);
      await hold.reached; // B has claimed a follow-up and is about to post it
      const closing = b.worker.close(); // stopped mid-run: it finishes what it holds
      hold.release();
      await closing;
      await b.shutdown();
      gone.push(b);
      live[1] = await startNode('B2');
      await a.worker.resume();
      clock.advance(60_000);
      expect(sum(await tickAll(), 'followUps')).toBe(0);
      await settle();
    });
  });

  it('loses nothing and doubles nothing when a worker dies mid-delivery and is replaced', async () => {
    await step(nine('2026-12-10'), async (due) => {
      expect(due.length).toBe(2); // Jonas and Nora overdue (the fractions reminder moved)
      const [a, b] = live as [Node, Node];
      await a.worker.pause();
      const hold = b.adapter.holdNextFollowUp();
      expect(sum(await tickAll(), 'followUps')).toBe(2);
      const stuckIn = await hold.reached;
      // B finishes the other one; the held one is claimed ('sending', under a lease) and never posted.
      await waitFor('the other follow-up to be sent', async () => {
        const statuses = (await followUpOutbox(due)).map((r) => r.status).sort();
        return statuses.join() === 'sending,sent';
      });
      await b.crash();
      gone.push(b);
      live[1] = await startNode('B3');
      await a.worker.resume();

      const stuck = (await followUpOutbox(due)).find((r) => r.status === 'sending')!;
      expect(stuck.personId).toBe(await personId(stuckIn.slice('dm:'.length)));
      // While the dead sender's lease runs, nobody else sends it (it might still be posting).
      clock.advance(60_000);
      await tickAll();
      expect((await followUpOutbox(due)).find((r) => r.id === stuck.id)!.status).toBe('sending');
      // Once the lease has run out, the tick hands it over again and a live worker sends it.
      clock.advance(2 * 60_000);
      expect(sum(await tickAll(), 'enqueued')).toBeGreaterThanOrEqual(1);
      await settle();
      const sent = (await followUpOutbox(due)).find((r) => r.id === stuck.id)!;
      expect([sent.status, sent.attempts]).toEqual(['sent', 2]);
    });
    await step(nine('2026-12-11'));
    await step(nine('2026-12-14'));
    await step(nine('2026-12-16'));
  });

  it('in the end: every planned follow-up delivered exactly once, except the cancelled ones', async () => {
    clock.set('2026-12-18T15:00:00Z');
    await tickAll();
    await settle();
    const all = await db.select().from(followUps);
    const by = (status: string) => all.filter((f) => f.status === status);
    expect(all).toHaveLength(24); // 7 sets of 3, and 3 more for the moved date
    expect(by('planned')).toEqual([]);
    expect(by('skipped')).toEqual([]); // no one over the weekly cap
    expect(
      by('cancelled')
        .map((f) => f.reason)
        .sort(),
    ).toEqual(['done', 'replanned', 'replanned', 'replanned']);
    expect(by('sent')).toHaveLength(24 - 4);

    // In the outbox: one row per sent follow-up, each sent once, none for a cancelled one.
    const rows = await db.select().from(outbox).where(eq(outbox.kind, 'follow_up'));
    expect(rows.map((r) => r.key).sort()).toEqual(
      by('sent')
        .map((f) => `follow-up:${f.id}`)
        .sort(),
    );
    expect(rows.every((r) => r.status === 'sent')).toBe(true);

    // Where they landed: one message per sent follow-up, never twice the same one.
    const messages = await landed();
    const labels = messages.map((m) => m.label);
    expect(new Set(labels).size).toBe(labels.length);
    expect(messages).toHaveLength(by('sent').length);
    const perConversation: Record<string, number> = {};
    for (const label of labels) {
      const conversation = label.split(' ')[0]!;
      perConversation[conversation] = (perConversation[conversation] ?? 0) + 1;
    }
    expect(perConversation).toEqual({
      [`dm:${NORA}`]: 6,
      [`dm:${OLA}`]: 6,
      [`dm:${KARI}`]: 2,
      [`dm:${JONAS}`]: 3,
      'demo-5trinn': 3,
    });
    // Each outbox row points at its own message: no extra post from a stopped or dead worker.
    const refs = rows.map((r) => (r.platformRef as { messageId: string }).messageId).sort();
    expect(refs).toEqual(messages.map((m) => m.id).sort());

    // The weekly cap: at most 3 per person per ISO week, reached but not passed.
    const counted = await db.select().from(personMessages);
    const perWeek: Record<string, number> = {};
    for (const m of counted) {
      const email = (await db.select().from(people).where(eq(people.id, m.personId)))[0]!.email;
      perWeek[`${email} ${m.weekKey}`] = (perWeek[`${email} ${m.weekKey}`] ?? 0) + 1;
    }
    const week = (date: string) => isoWeekKey(new Date(nine(date)));
    expect(perWeek).toEqual({
      [`${NORA} ${week('2026-11-27')}`]: 1,
      [`${NORA} ${week('2026-11-30')}`]: 2,
      [`${NORA} ${week('2026-12-07')}`]: 3,
      [`${OLA} ${week('2026-11-30')}`]: 3,
      [`${OLA} ${week('2026-12-11')}`]: 1,
      [`${OLA} ${week('2026-12-14')}`]: 2,
      [`${KARI} ${week('2026-12-02')}`]: 2,
      [`${JONAS} ${week('2026-12-07')}`]: 3,
    });
  });
});
