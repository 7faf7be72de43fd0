/**
 * The *reads* of issue 9 on the Oslo seed (184 schools, ~2,000 teams, ~14,700 people, a school year
 * up to mid-November), measured in-process on the product's own code paths: a department head's web
 * overview (p95 < 50 ms), every school's rector digest (all 184 in < 30 s) and the school owner's
 * termly aggregate. `npx tsx bench/reads.ts` runs it alone on its own PostgreSQL.
 */
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { describeSeed, seedOslo } from '../src/app/seed/oslo.ts';
import { isoWeekKey } from '../src/core/schedule/index.ts';
import { type Database, type Db, openDatabase } from '../src/db/client.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { measureOverview, measureOwnerReport, measureRectorDigests } from './reads-paths.ts';
import { countingDatabase } from './reads-queries.ts';
import { ms, seconds, spread } from './reads-stats.ts';
import type { BenchRow, BenchSection } from './result.ts';
import { type BenchServices, peakRssMiB, startBenchServices } from './services.ts';

/** Monday of week 48, 09:00 in Oslo: the overview is opened after a school year's history to W47. */
const NOW = new Date('2026-11-23T08:00:00Z');
/** Mid-November: the seed writes every week from 2026-W34 up to this one's (W47). */
const UNTIL = new Date('2026-11-20T12:00:00Z');
const OWNER = 'oslo';
const TERM = '2026H';
/** DATABASE_POOL_MAX's default (src/config.ts), as the web and worker processes open it. */
const POOL_MAX = 10;
/** jobs/worker.ts: the worker takes this many outbox jobs at a time. */
const WORKER_CONCURRENCY = 8;
const OVERVIEW_SAMPLES = Number(process.env.BENCH_OVERVIEW_SAMPLES ?? 200);
const OWNER_RUNS = Number(process.env.BENCH_OWNER_RUNS ?? 10);
const OWNER_WARMUPS = 1;

const OVERVIEW_P95_MS = 50;
const DIGESTS_TOTAL_MS = 30_000;

async function count(db: Db, table: string): Promise<number> {
  const result = await db.execute(sql.raw(`select count(*)::int as n from ${table}`));
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { n: number }[];
  return rows[0]?.n ?? 0;
}

async function seeded(database: Database) {
  const report = await seedOslo(database.db, { now: NOW, until: UNTIL });
  // A freshly bulk-loaded table has no planner statistics until autovacuum's analyze (within about a
  // minute in production); the reads are measured on the statistics a running server would have.
  await database.db.execute(sql`vacuum analyze`);
  const sizes = {
    cycles: await count(database.db, 'cycles'),
    responses: await count(database.db, 'responses'),
    commitments: await count(database.db, 'commitments'),
    audit_events: await count(database.db, 'audit_events'),
  };
  return { report, sizes };
}

export async function runReadsBench(services: BenchServices): Promise<BenchSection> {
  const url = await services.createDatabase('bench_reads');
  const database = await openDatabase({ url }, { max: POOL_MAX });
  const warm = countingDatabase(url, POOL_MAX);
  try {
    await migrateDatabase(database);
    const { report, sizes } = await seeded(database);
    const load = loadavg()[0]!;
    const db = database.db;
    const overview = await measureOverview(db, warm, { now: NOW, samples: OVERVIEW_SAMPLES, warmups: 5 });
    const weekKey = isoWeekKey(UNTIL, 'Europe/Oslo');
    const digests = await measureRectorDigests(db, warm, {
      now: NOW,
      weekKey,
      warmups: 3,
      concurrency: WORKER_CONCURRENCY,
    });
    const owner = await measureOwnerReport(db, warm, {
      ownerKey: OWNER,
      term: TERM,
      runs: OWNER_RUNS,
      warmups: OWNER_WARMUPS,
    });

    const o = spread(overview.timings);
    const d = spread(digests.timings);
    const w = spread(owner.timings);
    const rss = peakRssMiB(process.pid);
    const rows: BenchRow[] = [
      {
        area: 'reads',
        measure: `department head overview, GET /overview/:token (${o.n} heads of ${overview.heads}), p50`,
        value: ms(o.p50),
        target: '',
        met: null,
      },
      {
        area: 'reads',
        measure: 'department head overview, GET /overview/:token, p95',
        value: ms(o.p95),
        target: `< ${OVERVIEW_P95_MS} ms`,
        met: o.p95 < OVERVIEW_P95_MS,
        note:
          `min ${ms(Math.min(...overview.timings))}, max ${ms(o.max)}; one request at a time (link check, ` +
          `loadOverviewPage, HTML); ${overview.statements} SQL statements for a head of ` +
          `${overview.statementsTeams} teams; load average ${load.toFixed(1)} on ${cpus().length} CPUs`,
      },
      {
        area: 'reads',
        measure: `rector digests, all ${digests.schools} schools one after another`,
        value: seconds(digests.sequentialMs),
        target: `< ${DIGESTS_TOTAL_MS / 1000} s`,
        met: digests.sequentialMs < DIGESTS_TOTAL_MS,
        note: `${digests.teams} teams; sendDigest's build (loadRectorDigest, audit, link, card), no send; ${digests.statements} SQL statements for a school of ${digests.statementsTeams} teams`,
      },
      {
        area: 'reads',
        measure: `rector digests, all ${digests.schools} schools ${digests.concurrency} at a time (worker concurrency)`,
        value: seconds(digests.concurrentMs),
        target: '',
        met: null,
      },
      { area: 'reads', measure: 'rector digest per school, p50', value: ms(d.p50), target: '', met: null },
      {
        area: 'reads',
        measure: 'rector digest per school, p95',
        value: ms(d.p95),
        target: '',
        met: null,
        note: `max ${ms(d.max)}`,
      },
      {
        area: 'reads',
        measure: `owner aggregate, ownerReport ${TERM} + card (${owner.schools} schools, ${w.n} runs), p50`,
        value: ms(w.p50),
        target: '',
        met: null,
      },
      {
        area: 'reads',
        measure: 'owner aggregate, p95',
        value: ms(w.p95),
        target: '',
        met: null,
        note: `max ${ms(w.max)}; ${owner.statements.toLocaleString('en')} SQL statements per run`,
      },
    ];
    if (rss !== null)
      rows.push({
        area: 'memory',
        measure: 'reads bench process (seed + reads in-process), peak RSS',
        value: `${rss.toFixed(0)} MiB`,
        target: '',
        met: null,
        note: 'the bench process itself, not the web or worker process',
      });
    return {
      rows,
      setup: [
        `Reads: the Oslo seed (refleks seed --scale oslo, history to ${UNTIL.toISOString().slice(0, 10)}) ` +
          `on PostgreSQL, then VACUUM ANALYZE: ${describeSeed(report)}.`,
        `Reads: table sizes ${Object.entries(sizes)
          .map(([table, n]) => `${table} ${n.toLocaleString('en')}`)
          .join(', ')}; connection pool ${POOL_MAX} (DATABASE_POOL_MAX default).`,
        `Reads: overview at ${NOW.toISOString()} for ${o.n} department heads spread over all ${overview.heads} ` +
          `(up to 4 teams each) after 5 warm-up requests; rector digests for ${weekKey} as the worker builds ` +
          `them at send time, after 3 warm-ups; owner report ${TERM} for '${OWNER}', ${w.n} runs after ` +
          `${OWNER_WARMUPS} warm-up. All in this process through the product functions, one at a time ` +
          `unless stated; load average ${load.toFixed(1)} on ${cpus().length} CPUs when measuring began.`,
      ],
    };
  } finally {
    await warm.close();
    await database.close();
  }
}

function print(section: BenchSection) {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const width = Math.max(...section.rows.map((r) => r.measure.length));
  for (const line of section.setup) out(line);
  out('');
  for (const row of section.rows) {
    const met = row.met === null ? '' : row.met ? '  met' : '  MISSED';
    const target = row.target ? `  (target ${row.target})` : '';
    out(`  [${row.area}] ${row.measure.padEnd(width)}  ${row.value.padStart(9)}${target}${met}`);
    if (row.note) out(`      ${row.note}`);
  }
}

async function main() {
  const services = await startBenchServices();
  try {
    print(await runReadsBench(services));
  } finally {
    await services.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
