/**
 * `npm run bench`: how long the weekly fan-out takes on the embedded database, for N teams of M
 * people. Numbers are printed, never asserted: speed belongs here, not in the tests.
 * BENCH_TEAMS (default 200), BENCH_MEMBERS (default 6), BENCH_DATABASE_URL (default: PGlite in memory).
 */
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { LocalAdapter } from '../adapters/local/adapter.ts';
import { runTick } from '../src/app/cycles/tick.ts';
import { deliverOutbox } from '../src/app/delivery/deliver.ts';
import type { AppDeps } from '../src/app/deps.ts';
import { applyOrg, parseOrgText } from '../src/app/org/index.ts';
import { ManualClock } from '../src/core/clock.ts';
import { openDatabase } from '../src/db/client.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { sendableOutbox } from '../src/db/repositories/outbox.ts';

const TEAMS = Number(process.env.BENCH_TEAMS ?? 200);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 6);

function orgYaml(): string {
  const lines = [
    'owner: { key: bench, name: Bench kommune }',
    'schools:',
    '  - { key: s, name: Skole, locale: nb }',
    'teams:',
  ];
  for (let t = 0; t < TEAMS; t++) {
    lines.push(
      `  - { key: t${t}, school: s, name: Team ${t}, programme: elevene-vare, schedule: { weekday: thursday, time: "14:00" } }`,
    );
  }
  lines.push('people:');
  for (let t = 0; t < TEAMS; t++) {
    for (let m = 0; m < MEMBERS; m++) {
      lines.push(
        `  - { email: p${t}x${m}@bench.example, name: Person ${t}-${m}, roles: [{ role: member, team: t${t} }] }`,
      );
    }
  }
  return lines.join('\n');
}

async function timed<T>(label: string, results: [string, string][], fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const value = await fn();
  results.push([label, `${(performance.now() - start).toFixed(0)} ms`]);
  return value;
}

async function main() {
  const results: [string, string][] = [];
  const url = process.env.BENCH_DATABASE_URL;
  const database = await openDatabase(url ? { url } : { memory: true });
  await migrateDatabase(database);
  const clock = new ManualClock('2026-11-23T08:00:00Z');
  const deps: AppDeps = {
    db: database.db,
    clock,
    adapters: { local: new LocalAdapter(database.db) },
    queue: { enqueueSends: async () => {} },
    logger: pino({ level: 'silent' }),
  };
  const org = parseOrgText(orgYaml(), 'bench.yaml');
  await timed(`apply ${TEAMS} teams × ${MEMBERS} people`, results, () =>
    applyOrg(database.db, org, { now: clock.now() }),
  );
  clock.set('2026-11-26T13:00:00Z');
  const report = await timed('tick: open every team’s cycle', results, () => runTick(deps));
  const rows = await sendableOutbox(database.db, clock.now(), 100_000);
  await timed(`deliver ${rows.length} prompts (local adapter)`, results, async () => {
    for (const row of rows) await deliverOutbox(deps, row.id);
  });
  clock.set('2026-11-30T06:31:00Z');
  const nudges = await timed('tick: write every reminder', results, () => runTick(deps));
  results.push(['cycles opened / reminders written', `${report.opened} / ${nudges.nudges}`]);
  results.push(['heap used', `${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MiB`]);
  await database.close();
  const width = Math.max(...results.map(([l]) => l.length));
  process.stdout.write(`Refleks bench (${url ? 'PostgreSQL' : 'PGlite'})\n`);
  for (const [label, value] of results) process.stdout.write(`  ${label.padEnd(width)}  ${value}\n`);
}

await main();
