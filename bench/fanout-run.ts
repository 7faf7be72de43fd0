import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { count, inArray } from 'drizzle-orm';
import { serveNodeOptions } from '../bin/node-flags.mjs';
import type { Db } from '../src/db/client.ts';
import { outbox } from '../src/db/schema/index.ts';

/** Starts bench/fanout-worker.ts as its own process and resolves once it is ready to send. */
export async function startWorker(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const script = fileURLToPath(new URL('./fanout-worker.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    // As `refleks serve --role worker` runs (bin/refleks.mjs): the same heap settings.
    env: { ...env, NODE_OPTIONS: serveNodeOptions(env.NODE_OPTIONS) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err = (err + chunk.toString()).slice(-4000);
    if (process.env.BENCH_VERBOSE) process.stderr.write(chunk);
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready\n')) resolve();
    });
    child.once('exit', (code) =>
      reject(new Error(`the bench worker exited (${code}) before it was ready:\n${err}`)),
    );
  });
  return child;
}

export async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export interface OutboxTally {
  unsent: number;
  sent: number;
  failed: number;
}

/** How far the outbox is, for the given kinds. */
export async function tallyOutbox(db: Db, kinds: string[]): Promise<OutboxTally> {
  const rows = await db
    .select({ status: outbox.status, n: count() })
    .from(outbox)
    .where(inArray(outbox.kind, kinds))
    .groupBy(outbox.status);
  const tally: OutboxTally = { unsent: 0, sent: 0, failed: 0 };
  for (const { status, n } of rows) {
    if (status === 'sent' || status === 'skipped') tally.sent += n;
    else if (status === 'failed') tally.failed += n;
    else tally.unsent += n;
  }
  return tally;
}

/** Waits until no row of these kinds is waiting or being sent, or the deadline passes. */
export async function drained(db: Db, kinds: string[], deadline: number): Promise<OutboxTally> {
  for (;;) {
    const tally = await tallyOutbox(db, kinds);
    if (tally.unsent === 0 || Date.now() > deadline) return tally;
    if (process.env.BENCH_VERBOSE) process.stderr.write(`${JSON.stringify(tally)}\n`);
    await new Promise((resolve) => setTimeout(resolve, process.env.BENCH_VERBOSE ? 1000 : 100));
  }
}

/** For each key, how many more times it appears than once; and the expected keys never seen. */
export function compare(expected: Iterable<string>, seen: Iterable<string>) {
  const counts = new Map<string, number>();
  for (const key of seen) counts.set(key, (counts.get(key) ?? 0) + 1);
  let duplicates = 0;
  let lost = 0;
  for (const key of expected) {
    const n = counts.get(key) ?? 0;
    if (n === 0) lost++;
    else duplicates += n - 1;
  }
  return { duplicates, lost };
}
