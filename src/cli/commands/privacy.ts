import { type Command, InvalidArgumentError } from 'commander';
import { readAuditLog } from '../../app/privacy/audit-log.ts';
import { erasePerson } from '../../app/privacy/erase-person.ts';
import { exportPerson } from '../../app/privacy/export-person.ts';
import { type RetentionCounts, runRetention } from '../../app/privacy/retention.ts';
import type { Config } from '../../config.ts';
import { systemClock } from '../../core/clock.ts';
import { withDatabase } from '../with-database.ts';

const out = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

function instant(value: string): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new InvalidArgumentError('expected a date, e.g. 2026-11-01');
  return at;
}

const counted = (counts: RetentionCounts | Record<string, number>) =>
  Object.entries(counts)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');

/** Data rights and accountability: export, erase, retention and the audit log. */
export function registerPrivacyCommands(program: Command, config: () => Config): void {
  program
    .command('export')
    .description("a person's own data as JSON (right of access)")
    .requiredOption('--person <email>', "the person's e-mail")
    .action(async (opts: { person: string }) => {
      const data = await withDatabase(config(), (db) =>
        exportPerson(db, opts.person, { now: systemClock.now(), by: 'cli' }),
      );
      out(JSON.stringify(data, null, 2));
    });

  program
    .command('erase')
    .description("erase a person (the school owner's decision): their answers, identities and roles")
    .requiredOption('--person <email>', "the person's e-mail")
    .action(async (opts: { person: string }) => {
      const erased = await withDatabase(config(), (db) => erasePerson(db, opts.person));
      const { personId: _, ...counts } = erased;
      out(`erased ${opts.person.trim()}: ${counted(counts)}`);
      // Apply is the truth for the people it lists: the next apply would add them again.
      out('remove them from the organisation file too, or the next `refleks apply` adds them again');
    });

  program
    .command('retention')
    .description('delete what is past the retention periods now (the daily job does this at 02:00)')
    .option('--dry-run', 'only say what would be deleted')
    .option('--json', 'machine-readable output')
    .action(async (opts: { dryRun?: boolean; json?: boolean }) => {
      const run = await withDatabase(config(), (db) =>
        runRetention(db, { now: systemClock.now(), dryRun: opts.dryRun === true }),
      );
      if (opts.json) return out(JSON.stringify({ dryRun: opts.dryRun === true, ...run }, null, 2));
      const verb = opts.dryRun ? 'would delete' : 'deleted';
      for (const owner of run.owners) out(`${owner.owner}: ${verb} ${counted(owner.counts)}`);
      out(`logs and delivery records: ${verb} ${counted(run.shared.counts)}`);
    });

  program
    .command('audit')
    .description('the audit log: leader reads, exports, role and settings changes, shares, deletions')
    .option('--since <date>', 'only records from this date or time on', instant)
    .option('--json', 'machine-readable output')
    .action(async (opts: { since?: Date; json?: boolean }) => {
      const records = await withDatabase(config(), (db) =>
        readAuditLog(db, opts.since ? { since: opts.since } : {}),
      );
      if (opts.json) return out(JSON.stringify(records, null, 2));
      if (!records.length) return out('no audit records');
      for (const r of records) {
        const subject = r.subjectKind ? ` ${r.subjectKind}:${r.subjectId ?? ''}` : '';
        const by = r.actorPersonId ? `person:${r.actorPersonId}` : r.actor;
        out(`${r.at.toISOString()}  ${r.action}${subject}  by ${by}  ${JSON.stringify(r.details)}`);
      }
    });
}
