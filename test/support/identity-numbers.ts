/**
 * Issue 8, table-driven: a Norwegian identity number typed at any entry point is refused before
 * anything is stored. Each platform's test file lists its entry points; every one is driven with every
 * variant of the synthetic numbers, and then the same checks run for all of them (see checkEntryPoint).
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { runTick } from '../../src/app/cycles/tick.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import type { ManualClock } from '../../src/core/clock.ts';
import { nbPrivacy } from '../../src/core/i18n/privacy.nb.ts';
import type { Db } from '../../src/db/client.ts';
import { outbox, piiEvents } from '../../src/db/schema/index.ts';
import type { Running } from '../../src/runtime/start.ts';
import { describeHits, holds, listTables, newHits, type ScanTarget, scanFor } from './table-scan.ts';

/** Ordinary Norwegian text with the synthetic numbers in it, as a teacher might write it. */
export const VARIANTS = [
  { variant: 'fødselsnummer', text: 'Eleven med fnr 01819010001 trenger mer lesetrening' },
  { variant: 'space after the sixth digit', text: 'Eleven med fnr 018190 10001 trenger mer lesetrening' },
  { variant: 'dot after the sixth digit', text: 'Eleven med fnr 018190.10001 trenger mer lesetrening' },
  { variant: 'hyphen after the sixth digit', text: 'Eleven med fnr 018190-10001 trenger mer lesetrening' },
  {
    variant: 'no-break space after the sixth digit',
    text: 'Eleven med fnr 018190\u00a010001 trenger mer lesetrening',
  },
  { variant: 'D-number', text: 'Eleven med D-nummer 41819010186 trenger mer lesetrening' },
] as const;

/** The refusal (nb), wherever it is shown: on a form field or in a private notice. */
export const REFUSAL = /fødselsnummer eller D-nummer/;
/** The whole notice (nb) for a refused `/refleks <command> <text>` (or a shortcut that becomes one). */
export const COMMAND_REFUSAL = nbPrivacy['error.identityNumberCommand'];
/** The whole notice (nb) for a refused reply in a prompt's thread. */
export const THREAD_REFUSAL = nbPrivacy['error.identityNumberThread'];

/** Every separator a number may carry after its sixth digit, as the product detects them. */
export const SEPARATORS = [' ', '.', '-', '\u00a0', '\u202f'] as const;

export interface EntryPoint {
  name: string;
  /** The `pii_events.place` the block must be recorded as; null where the code reads no free text. */
  place: string | null;
  /** How many `pii_events` rows one `submit` records at `place` (1 unless it sends several texts). */
  blocks?: number;
  /** Sends `text` as the platform would and checks, softly, that the person was shown the refusal. */
  submit(text: string): Promise<void>;
}

export interface Ground {
  target: ScanTarget;
  teamId: string;
  /** The tick, then every outbound delivery to its end. */
  settle(): Promise<void>;
  /** Everything Refleks has posted where the whole team reads it (the channel and its threads). */
  publicText(): string[];
}

/** The words around the first number in `text`, for a readable failure. */
export function excerpt(text: string): string {
  const at = text.search(/\d{6}[ .\u00a0\u202f-]?\d{5}/);
  return at < 0 ? text.slice(0, 160) : `…${text.slice(Math.max(0, at - 80), at + 60)}…`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The queue prefix and the connection of a running Refleks, for scanning its Redis keys. */
export function scanTargetOf(running: Running): ScanTarget {
  const prefix = running.queue.queue.opts.prefix;
  if (!prefix) throw new Error('the queue has no prefix');
  return { db: running.deps.db, redis: { client: running.services.redis, prefix } };
}

/**
 * The tick, and nothing left to send: a row that meets Refleks' own send budget (counted in real
 * seconds in Redis) waits on Refleks' clock, so the real seconds are let pass, the clock is moved on as
 * far and the tick hands the row over again, as the minute tick would.
 */
export async function tickAndDrain(deps: AppDeps, clock: ManualClock) {
  await runTick(deps);
  for (let i = 0; i < 200; i++) {
    const open = (await deps.db.select().from(outbox)).filter(
      (r) => r.status === 'pending' || r.status === 'sending',
    );
    if (!open.length) return;
    const now = clock.now().getTime();
    if (open.every((r) => r.status === 'pending' && r.notBefore.getTime() > now)) {
      const next = Math.min(...open.map((r) => r.notBefore.getTime()));
      await sleep(next - now);
      clock.set(new Date(next).toISOString());
      await runTick(deps);
    } else await sleep(50);
  }
  throw new Error('the outbox did not drain');
}

async function piiRowsAt(db: Db, place: string) {
  return db.select().from(piiEvents).where(eq(piiEvents.place, place));
}

/**
 * The rows recorded at `place` that are not in `before` (a handler may record after answering the
 * platform), once `expected` are there or after two seconds.
 */
async function freshPiiRows(db: Db, place: string, before: Set<string>, expected: number) {
  const fresh = async () => (await piiRowsAt(db, place)).filter((r) => !before.has(r.id));
  for (let i = 0; i < 40 && (await fresh()).length < expected; i++) await sleep(50);
  return fresh();
}

/**
 * One entry point, one text: the person is refused (checked by the entry point itself), the tick runs
 * and every delivery ends, and then no table and no Redis key holds the number that was not there
 * before, nothing Refleks posted for the team repeats it, and one `pii_events` row (or `blocks`) says
 * where, with the team.
 */
export async function checkEntryPoint(ground: Ground, entry: EntryPoint, text: string) {
  const { target } = ground;
  const before = await scanFor(target);
  const piiBefore = new Set(entry.place ? (await piiRowsAt(target.db, entry.place)).map((r) => r.id) : []);
  const shownBefore = new Set(ground.publicText());

  await entry.submit(text);
  await ground.settle();

  const added = newHits(before, await scanFor(target));
  expect(describeHits(added), `stored after "${entry.name}"`).toEqual([]);
  const shown = ground.publicText().filter((t) => !shownBefore.has(t) && holds(t));
  expect(shown.map(excerpt), 'repeated by Refleks where the whole team reads it').toEqual([]);
  if (entry.place) {
    const blocks = entry.blocks ?? 1;
    const fresh = await freshPiiRows(target.db, entry.place, piiBefore, blocks);
    expect(fresh, `${blocks} pii_events row(s) at place "${entry.place}"`).toHaveLength(blocks);
    for (const row of fresh)
      expect(row).toMatchObject({ kind: 'identity_number', place: entry.place, teamId: ground.teamId });
  }
}

/** A describe per entry point and a test per variant of the numbers. */
export function entryPointTests(ground: () => Ground, entries: EntryPoint[]) {
  for (const entry of entries) {
    describe(entry.name, () => {
      it.each(VARIANTS)('refuses the $variant and stores it nowhere', async ({ text }) => {
        await checkEntryPoint(ground(), entry, text);
      });
    });
  }
}

/** The whole issue in one assertion: after everything above, no table and no Redis key holds a number. */
export function nothingAnywhereTest(ground: () => Ground) {
  it('leaves no identity number in any table or Redis key after every entry point', async () => {
    expect(describeHits(await scanFor(ground().target))).toEqual([]);
  });
}

/** The scanner itself finds text that was stored, and the numbers when they are stored on purpose. */
export async function proveScanner(ground: Ground, stored: { table: string; sentence: string }[]) {
  const { db, redis } = ground.target;
  expect(await listTables(db)).toEqual(
    expect.arrayContaining(
      ['outbox', 'local_messages', 'audit_events', 'pii_events', 'inbound_events'].map((t) => `public.${t}`),
    ),
  );
  for (const { table, sentence } of stored) {
    const found = await scanFor(ground.target, [sentence]);
    expect(
      found.map((h) => h.where),
      `"${sentence}" found in ${table}`,
    ).toContain(table);
  }
  // The numbers, stored on purpose with separators, in a jsonb payload, a text column and Redis.
  const [row] = await db
    .insert(outbox)
    .values({
      key: 'scan-probe',
      kind: 'scan_probe',
      status: 'failed',
      payload: { note: 'Eleven med fnr 018190 10001 trenger mer lesetrening' },
      lastError: 'D-nummer 418190.10186',
    })
    .returning();
  await redis?.client.set(`${redis.prefix}:scan-probe`, JSON.stringify({ data: 'fnr 01819010001' }));
  const hits = await scanFor(ground.target);
  await db.delete(outbox).where(and(eq(outbox.id, row!.id), eq(outbox.kind, 'scan_probe')));
  await redis?.client.del(`${redis.prefix}:scan-probe`);
  expect(hits.map((h) => h.where).sort()).toEqual(['public.outbox', ...(redis ? ['redis'] : [])]);
  expect(describeHits(await scanFor(ground.target))).toEqual([]);
  await proveSeparators(ground.target);
}

/** Every separator the product detects is also seen through by the scanner, in a table and in Redis. */
async function proveSeparators(target: ScanTarget) {
  const { db, redis } = target;
  const probes = SEPARATORS.map((sep, i) => ({ key: `scan-probe-sep-${i}`, number: `018190${sep}10001` }));
  await db.insert(outbox).values(
    probes.map(({ key, number }) => ({
      key,
      kind: 'scan_probe',
      status: 'failed',
      payload: { note: `Eleven med fnr ${number} trenger mer lesetrening` },
    })),
  );
  for (const { key, number } of probes) await redis?.client.set(`${redis.prefix}:${key}`, `fnr ${number}`);
  const hits = await scanFor(target);
  await db.delete(outbox).where(eq(outbox.kind, 'scan_probe'));
  for (const { key } of probes) await redis?.client.del(`${redis.prefix}:${key}`);
  for (const { key, number } of probes) {
    const found = hits.filter((h) => h.text.includes(key)).map((h) => h.where);
    expect(found.sort(), `${JSON.stringify(number)} found`).toEqual([
      'public.outbox',
      ...(redis ? ['redis'] : []),
    ]);
  }
  expect(describeHits(await scanFor(target))).toEqual([]);
}
