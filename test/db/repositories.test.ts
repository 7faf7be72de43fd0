import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyOrg, loadOrgFile } from '../../src/app/org/index.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { createCommitment, openCommitmentsOf } from '../../src/db/repositories/commitments.ts';
import { answeredCount, saveResponse } from '../../src/db/repositories/cycles.ts';
import { recordInbound } from '../../src/db/repositories/events.ts';
import { membersOf, personByIdentity, teamByKey } from '../../src/db/repositories/organisation.ts';
import {
  claimOutbox,
  enqueueOutbox,
  markSent,
  releaseForRetry,
  sendableOutbox,
} from '../../src/db/repositories/outbox.ts';
import { cycles, outbox } from '../../src/db/schema/index.ts';
import { DEMO_ORG_FILE } from '../../src/runtime/demo.ts';
import { createTestDatabase } from '../support/databases.ts';

/**
 * The same repository behaviour on both drivers: PGlite (the embedded default) and a real PostgreSQL
 * server. A difference between them is a bug in one of the two paths.
 */
const drivers: [string, () => Promise<{ database: Database; cleanup: () => Promise<void> }>][] = [
  ['PGlite', async () => ({ database: await openDatabase({ memory: true }), cleanup: async () => {} })],
  [
    'PostgreSQL',
    async () => {
      const target = await createTestDatabase();
      return { database: await openDatabase({ url: target.url }), cleanup: target.drop };
    },
  ],
];

describe.each(drivers)('repositories on %s', (_name, open) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let teamId: string;
  let cycleId: string;
  let kari: string;
  let ola: string;
  const now = new Date('2026-11-26T13:00:00Z');

  beforeAll(async () => {
    ({ database, cleanup } = await open());
    await migrateDatabase(database);
    await migrateDatabase(database); // a second run is a no-op
    await applyOrg(database.db, await loadOrgFile(DEMO_ORG_FILE), { now });
    teamId = (await teamByKey(database.db, 'demo-5trinn'))!.id;
    const [cycle] = await database.db
      .insert(cycles)
      .values({
        teamId,
        weekKey: '2026-W48',
        status: 'open',
        opensAt: now,
        closesAt: new Date('2026-12-02T13:00:00Z'),
      })
      .returning();
    cycleId = cycle!.id;
    const person = (email: string) =>
      personByIdentity(database.db, { platform: 'local', tenantId: 'local', userId: email }).then(
        (p) => p!.id,
      );
    kari = await person('kari@refleksvik.example');
    ola = await person('ola@refleksvik.example');
  });
  afterAll(async () => {
    await database.close();
    await cleanup();
  });

  it('finds the team’s answering members (members and team leads, once each)', async () => {
    expect((await membersOf(database.db, teamId)).map((m) => m.name)).toEqual([
      'Kari Nordmann',
      'Nora Berg',
      'Ola Hansen',
    ]);
  });

  it('saves one response per person and cycle, and an edit replaces it', async () => {
    const first = await saveResponse(database.db, { cycleId, personId: kari, body: 'Først', now });
    const edit = await saveResponse(database.db, { cycleId, personId: kari, body: 'Endret', now });
    expect(first.created).toBe(true);
    expect(edit.created).toBe(false);
    expect(edit.response.id).toBe(first.response.id);
    expect(edit.response.body).toBe('Endret');
    expect(edit.response.editedAt).not.toBeNull();
    expect(await answeredCount(database.db, cycleId)).toBe(1);
  });

  it('writes an outbox key once, however often it is written', async () => {
    const a = await enqueueOutbox(database.db, { key: `prompt:${cycleId}`, kind: 'prompt', teamId, cycleId });
    const b = await enqueueOutbox(database.db, { key: `prompt:${cycleId}`, kind: 'prompt', teamId, cycleId });
    expect(a).not.toBeNull();
    expect(b).toBeNull();
  });

  it('lets exactly one of several concurrent senders claim a row', async () => {
    const row = await enqueueOutbox(database.db, {
      key: `summary:${cycleId}`,
      kind: 'summary',
      teamId,
      cycleId,
    });
    const claims = await Promise.all([1, 2, 3, 4].map(() => claimOutbox(database.db, row!.id, now)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    const first = claims.find(Boolean)!;
    expect(first.attempts).toBe(1);
    // Released for a retry later, it is not sendable before its time, and claimable after it.
    expect(await releaseForRetry(database.db, first, new Date(now.getTime() + 60_000), 'rate limited')).toBe(
      true,
    );
    expect((await sendableOutbox(database.db, now)).map((r) => r.id)).not.toContain(row!.id);
    const later = new Date(now.getTime() + 61_000);
    const second = await claimOutbox(database.db, row!.id, later);
    expect(second?.attempts).toBe(2);
    expect(await markSent(database.db, second!, later, { messageId: 'm1' })).toBe(true);
    expect(await claimOutbox(database.db, row!.id, new Date(later.getTime() + 600_000))).toBeNull();
  });

  it('ignores a sender whose lease ran out when it reports back late', async () => {
    const row = await enqueueOutbox(database.db, {
      key: `prompt:${cycleId}:late`,
      kind: 'prompt',
      teamId,
      cycleId,
    });
    const slow = (await claimOutbox(database.db, row!.id, now))!;
    const fresh = (await claimOutbox(database.db, row!.id, new Date(now.getTime() + 3 * 60_000)))!;
    expect(await markSent(database.db, fresh, now, { messageId: 'new' })).toBe(true);
    expect(await markSent(database.db, slow, now, { messageId: 'old' })).toBe(false);
    expect(await releaseForRetry(database.db, slow, now, 'timeout')).toBe(false);
    const [stored] = await database.db.select().from(outbox).where(eq(outbox.id, row!.id));
    expect(stored).toMatchObject({ status: 'sent', platformRef: { messageId: 'new' } });
  });

  it('takes over a row whose sender died mid-send, once its lease ran out', async () => {
    const row = await enqueueOutbox(database.db, {
      key: `refresh:${cycleId}:x`,
      kind: 'refresh',
      teamId,
      cycleId,
    });
    expect(await claimOutbox(database.db, row!.id, now)).not.toBeNull();
    expect(await claimOutbox(database.db, row!.id, new Date(now.getTime() + 30_000))).toBeNull();
    expect(await claimOutbox(database.db, row!.id, new Date(now.getTime() + 3 * 60_000))).not.toBeNull();
  });

  it('holds a claim for the lease it was given (REFLEKS_OUTBOX_LEASE_SECONDS)', async () => {
    const row = await enqueueOutbox(database.db, {
      key: `refresh:${cycleId}:short-lease`,
      kind: 'refresh',
      teamId,
      cycleId,
    });
    expect(await claimOutbox(database.db, row!.id, now, 10_000)).not.toBeNull();
    expect(await claimOutbox(database.db, row!.id, new Date(now.getTime() + 9_000))).toBeNull();
    expect(await claimOutbox(database.db, row!.id, new Date(now.getTime() + 11_000))).not.toBeNull();
  });

  it('records an inbound event id once, so a platform retry is recognised', async () => {
    expect(await recordInbound(database.db, 'local', 'evt-1')).toBe(true);
    expect(await recordInbound(database.db, 'local', 'evt-1')).toBe(false);
    expect(await recordInbound(database.db, 'slack', 'evt-1')).toBe(true);
  });

  it('carries forward only commitments made before a cycle opened', async () => {
    const before = await createCommitment(database.db, {
      teamId,
      originCycleId: cycleId,
      createdBy: kari,
      ownerIds: [ola],
      what: 'Høytlesing',
      trigger: 'Hvis norsktime',
      evidence: 'Lesetest',
      dueDate: '2026-12-11',
      now,
    });
    await createCommitment(database.db, {
      teamId,
      originCycleId: cycleId,
      createdBy: kari,
      ownerIds: [],
      what: 'Senere',
      trigger: 't',
      evidence: 'e',
      dueDate: null,
      now: new Date('2026-12-05T10:00:00Z'),
    });
    const carried = await openCommitmentsOf(database.db, teamId, {
      createdBefore: new Date('2026-12-03T13:00:00Z'),
    });
    expect(carried).toEqual([
      {
        id: before.id,
        what: 'Høytlesing',
        trigger: 'Hvis norsktime',
        evidence: 'Lesetest',
        dueDate: '2026-12-11',
        ownerNames: ['Ola Hansen'],
      },
    ]);
    expect(await openCommitmentsOf(database.db, teamId)).toHaveLength(2);
  });

  it('keeps (team, week) unique, so a cycle cannot be opened twice for a week', async () => {
    await expect(
      database.db
        .insert(cycles)
        .values({ teamId, weekKey: '2026-W48', status: 'open', opensAt: now, closesAt: now }),
    ).rejects.toThrow();
    const rows = await database.db.select().from(cycles).where(eq(cycles.teamId, teamId));
    expect(rows).toHaveLength(1);
  });
});

describe('migrations on PostgreSQL', () => {
  it('two processes migrating at once take turns under the advisory lock', async () => {
    const target = await createTestDatabase();
    const [a, b] = [await openDatabase({ url: target.url }), await openDatabase({ url: target.url })];
    await Promise.all([migrateDatabase(a), migrateDatabase(b)]);
    // Both finished, and the schema is whole: a table from the migration answers queries.
    expect(await a.db.select().from(cycles)).toEqual([]);
    await a.close();
    await b.close();
    await target.drop();
  });
});
