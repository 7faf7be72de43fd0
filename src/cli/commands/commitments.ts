import { type LedgerFilter, teamLedger } from '../../app/commitments/ledger.ts';
import type { Config } from '../../config.ts';
import { ValidationError } from '../../core/errors.ts';
import { withDatabase } from '../with-database.ts';

const out = (line: string) => process.stdout.write(`${line}\n`);
const FILTERS: LedgerFilter[] = ['all', 'open', 'overdue', 'done', 'dropped'];

/** `refleks commitments --team KEY [--status open|overdue|done|dropped] [--json]`: the team's ledger. */
export async function commitmentsCommand(
  config: Config,
  opts: { team: string; status?: string; json?: boolean },
) {
  const filter = (opts.status ?? 'all') as LedgerFilter;
  if (!FILTERS.includes(filter)) {
    const message = `--status must be one of ${FILTERS.join(', ')}`;
    throw new ValidationError({ status: message }, message);
  }
  const ledger = await withDatabase(config, (db) => teamLedger(db, opts.team, { filter, now: new Date() }));
  if (opts.json) {
    out(JSON.stringify(ledger, null, 2));
    return;
  }
  out(
    `${ledger.team} (${ledger.name}): ${ledger.entries.length} commitment(s)${filter === 'all' ? '' : `, ${filter}`}`,
  );
  for (const e of ledger.entries) {
    const who = e.owners.length ? e.owners.join(', ') : 'the whole team';
    const state = e.overdue ? 'OVERDUE' : e.status;
    out(
      `- «${e.what}» — ${who}; due ${e.dueDate ?? 'none'}; ${state}${e.adjusted ? `; date moved ${e.adjusted}×` : ''}`,
    );
    for (const f of e.followUps)
      out(`    ${f.kind.padEnd(10)} ${f.at}  ${f.status}${f.reason ? ` (${f.reason})` : ''}`);
  }
}
