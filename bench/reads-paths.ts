import { and, asc, eq } from 'drizzle-orm';
import pino from 'pino';
import { ownerReport } from '../src/app/digest/owner-report.ts';
import { loadRectorDigest } from '../src/app/digest/rector-digest.ts';
import { auditSharedRead } from '../src/app/home/audit-shared-read.ts';
import { resolveLocale } from '../src/app/locale.ts';
import { createOverviewLinks } from '../src/app/web/overview-links.ts';
import { ManualClock } from '../src/core/clock.ts';
import { buildOwnerDigestCard } from '../src/core/digest/owner-digest.ts';
import { buildRectorDigestCard } from '../src/core/digest/rector-digest.ts';
import { occurrenceInWeek } from '../src/core/schedule/index.ts';
import type { Db } from '../src/db/client.ts';
import { personById } from '../src/db/repositories/organisation.ts';
import { roleAssignments, schools } from '../src/db/schema/index.ts';
import { overviewRoutes } from '../src/http/overview/routes.ts';
import { type CountingDb, statementsOf } from './reads-queries.ts';
import { spreadIndices, timed } from './reads-stats.ts';

/** As src/app/delivery/render-digest.ts: a digest's link to the web overview lasts the week. */
const DIGEST_LINK_HOURS = 7 * 24;
/** The overview link's lifetime does not change what the page costs; the default of the config. */
const OVERVIEW_LINK_HOURS = 24;

const distinctPeopleWith = async (db: Db, role: string) =>
  (
    await db
      .selectDistinct({ personId: roleAssignments.personId })
      .from(roleAssignments)
      .where(eq(roleAssignments.role, role))
      .orderBy(asc(roleAssignments.personId))
  ).map((r) => r.personId);

/**
 * GET /overview/:token as a department head opens it from chat: the Hono route of the web process,
 * called in-process through app.request with a link signed by createOverviewLinks, so link checks,
 * loadOverviewPage (the leader view, the school year's trends, the audit of shared reads) and the
 * HTML rendering are all in the time.
 */
function overviewClient(db: Db, now: Date) {
  const clock = new ManualClock(now);
  const links = createOverviewLinks({
    db,
    clock,
    baseUrl: () => 'http://127.0.0.1:3000',
    hours: OVERVIEW_LINK_HOURS,
  });
  const app = overviewRoutes({ db, clock, links, logger: pino({ level: 'silent' }) });
  return {
    pathOf: async (personId: string) => new URL((await links.issue(personId)).url).pathname,
    async request(path: string) {
      const res = await app.request(path);
      const html = await res.text();
      // A 403/503 page is fast and would flatter the numbers: every sample must be the real page.
      const teams = html.split('<section class="team" data-team=').length - 1;
      if (res.status !== 200 || teams === 0)
        throw new Error(`overview ${path} answered ${res.status} without the teams`);
      return teams;
    },
  };
}

export interface OverviewRun {
  heads: number;
  timings: number[];
  /** SQL statements of one request: the warm-up for the head with the most teams, and that many teams. */
  statements: number;
  statementsTeams: number;
}

/** `samples` department heads spread over all of them, one request at a time: latency, not throughput. */
export async function measureOverview(
  db: Db,
  warm: CountingDb,
  opts: { now: Date; samples: number; warmups: number },
): Promise<OverviewRun> {
  const heads = await distinctPeopleWith(db, 'department_head');
  const { picked, rest } = spreadIndices(heads.length, opts.samples);
  const warmClient = overviewClient(warm.db, opts.now);
  let statements = 0;
  let statementsTeams = 0;
  for (const index of rest.slice(0, opts.warmups)) {
    const path = await warmClient.pathOf(heads[index]!);
    let teams = 0;
    const sent = await statementsOf(warm, async () => {
      teams = await warmClient.request(path);
    });
    if (teams > statementsTeams) [statements, statementsTeams] = [sent, teams];
  }
  const client = overviewClient(db, opts.now);
  const paths = await Promise.all(picked.map((index) => client.pathOf(heads[index]!)));
  const timings: number[] = [];
  for (const path of paths) timings.push((await timed(() => client.request(path))).ms);
  return { heads: heads.length, timings, statements, statementsTeams };
}

/** Each school's rector, by school key, in key order. */
async function rectorsBySchool(db: Db) {
  return db
    .select({ key: schools.key, timezone: schools.timezone, personId: roleAssignments.personId })
    .from(schools)
    .innerJoin(
      roleAssignments,
      and(
        eq(roleAssignments.scopeId, schools.id),
        eq(roleAssignments.scopeKind, 'school'),
        eq(roleAssignments.role, 'rector'),
      ),
    )
    .orderBy(asc(schools.key));
}

type RectorOfSchool = Awaited<ReturnType<typeof rectorsBySchool>>[number];

/**
 * The worker's 'digest' outbox job up to the send, as sendDigest in src/app/delivery/render-digest.ts
 * does it: the rector, loadRectorDigest for the week, the audit of the shared read, the week-long
 * link to the overview and buildRectorDigestCard. Only postToPerson (the platform call) is left out.
 */
function digestBuilder(db: Db, now: Date, weekKey: string) {
  const links = createOverviewLinks({
    db,
    clock: new ManualClock(now),
    baseUrl: () => 'http://127.0.0.1:3000',
    hours: OVERVIEW_LINK_HOURS,
  });
  return async (school: RectorOfSchool) => {
    const person = await personById(db, school.personId);
    if (!person) throw new Error(`rector of ${school.key} is gone`);
    const inWeek = occurrenceInWeek(
      { weekday: 'friday', time: '12:00', cadence: 'weekly' },
      weekKey,
      school.timezone,
    );
    const digest = await loadRectorDigest(db, school.key, inWeek, person.locale);
    await auditSharedRead(db, { personId: person.id, where: 'digest', teams: digest.teams });
    const link = await links.issue(person.id, { hours: DIGEST_LINK_HOURS });
    const card = buildRectorDigestCard(digest, link);
    if (!digest.teams.length || !card.blocks.length) throw new Error(`empty digest for ${school.key}`);
    return digest.teams.length;
  };
}

export interface DigestRun {
  schools: number;
  teams: number;
  /** Per school, one after another. */
  timings: number[];
  /** All schools one after another, wall time. */
  sequentialMs: number;
  /** All schools again, `concurrency` at a time as the worker takes jobs, wall time. */
  concurrentMs: number;
  concurrency: number;
  /** SQL statements of one school's digest (the last warm-up), and that school's teams. */
  statements: number;
  statementsTeams: number;
}

export async function measureRectorDigests(
  db: Db,
  warm: CountingDb,
  opts: { now: Date; weekKey: string; warmups: number; concurrency: number },
): Promise<DigestRun> {
  const all = await rectorsBySchool(db);
  const warmBuild = digestBuilder(warm.db, opts.now, opts.weekKey);
  let statements = 0;
  let statementsTeams = 0;
  for (const school of all.slice(-opts.warmups))
    statements = await statementsOf(warm, async () => {
      statementsTeams = await warmBuild(school);
    });
  const build = digestBuilder(db, opts.now, opts.weekKey);
  await build(all[0]!);
  const timings: number[] = [];
  let teams = 0;
  const sequential = await timed(async () => {
    for (const school of all) {
      const one = await timed(() => build(school));
      timings.push(one.ms);
      teams += one.value;
    }
  });
  const queue = [...all];
  const concurrent = await timed(() =>
    Promise.all(
      Array.from({ length: opts.concurrency }, async () => {
        for (let school = queue.shift(); school; school = queue.shift()) await build(school);
      }),
    ),
  );
  return {
    schools: all.length,
    teams,
    timings,
    sequentialMs: sequential.ms,
    concurrentMs: concurrent.ms,
    concurrency: opts.concurrency,
    statements,
    statementsTeams,
  };
}

/**
 * The school owner's termly aggregate as the worker's 'owner_digest' job builds it (sendOwnerDigest):
 * ownerReport over every school of the owner, then buildOwnerDigestCard in the reader's language.
 * `refleks digest --owner KEY --term T` runs the same ownerReport.
 */
export async function measureOwnerReport(
  db: Db,
  warm: CountingDb,
  opts: { ownerKey: string; term: string; runs: number; warmups: number },
): Promise<{ schools: number; timings: number[]; statements: number }> {
  const [reader] = await distinctPeopleWith(db, 'school_owner');
  const person = reader ? await personById(db, reader) : null;
  const locale = resolveLocale(person?.locale);
  const once = async (on: Db) => {
    const report = await ownerReport(on, opts.ownerKey, opts.term);
    buildOwnerDigestCard(report, locale);
    return report.schools.length;
  };
  let statements = 0;
  for (let i = 0; i < opts.warmups; i++) statements = await statementsOf(warm, () => once(warm.db));
  const timings: number[] = [];
  let schoolCount = 0;
  for (let i = 0; i < opts.runs; i++) {
    const run = await timed(() => once(db));
    timings.push(run.ms);
    schoolCount = run.value;
  }
  return { schools: schoolCount, timings, statements };
}
