import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRetention } from '../../src/app/privacy/retention.ts';
import { ACTIONS } from '../../src/core/loop/ids.ts';
import type { Form } from '../../src/core/ui/model.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { recordPiiBlock } from '../../src/db/repositories/events.ts';
import {
  auditEvents,
  commitments,
  cycles,
  localMessages,
  outbox,
  owners,
  piiEvents,
  responses,
  sharedUpdates,
  supportRequests,
} from '../../src/db/schema/index.ts';
import { createLoopHarness, type LoopHarness } from '../support/loop-harness.ts';

const OLA = 'ola@refleksvik.example';
const KARI = 'kari@refleksvik.example';
const NORA = 'nora@refleksvik.example';
const ANSWER = 'Gruppen ved vinduet strever med brøk';

/**
 * Retention with a moving clock, on the demo school (PGlite): the reference's defaults — answers to
 * the end of their school year plus one year, raw ratings 90 days, commitments 3 years, logs 12
 * months — and an audit record of what each run deleted.
 */
describe('retention (PGlite, demo school, moving clock)', () => {
  let database: Database;
  let h: LoopHarness;
  let week48: string;

  const form = (result: unknown) => (result as { form: Form }).form;
  const answersOf = (cycleId: string) =>
    h.db
      .select({ body: responses.body, personId: responses.personId, rating: responses.rating })
      .from(responses)
      .where(eq(responses.cycleId, cycleId));
  const retentionAudits = async (since = new Date(0)) =>
    (await h.db.select().from(auditEvents)).filter((a) => a.action === 'retention.deleted' && a.at >= since);

  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    h = await createLoopHarness(database, '2026-11-23T08:00:00Z');
    week48 = await h.openWeek48();
    await h.answer(OLA, week48, { body: ANSWER });
    // A rating as a rating step stores it (that step comes later in the programme's year).
    await h.db.update(responses).set({ rating: 4 }).where(eq(responses.cycleId, week48));
    const commitment = form(await h.click(KARI, ACTIONS.newCommitment, week48));
    await h.submit(KARI, commitment.formId, commitment.privateMetadata, {
      owners: ['team'],
      what: 'Exit tickets hver fredag',
      trigger: 'Når timen slutter',
      evidence: 'Lappene',
      due: '2026-12-11',
    });
    const support = (await h.command(KARI, 'support Vi trenger tid til lesekurs')) as { form: Form };
    await h.submit(KARI, support.form.formId, support.form.privateMetadata, {
      body: 'Vi trenger tid til lesekurs',
    });
    await recordPiiBlock(h.db, {
      kind: 'identity_number',
      place: 'thread_reply',
      teamId: await h.teamId('demo-5trinn'),
    });
    // Monday 07:31: Nora has not answered, and her reminder comes as a direct message.
    h.clock.set('2026-11-30T06:31:00Z');
    await h.tick();
    await h.drain();
    h.clock.set('2026-12-03T13:00:00Z');
    await h.tick();
    await h.drain();
    // The closed week is shared upward (the lead's words, kept three years like commitments).
    const share = form(await h.click(KARI, ACTIONS.shareUpward, week48));
    await h.submit(KARI, share.formId, share.privateMetadata, {
      decision: 'share',
      shared: 'Vi jobber med brøk.',
    });
  });
  afterAll(() => database.close());

  it('keeps everything while it is young', async () => {
    const run = await runRetention(h.db, { now: new Date('2027-01-15T03:00:00Z') });
    expect(run.owners[0]?.counts).toMatchObject({ answersAnonymised: 0, ratingsFolded: 0, commitments: 0 });
    expect(await answersOf(week48)).toEqual([{ body: ANSWER, personId: expect.any(String), rating: 4 }]);
  });

  it('folds raw ratings into the round’s counts after 90 days and keeps the words', async () => {
    const dry = await runRetention(h.db, { now: new Date('2027-03-10T03:00:00Z'), dryRun: true });
    expect(dry.owners[0]?.counts.ratingsFolded).toBe(1);
    // A dry run changes nothing, not even the audit log.
    expect((await answersOf(week48))[0]?.rating).toBe(4);

    const run = await runRetention(h.db, { now: new Date('2027-03-10T03:00:00Z') });
    expect(run.owners[0]?.counts).toEqual(dry.owners[0]?.counts);
    expect(await answersOf(week48)).toEqual([{ body: ANSWER, personId: expect.any(String), rating: null }]);
    const [round] = await h.db
      .select({ counts: cycles.ratingCounts })
      .from(cycles)
      .where(eq(cycles.id, week48));
    expect(round?.counts).toEqual([0, 0, 0, 1, 0]);
  });

  it('anonymises answers one year after their school year ends, and keeps the count', async () => {
    // 2026–27 ends 31 July 2027; its answers stay through 31 July 2028.
    const july = await runRetention(h.db, { now: new Date('2028-07-31T20:00:00Z') });
    // Audit records older than 12 months go (those written when the demo was applied, in 2026).
    expect(july.shared.counts.auditEvents).toBeGreaterThan(0);
    expect((await answersOf(week48))[0]?.body).toBe(ANSWER);

    expect((await h.conversation(`dm:${NORA}`)).length).toBeGreaterThan(0);
    const run = await runRetention(h.db, { now: new Date('2028-08-01T01:00:00Z') });
    expect(run.owners[0]?.counts.answersAnonymised).toBe(1);
    expect(await answersOf(week48)).toEqual([{ body: null, personId: null, rating: null }]);
    const [answered] = await h.db.select({ n: count() }).from(responses).where(eq(responses.cycleId, week48));
    expect(answered?.n).toBe(1);
    // The local chat's threads and direct messages go with the answers they hold.
    expect((await h.conversation(`dm:${NORA}`)).length).toBe(0);
    expect(run.owners[0]?.counts.localMessages).toBeGreaterThan(0);
    expect(await h.db.select().from(localMessages)).toEqual([]);
    // The log of blocked identity numbers goes after 12 months; copies of delivered messages (they
    // may quote answers) go with the answers.
    expect(await h.db.select().from(piiEvents)).toEqual([]);
    expect(run.shared.counts.deliveryRecords).toBeGreaterThan(0);
    expect(await h.db.select().from(outbox).where(sql`${outbox.status} = 'sent'`)).toEqual([]);
  });

  it('deletes commitments three years after they closed, support requests three years after they were asked', async () => {
    // Done on 1 February 2027 (as the Done form records it): its three years run from then.
    await h.db
      .update(commitments)
      .set({ status: 'done', closedAt: new Date('2027-02-01T09:00:00Z') })
      .where(eq(commitments.what, 'Exit tickets hver fredag'));
    const requestRun = await runRetention(h.db, { now: new Date('2029-12-01T03:00:00Z') });
    expect(requestRun.owners[0]?.counts).toMatchObject({ commitments: 0, supportRequests: 1 });
    expect(await h.db.select().from(supportRequests)).toEqual([]);
    expect(await h.db.select().from(commitments)).toHaveLength(1);
    expect(await h.db.select().from(sharedUpdates)).toHaveLength(1);
    const run = await runRetention(h.db, { now: new Date('2030-02-02T03:00:00Z') });
    expect(run.owners[0]?.counts).toMatchObject({ commitments: 1, sharedUpdates: 1 });
    expect(await h.db.select().from(sharedUpdates)).toEqual([]);
    expect(await h.db.select().from(commitments)).toEqual([]);
  });

  it('writes what each run deleted to the audit log: counts, never content', async () => {
    const audits = await retentionAudits();
    const commitmentRun = audits.find((a) => (a.details as { commitments?: number }).commitments === 1);
    expect(commitmentRun).toMatchObject({ actor: 'system', subjectKind: 'owner', subjectId: 'demo' });
    expect(JSON.stringify(audits)).not.toContain(ANSWER);
  });

  it('follows an owner’s own periods', async () => {
    await h.db
      .update(owners)
      .set({ retention: { commitmentsYears: 5, logsMonths: 24 } })
      .where(eq(owners.key, 'demo'));
    const run = await runRetention(h.db, { now: new Date('2030-01-01T03:00:00Z') });
    expect(run.owners[0]?.policy).toEqual({
      responsesYearsAfterSchoolYear: 1,
      commitmentsYears: 5,
      ratingsRawDays: 90,
      logsMonths: 24,
    });
    expect(run.owners[0]?.cutoffs.commitmentsBefore.toISOString()).toBe('2025-01-01T03:00:00.000Z');
  });

  it('runs once a day from the daily tick, after 02:00 local time', async () => {
    const today = new Date('2030-03-04T00:00:00Z');
    h.clock.set('2030-03-04T00:30:00Z'); // 01:30 in Oslo: not yet
    await h.tick();
    expect(await retentionAudits(today)).toEqual([]);
    h.clock.set('2030-03-04T01:05:00Z'); // 02:05 in Oslo
    await h.tick();
    await h.tick();
    const [owner] = await h.db.select().from(owners).where(eq(owners.key, 'demo'));
    expect(owner?.retentionRanOn).toBe('2030-03-04');
    // One record for the owner and one for the shared logs, from one run only.
    expect(await retentionAudits(today)).toHaveLength(2);
  });
});
