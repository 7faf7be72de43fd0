import { eq } from 'drizzle-orm';
import { loadRectorDigest } from '../../app/digest/rector-digest.ts';
import { writeDigests } from '../../app/digest/write-digests.ts';
import type { Config } from '../../config.ts';
import { buildRectorDigestCard } from '../../core/digest/rector-digest.ts';
import { NotFoundError } from '../../core/errors.ts';
import { isoWeekKey } from '../../core/schedule/index.ts';
import { schools } from '../../db/schema/index.ts';
import { withDatabase } from '../with-database.ts';
import { cardLines } from './overview.ts';

const out = (line: string) => process.stdout.write(`${line}\n`);

/**
 * `refleks digest --school KEY [--dry-run] [--json]`: prints what the school's rector gets this week;
 * without --dry-run it is also queued for the rectors now (the running worker sends it).
 */
export async function digestCommand(
  config: Config,
  opts: { school: string; dryRun?: boolean; json?: boolean },
) {
  const now = new Date();
  const { digest, queued } = await withDatabase(config, async (db) => {
    const digest = await loadRectorDigest(db, opts.school, now);
    if (opts.dryRun) return { digest, queued: 0 };
    const [school] = await db.select().from(schools).where(eq(schools.key, opts.school));
    if (!school) throw new NotFoundError(`no school with key "${opts.school}"`);
    const rows = await writeDigests(db, school, isoWeekKey(now, school.timezone));
    return { digest, queued: rows.length };
  });
  if (opts.json) out(JSON.stringify(digest, null, 2));
  else for (const line of cardLines(buildRectorDigestCard(digest))) out(line);
  if (!opts.dryRun) process.stderr.write(`queued for ${queued} rector(s)\n`);
}
