import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboundHandler } from '../../src/app/inbound/handle-inbound.ts';
import { ACTIONS } from '../../src/core/loop/ids.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { answeredCount } from '../../src/db/repositories/cycles.ts';
import { createLoopHarness, type LoopHarness } from '../support/loop-harness.ts';

/** Bad moments for the services behind Refleks: the person gets a clear answer and loses nothing. */
describe('when PostgreSQL or Redis is briefly gone', () => {
  let database: Database;
  let h: LoopHarness;
  let cycleId: string;
  const ola = { platform: 'local' as const, tenantId: 'local', userId: 'ola@refleksvik.example' };

  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    h = await createLoopHarness(database, '2026-11-23T08:00:00Z');
    h.clock.set('2026-11-26T13:00:00Z');
    await h.tick();
    await h.drain();
    cycleId = (await h.openCycleId('demo-5trinn'))!;
  });
  afterAll(() => database.close());

  it('keeps the form open with a temporary error when the database fails, and the retry is stored', async () => {
    const opened = await h.click(ola.userId, ACTIONS.answer, cycleId);
    if (opened.type !== 'open_form') throw new Error('expected a form');
    const submission = {
      kind: 'form_submitted' as const,
      eventId: 'slack-evt-77',
      user: ola,
      formId: opened.form.formId,
      privateMetadata: opened.form.privateMetadata,
      values: { body: 'Gruppen trenger mer lesetrening.' },
    };
    // The connection drops just as the answer is written.
    const failingDb = new Proxy(database.db, {
      get: (target, prop, receiver) =>
        prop === 'transaction'
          ? () => Promise.reject(new Error('connection terminated'))
          : Reflect.get(target, prop, receiver),
    });
    const failing = createInboundHandler({ ...h.deps, db: failingDb });
    expect(await failing.handle(submission)).toEqual({
      type: 'form_errors',
      errors: { body: 'Noe gikk galt hos oss, og ingenting ble lagret. Prøv igjen om litt.' },
    });
    expect(await answeredCount(database.db, cycleId)).toBe(0);

    // The platform (or the person) sends the same submission again once the database is back.
    const healthy = createInboundHandler(h.deps);
    expect((await healthy.handle(submission)).type).toBe('notice');
    expect(await answeredCount(database.db, cycleId)).toBe(1);
    // A third delivery of the same event is recognised and changes nothing.
    await healthy.handle(submission);
    expect(await answeredCount(database.db, cycleId)).toBe(1);
  });

  it('stores the answer and thanks the person when the queue is unreachable; the next tick sends it', async () => {
    const handler = createInboundHandler({
      ...h.deps,
      queue: { enqueueSends: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')) },
    });
    const opened = await handler.handle({
      kind: 'action',
      eventId: 'a1',
      user: { ...ola, userId: 'nora@refleksvik.example' },
      actionId: ACTIONS.answer,
      value: cycleId,
    });
    if (opened.type !== 'open_form') throw new Error('expected a form');
    const result = await handler.handle({
      kind: 'form_submitted',
      eventId: 'f1',
      user: { ...ola, userId: 'nora@refleksvik.example' },
      formId: opened.form.formId,
      privateMetadata: opened.form.privateMetadata,
      values: { body: 'Svar mens Redis er borte' },
    });
    expect(result).toEqual({ type: 'notice', text: 'Takk! Svaret ditt er lagret.' });
    await h.tick();
    await h.drain();
    expect((await h.conversation('demo-5trinn'))[0]!.text).toContain('2 av 3 har svart');
  });
});
