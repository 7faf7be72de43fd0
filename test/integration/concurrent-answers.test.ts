import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboundHandler } from '../../src/app/inbound/handle-inbound.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { answeredCount, responseOf } from '../../src/db/repositories/cycles.ts';
import { personByIdentity } from '../../src/db/repositories/organisation.ts';
import { createTestDatabase } from '../support/databases.ts';
import { createLoopHarness, type LoopHarness } from '../support/loop-harness.ts';

/** Things that happen at the same moment, on a real PostgreSQL server with a connection pool. */
describe('answers arriving at the same time (PostgreSQL)', () => {
  let target: Awaited<ReturnType<typeof createTestDatabase>>;
  let database: Database;
  let h: LoopHarness;
  let cycleId: string;
  let threadId: string;
  const user = (email: string) => ({ platform: 'local' as const, tenantId: 'local', userId: email });

  beforeAll(async () => {
    target = await createTestDatabase();
    database = await openDatabase({ url: target.url }, { max: 8 });
    h = await createLoopHarness(database, '2026-11-23T08:00:00Z');
    h.clock.set('2026-11-26T13:00:00Z');
    await h.tick();
    await h.drain();
    cycleId = (await h.openCycleId('demo-5trinn'))!;
    threadId = (await h.conversation('demo-5trinn'))[0]!.id;
  });
  afterAll(async () => {
    await database.close();
    await target.drop();
  });

  const reply = (email: string, text: string, n: number) =>
    createInboundHandler(h.deps).handle({
      kind: 'message',
      eventId: `reply-${email}-${n}`,
      user: user(email),
      conversation: { platform: 'local', tenantId: 'local', conversationId: 'demo-5trinn' },
      threadId,
      text,
    });

  it('keeps every one of several quick replies by the same person', async () => {
    const results = await Promise.all(
      ['én', 'to', 'tre', 'fire'].map((text, i) => reply('ola@refleksvik.example', text, i)),
    );
    expect(results.every((r) => r.type === 'ack')).toBe(true);
    const ola = await personByIdentity(database.db, user('ola@refleksvik.example'));
    const body = (await responseOf(database.db, cycleId, ola!.id))?.body ?? '';
    expect(body.split('\n\n').sort()).toEqual(['én', 'fire', 'to', 'tre'].sort());
  });

  it('counts two first answers given at once as two on the prompt', async () => {
    await Promise.all([
      reply('kari@refleksvik.example', 'Kari svarer', 1),
      reply('nora@refleksvik.example', 'Nora svarer', 1),
    ]);
    expect(await answeredCount(database.db, cycleId)).toBe(3);
    await h.drain();
    expect((await h.conversation('demo-5trinn'))[0]!.text).toContain('3 av 3 har svart');
  });
});
