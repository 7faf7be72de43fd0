import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboundHandler } from '../../src/app/inbound/handle-inbound.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { createLoopHarness, type LoopHarness } from '../support/loop-harness.ts';

/** Typed commands are understood in bokmål, nynorsk and English, and answered in the person's language. */
describe('commands in three languages', () => {
  let database: Database;
  let h: LoopHarness;
  const say = (email: string, text: string) =>
    createInboundHandler(h.deps).handle({
      kind: 'command',
      eventId: `cmd-${email}-${text}`,
      user: { platform: 'local', tenantId: 'local', userId: email },
      text,
    });

  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    h = await createLoopHarness(database, '2026-11-23T08:00:00Z');
  });
  afterAll(() => database.close());

  it('understands "hjelp" and "help" alike', async () => {
    const nb = await say('ola@refleksvik.example', 'hjelp');
    const en = await say('ola@refleksvik.example', 'help');
    expect(nb).toEqual(en);
    expect(nb.type === 'notice' && nb.text).toContain('/refleks status');
  });

  it('switches language with "språk", then answers unknown words in the new language', async () => {
    expect(await say('ola@refleksvik.example', 'språk en')).toEqual({
      type: 'notice',
      text: 'From now on Refleks writes to you in English.',
    });
    expect(await say('ola@refleksvik.example', 'tull')).toEqual({
      type: 'notice',
      text: 'I do not know that command. Type /refleks help.',
    });
  });

  it('lets a team lead pause with "pause" and resume with "fortsett"', async () => {
    expect((await say('kari@refleksvik.example', 'pause')).type).toBe('notice');
    const resumed = await say('kari@refleksvik.example', 'fortsett');
    expect(resumed.type === 'notice' && resumed.text).toContain('i gang igjen for 5. trinn');
  });
});
