import { eq } from 'drizzle-orm';
import { ownerReport, ownerReportCsv, ownerReportMarkdown } from '../../app/digest/owner-report.ts';
import { loadRectorDigest } from '../../app/digest/rector-digest.ts';
import { writeDigests } from '../../app/digest/write-digests.ts';
import { resolveLocale } from '../../app/locale.ts';
import type { Config } from '../../config.ts';
import { buildRectorDigestCard } from '../../core/digest/rector-digest.ts';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import { isoWeekKey } from '../../core/schedule/index.ts';
import { audit } from '../../db/repositories/events.ts';
import { schools } from '../../db/schema/index.ts';
import { withDatabase } from '../with-database.ts';
import { cardLines } from './overview.ts';

const out = (line: string) => process.stdout.write(`${line}\n`);

/**
 * `refleks digest --school KEY [--dry-run] [--json]`: prints what the school's rector gets this week;
 * without --dry-run it is also queued for the rectors now (the running worker sends it).
 */
export interface DigestOptions {
  school?: string;
  owner?: string;
  term?: string;
  format?: string;
  locale?: string;
  dryRun?: boolean;
  json?: boolean;
}

export async function digestCommand(config: Config, opts: DigestOptions) {
  if (opts.owner) return ownerDigest(config, opts);
  if (!opts.school) {
    const message = 'give --school KEY (the rector digest) or --owner KEY --term 2026H (the owner report)';
    throw new ValidationError({ school: message }, message);
  }
  const school = opts.school;
  const now = new Date();
  const { digest, queued } = await withDatabase(config, async (db) => {
    const digest = await loadRectorDigest(db, school, now);
    // Printed at a terminal, the digest's shared text is read by the operator: an export, audited.
    await audit(db, {
      actor: 'cli',
      action: 'school.digest_exported',
      subjectKind: 'school',
      subjectId: school,
      details: { dryRun: opts.dryRun === true },
    });
    if (opts.dryRun) return { digest, queued: 0 };
    const [row] = await db.select().from(schools).where(eq(schools.key, school));
    if (!row) throw new NotFoundError(`no school with key "${school}"`);
    const rows = await writeDigests(db, row, isoWeekKey(now, row.timezone));
    return { digest, queued: rows.length };
  });
  if (opts.json) out(JSON.stringify(digest, null, 2));
  else for (const line of cardLines(buildRectorDigestCard(digest))) out(line);
  if (!opts.dryRun) process.stderr.write(`queued for ${queued} rector(s)\n`);
}

/** `refleks digest --owner KEY --term 2026H --format md|csv|json`: figures for the status report. */
async function ownerDigest(config: Config, opts: DigestOptions) {
  const format = (opts.format ?? 'md').toLowerCase();
  if (!['md', 'csv', 'json'].includes(format)) {
    const message = '--format must be md, csv or json';
    throw new ValidationError({ format: message }, message);
  }
  if (!opts.term) {
    const message = '--owner needs --term, e.g. 2026H (autumn) or 2027V (spring)';
    throw new ValidationError({ term: message }, message);
  }
  const locale = resolveLocale(opts.locale);
  const report = await withDatabase(config, async (db) => {
    const built = await ownerReport(db, opts.owner!, opts.term!);
    // Every export is written to the audit log (DESIGN §5).
    await audit(db, {
      actor: 'cli',
      action: 'owner.report_exported',
      subjectKind: 'owner',
      subjectId: opts.owner!,
      details: { term: built.term, format },
    });
    return built;
  });
  if (opts.json || format === 'json') out(JSON.stringify(report, null, 2));
  else
    process.stdout.write(
      format === 'csv' ? ownerReportCsv(report, locale) : ownerReportMarkdown(report, locale),
    );
}
