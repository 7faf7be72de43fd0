import { and, eq, isNull } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LocalAdapter } from '../../adapters/local/adapter.ts';
import { createJobQueue, type JobQueue } from '../../jobs/queue.ts';
import { createWorker } from '../../jobs/worker.ts';
import { runTick } from '../../src/app/cycles/tick.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { applyOrg, loadOrgFile } from '../../src/app/org/index.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { saveResponse } from '../../src/db/repositories/cycles.ts';
import { personByIdentity, teamByKey } from '../../src/db/repositories/organisation.ts';
import { cycles, localMessages, outbox } from '../../src/db/schema/index.ts';
import { DEMO_ORG_FILE } from '../../src/runtime/demo.ts';
import { createTestDatabase, redisTestPrefix } from '../support/databases.ts';
import { silentLogger } from '../support/loop-harness.ts';

/**
 * Two workers, each with its own PostgreSQL pool and Redis connection (as two processes would have),
 * tick at the same moment against one real PostgreSQL and one real Redis. The local platform must
 * receive exactly one prompt per team and exactly one reminder per person who has not answered.
 */
describe('two workers ticking at once (real PostgreSQL, real Redis, BullMQ)', () => {
  const clock = new ManualClock('2026-11-23T08:00:00Z');
  const prefix = redisTestPrefix();
  let target: Awaited<ReturnType<typeof createTestDatabase>>;
  const nodes: {
    database: Database;
    redis: Redis;
    queue: JobQueue;
    deps: AppDeps;
    close(): Promise<void>;
  }[] = [];

  const waitForOutboxToSettle = async (db: Database['db']) => {
    for (let i = 0; i < 200; i++) {
      const rows = await db.select({ status: outbox.status }).from(outbox);
      if (rows.length && rows.every((r) => r.status === 'sent' || r.status === 'skipped')) return rows.length;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('outbox did not settle');
  };
  const topLevel = (db: Database['db'], conversationId: string) =>
    db
      .select()
      .from(localMessages)
      .where(and(eq(localMessages.conversationId, conversationId), isNull(localMessages.threadId)));

  beforeAll(async () => {
    target = await createTestDatabase();
    for (let i = 0; i < 2; i++) {
      const database = await openDatabase({ url: target.url }, { max: 4 });
      await migrateDatabase(database);
      const redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
      const queue = createJobQueue(redis, { prefix });
      const deps: AppDeps = {
        db: database.db,
        clock,
        adapters: { local: new LocalAdapter(database.db) },
        queue,
        logger: silentLogger,
      };
      const worker = createWorker(deps, redis.duplicate(), { prefix, concurrency: 4 });
      nodes.push({
        database,
        redis,
        queue,
        deps,
        async close() {
          await worker.close();
          await queue.close();
          await redis.quit();
          await database.close();
        },
      });
    }
    await applyOrg(nodes[0]!.database.db, await loadOrgFile(DEMO_ORG_FILE), { now: clock.now() });
  });
  afterAll(async () => {
    for (const node of nodes) await node.close();
    await target.drop();
  });

  it('posts exactly one prompt per team', async () => {
    clock.set('2026-11-26T13:00:00Z'); // Thursday 14:00 in Oslo
    const reports = await Promise.all(nodes.map((n) => runTick(n.deps)));
    expect(reports.reduce((sum, r) => sum + r.opened, 0)).toBe(2);
    await waitForOutboxToSettle(nodes[0]!.database.db);
    const db = nodes[1]!.database.db;
    expect(await topLevel(db, 'demo-5trinn')).toHaveLength(1);
    expect(await topLevel(db, 'demo-6trinn')).toHaveLength(1);
    expect((await db.select().from(cycles)).filter((c) => c.status === 'open')).toHaveLength(2);
  });

  it('sends exactly one reminder per person who has not answered, even when Redis lost its jobs', async () => {
    const db = nodes[0]!.database.db;
    const team = (await teamByKey(db, 'demo-5trinn'))!;
    const [cycle] = await db
      .select()
      .from(cycles)
      .where(and(eq(cycles.teamId, team.id), eq(cycles.status, 'open')));
    const kari = await personByIdentity(db, {
      platform: 'local',
      tenantId: 'local',
      userId: 'kari@refleksvik.example',
    });
    await saveResponse(db, { cycleId: cycle!.id, personId: kari!.id, body: 'Svar', now: clock.now() });

    clock.set('2026-11-30T06:31:00Z'); // Monday 07:31, the first working moment after 48 h
    await Promise.all(nodes.flatMap((n) => [runTick(n.deps), runTick(n.deps)]));
    // Redis loses everything; the next ticks must neither lose nor double a message.
    // (Only this test's keys: other test files share the server.)
    const keys = await nodes[0]!.redis.keys(`${prefix}:*`);
    expect(keys.length).toBeGreaterThan(0);
    await nodes[0]!.redis.del(...keys);
    await Promise.all(nodes.map((n) => runTick(n.deps)));
    await waitForOutboxToSettle(db);

    const dms = async (email: string) => (await topLevel(db, `dm:${email}`)).length;
    expect(await dms('kari@refleksvik.example')).toBe(0); // answered
    expect(await dms('ola@refleksvik.example')).toBe(1);
    expect(await dms('nora@refleksvik.example')).toBe(2); // one per team she belongs to
    expect(await dms('jonas@refleksvik.example')).toBe(1);
    expect(await topLevel(db, 'demo-5trinn')).toHaveLength(1);
  });
});
