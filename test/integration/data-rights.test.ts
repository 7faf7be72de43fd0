import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAuditLog } from '../../src/app/privacy/audit-log.ts';
import { deleteOwnAnswers, erasePerson } from '../../src/app/privacy/erase-person.ts';
import { exportPerson } from '../../src/app/privacy/export-person.ts';
import { ACTIONS } from '../../src/core/loop/ids.ts';
import type { Form } from '../../src/core/ui/model.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import {
  auditEvents,
  commitmentOwners,
  commitments,
  people,
  platformIdentities,
  responses,
  roleAssignments,
} from '../../src/db/schema/index.ts';
import { createLoopHarness, type LoopHarness } from '../support/loop-harness.ts';

const OLA = 'ola@refleksvik.example';
const NORA = 'nora@refleksvik.example';
const KARI = 'kari@refleksvik.example';
const OLA_ANSWER = 'Gruppen ved vinduet strever med brøk';
const NORA_ANSWER = 'Lesegruppa trenger mer tid med høytlesing';
const WHAT = 'Exit tickets hver fredag';

/** The right of access and of erasure, and the audit log they write to (PGlite, demo school). */
describe('data rights: export, delete my answers, erase (PGlite, demo school)', () => {
  let database: Database;
  let h: LoopHarness;
  let week48: string;
  const form = (result: unknown) => (result as { form: Form }).form;

  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    h = await createLoopHarness(database, '2026-11-23T08:00:00Z');
    week48 = await h.openWeek48();
    await h.answer(OLA, week48, { body: OLA_ANSWER });
    await h.answer(NORA, week48, { body: NORA_ANSWER });
    const commitment = form(await h.click(OLA, ACTIONS.newCommitment, week48));
    await h.submit(OLA, commitment.formId, commitment.privateMetadata, {
      owners: ['team'],
      what: WHAT,
      trigger: 'Når timen slutter',
      evidence: 'Lappene',
      due: '2026-12-11',
    });
  });
  afterAll(() => database.close());

  it('exports a person’s own answers and commitments, and nobody else’s words', async () => {
    const data = await exportPerson(h.db, ' OLA@refleksvik.example ', { now: h.clock.now(), by: 'cli' });
    expect(data.person.email).toBe(OLA);
    expect(data.responses.map((r) => r.body)).toEqual([OLA_ANSWER]);
    expect(data.commitments).toMatchObject([{ what: WHAT, createdByMe: true }]);
    expect(JSON.stringify(data)).not.toContain(NORA_ANSWER);
    const [record] = (await readAuditLog(h.db)).filter((a) => a.action === 'person.exported');
    expect(record).toMatchObject({ actor: 'cli', subjectKind: 'person' });
  });

  it('lets a person delete their own answers: the words go, the count stays', async () => {
    const [nora] = await h.db.select().from(people).where(eq(people.email, NORA));
    expect(await deleteOwnAnswers(h.db, nora!.id)).toBe(1);
    const rows = await h.db.select().from(responses).where(eq(responses.cycleId, week48));
    expect(rows.map((r) => r.body).sort()).toEqual([OLA_ANSWER, null].sort());
    expect(rows.find((r) => r.body === null)?.personId).toBeNull();
    const data = await exportPerson(h.db, NORA, { now: h.clock.now(), by: 'person' });
    expect(data.responses).toEqual([]);
    const log = await readAuditLog(h.db);
    expect(log.find((a) => a.action === 'person.answers_deleted')).toMatchObject({
      actor: 'person',
      actorPersonId: nora!.id,
      details: { answers: 1 },
    });
  });

  it('erases a person: answers, identities and roles go; commitments stay the team’s; counts remain', async () => {
    const [ola] = await h.db.select().from(people).where(eq(people.email, OLA));
    const erased = await erasePerson(h.db, OLA);
    expect(erased).toMatchObject({ answersAnonymised: 1, commitmentsUnlinked: 1, identities: 1 });
    expect(erased.roles).toBeGreaterThan(0);
    expect(await h.db.select().from(people).where(eq(people.email, OLA))).toEqual([]);
    expect(
      await h.db.select().from(platformIdentities).where(eq(platformIdentities.personId, ola!.id)),
    ).toEqual([]);
    expect(await h.db.select().from(roleAssignments).where(eq(roleAssignments.personId, ola!.id))).toEqual(
      [],
    );
    const [answered] = await h.db.select({ n: count() }).from(responses).where(eq(responses.cycleId, week48));
    expect(answered?.n).toBe(2);
    const [kept] = await h.db.select().from(commitments);
    expect(kept).toMatchObject({ what: WHAT, createdBy: null });
    expect(JSON.stringify(kept?.history)).not.toContain(ola!.id);
    expect(await h.db.select().from(commitmentOwners)).toEqual([]);
    // Nothing anywhere still names Ola or holds Ola's answer (the audit log keeps only an opaque id).
    const everything = await h.db.execute(
      sql`select string_agg(t::text, ' ') as all from (select * from responses) t`,
    );
    expect(JSON.stringify(everything)).not.toContain(OLA_ANSWER);
    const log = await readAuditLog(h.db);
    const record = log.find((a) => a.action === 'person.erased');
    expect(record).toMatchObject({ subjectId: ola!.id, details: { answersAnonymised: 1 } });
    expect(JSON.stringify(log)).not.toContain(OLA);
  });

  it('erases a person’s direct conversation with Refleks too', async () => {
    // Monday 07:31: Kari has not answered, so her reminder comes as a direct message.
    h.clock.set('2026-11-30T06:31:00Z');
    await h.tick();
    await h.drain();
    const dm = await h.conversation(`dm:${KARI}`);
    expect(dm.length).toBeGreaterThan(0);
    await erasePerson(h.db, KARI);
    expect(await h.conversation(`dm:${KARI}`)).toEqual([]);
  });

  it('says plainly when there is no such person', async () => {
    await expect(erasePerson(h.db, 'nobody@refleksvik.example')).rejects.toThrow(
      'no person with e-mail nobody@refleksvik.example',
    );
    await expect(exportPerson(h.db, OLA, { now: h.clock.now(), by: 'cli' })).rejects.toThrow(/no person/);
  });

  it('keeps the audit log append-only: no update, delete or truncate outside the retention job', async () => {
    const before = await h.db.select({ n: count() }).from(auditEvents);
    // drizzle wraps the database's refusal; the reason is the cause.
    const refusal = (query: PromiseLike<unknown>) =>
      Promise.resolve(query).then(
        () => 'allowed',
        (error: Error) => String((error.cause as Error | undefined)?.message ?? error.message),
      );
    expect(await refusal(h.db.update(auditEvents).set({ action: 'forged' }))).toMatch(/append-only/);
    expect(await refusal(h.db.delete(auditEvents))).toMatch(/append-only: DELETE/);
    expect(await refusal(h.db.execute(sql`truncate audit_events`))).toMatch(/append-only: TRUNCATE/);
    expect(await h.db.select({ n: count() }).from(auditEvents)).toEqual(before);
  });

  it('records role changes from the organisation file', async () => {
    const log = await readAuditLog(h.db);
    const granted = log.filter((a) => a.action === 'role.granted');
    expect(granted.length).toBeGreaterThan(5);
    expect(granted[0]).toMatchObject({
      actor: 'system',
      subjectKind: 'person',
      details: { role: expect.any(String) },
    });
    expect(await readAuditLog(h.db, { since: new Date('2030-01-01T00:00:00Z') })).toEqual([]);
  });
});
