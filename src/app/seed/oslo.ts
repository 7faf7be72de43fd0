import type { Db } from '../../db/client.ts';
import { type ApplyReport, applyOrg } from '../org/index.ts';
import { type HistoryCounts, writeHistory } from './oslo-history.ts';
import { buildOsloOrg } from './oslo-org.ts';

/**
 * `refleks seed --scale oslo`: a realistic school owner at Oslo scale, for trying the product (and
 * its queries) on a full municipality's worth of data.
 *
 * 1. The organisation (oslo-org.ts) is built in memory as an organisation file and applied with
 *    applyOrg, so it gets the same validation, the same chunked writes and the same idempotence as
 *    `refleks apply`: a second seed reports nothing created or updated.
 * 2. The school year so far (oslo-history.ts) is written directly in bulk: cycles, answers and
 *    commitments, skipping every team that already has cycles.
 *
 * Everything is synthetic and deterministic (seeded PRNGs, no Math.random, no real names): the same
 * call on an empty database always gives the same data. `scale` (0–1] shrinks the number of schools
 * for tests; the schools it keeps are identical to the full-scale ones.
 */

export interface SeedOsloOptions {
  now: Date;
  /** History up to the ISO week of this day; default: the week before `now`. */
  until?: Date;
  /** Share of Oslo's 184 schools, (0, 1]; default 1. */
  scale?: number;
  actor?: 'cli' | 'system';
}

export interface SeedOsloReport {
  schools: number;
  teams: number;
  people: number;
  org: ApplyReport;
  history: HistoryCounts;
  seconds: number;
}

export async function seedOslo(db: Db, opts: SeedOsloOptions): Promise<SeedOsloReport> {
  const started = performance.now();
  const { org, calendar, teams } = buildOsloOrg(opts.scale ?? 1);
  const report = await applyOrg(db, org, { now: opts.now, actor: opts.actor ?? 'cli' });
  const until = opts.until ?? new Date(opts.now.getTime() - 7 * 86_400_000);
  const history = await writeHistory(db, teams, { now: opts.now, until, calendar });
  return {
    schools: org.schools.length,
    teams: org.teams.length,
    people: org.people.length,
    org: report,
    history,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The one-line summary the CLI prints. */
export function describeSeed(r: SeedOsloReport): string {
  const h = r.history;
  return (
    `oslo seeded: ${r.schools} schools, ${r.teams} teams, ${r.people} people ` +
    `(${r.org.created} created, ${r.org.updated} updated); history for ${h.teams} teams: ` +
    `${h.cycles} cycles, ${h.skipped} skipped weeks, ${h.responses} responses, ${h.commitments} commitments ` +
    `in ${r.seconds.toFixed(1)} s`
  );
}
