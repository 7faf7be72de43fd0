import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalAdapter } from '../../adapters/local/adapter.ts';
import { openCycleNow } from '../../src/app/cycles/open-cycle-now.ts';
import { deliverOutbox } from '../../src/app/delivery/deliver.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { applyOrg, loadOrgFile } from '../../src/app/org/index.ts';
import type { ChatAdapter } from '../../src/core/chat/port.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { cycles, outbox } from '../../src/db/schema/index.ts';
import { DEMO_ORG_FILE } from '../../src/runtime/demo.ts';

describe('recording a message that went out', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    await migrateDatabase(database);
  });
  afterAll(() => database.close());

  it('tries again when the database fails right after the post, so the prompt is not posted twice', async () => {
    const clock = new ManualClock('2026-11-24T09:00:00Z');
    await applyOrg(database.db, await loadOrgFile(DEMO_ORG_FILE), { now: clock.now() });
    const local = new LocalAdapter(database.db);
    let posts = 0;
    let failNextTransaction = false;
    // The post goes out; the first write after it meets a connection the restart left broken.
    const adapter = new Proxy(local, {
      get(target, prop, receiver) {
        if (prop !== 'post') return Reflect.get(target, prop, receiver);
        return async (...args: Parameters<ChatAdapter['post']>) => {
          posts++;
          const ref = await target.post(...args);
          failNextTransaction = true;
          return ref;
        };
      },
    });
    const db = new Proxy(database.db, {
      get(target, prop, receiver) {
        if (prop === 'transaction' && failNextTransaction) {
          failNextTransaction = false;
          return () => Promise.reject(new Error('terminating connection due to administrator command'));
        }
        return Reflect.get(target, prop, receiver);
      },
    });
    const deps: AppDeps = {
      db,
      clock,
      adapters: { local: adapter },
      queue: { enqueueSends: async () => {} },
      logger: pino({ level: 'silent' }),
    };
    const { cycle, outbox: row } = await openCycleNow({ db: database.db, clock }, 'demo-5trinn');

    expect(await deliverOutbox(deps, row!.id)).toBe('sent');
    expect(posts).toBe(1);
    const [stored] = await database.db.select().from(outbox).where(eq(outbox.id, row!.id));
    expect(stored?.status).toBe('sent');
    const [open] = await database.db.select().from(cycles).where(eq(cycles.id, cycle.id));
    expect(open?.promptMessageId).toBe((stored!.platformRef as { messageId: string }).messageId);
  });
});
