import { eq } from 'drizzle-orm';
import { retentionDue } from '../../core/privacy/retention.ts';
import { owners, schools } from '../../db/schema/index.ts';
import type { AppDeps } from '../deps.ts';
import { type RetentionRun, runRetention } from './retention.ts';

/**
 * The daily retention job: the first tick after 02:00 (the owner's local time) each day runs it for
 * the owners not yet done today. A day missed while Refleks was down is no loss: what was due then is
 * still due, and the next run deletes it.
 */
export async function runDueRetention(deps: AppDeps): Promise<RetentionRun[]> {
  const now = deps.clock.now();
  const rows = await deps.db
    .select({ key: owners.key, ranOn: owners.retentionRanOn, zone: schools.timezone })
    .from(owners)
    .leftJoin(schools, eq(schools.ownerId, owners.id));
  const due = new Map<string, string>();
  for (const row of rows) {
    const day = retentionDue(row.ranOn, now, row.zone ?? 'Europe/Oslo');
    if (day && !due.has(row.key)) due.set(row.key, day);
  }
  const runs: RetentionRun[] = [];
  // Owners in different time zones may be on different dates: each is marked with its own.
  for (const day of new Set(due.values())) {
    const onlyOwners = [...due].filter(([, d]) => d === day).map(([key]) => key);
    const run = await runRetention(deps.db, { now, onlyOwners, day });
    deps.logger.info(
      { owners: run.owners.map((o) => ({ owner: o.owner, ...o.counts })), shared: run.shared.counts },
      'retention run',
    );
    runs.push(run);
  }
  return runs;
}
