import type { InboundResult } from '../../core/chat/port.ts';
import { buildLedgerCard } from '../../core/commitments/ledger-card.ts';
import { t } from '../../core/i18n/index.ts';
import type { Locale } from '../../core/locale.ts';
import type { TeamRow } from '../../db/repositories/organisation.ts';
import { ledgerItems, teamLedger } from '../commitments/ledger.ts';
import type { AppDeps } from '../deps.ts';

const FILTER_WORDS: Record<string, 'open' | 'overdue' | 'done'> = {
  open: 'open',
  åpne: 'open',
  opne: 'open',
  overdue: 'overdue',
  forfalt: 'overdue',
  forfalne: 'overdue',
  done: 'done',
  ferdig: 'done',
  ferdige: 'done',
};

/** `/refleks commitments [open | overdue | done]`: the team's own ledger, shown to the person who asked. */
export async function ledgerCommand(
  deps: AppDeps,
  team: TeamRow,
  argument: string,
  locale: Locale,
): Promise<InboundResult> {
  const filter = FILTER_WORDS[argument.trim().toLowerCase()] ?? 'all';
  const ledger = await teamLedger(deps.db, team.key, { filter, now: deps.clock.now() });
  const items = ledgerItems(ledger.entries);
  return {
    type: 'show_home',
    card: buildLedgerCard({ locale, teamName: team.name, filter, items }),
    movedNotice: t(locale, 'command.overview.sentPrivately'),
  };
}
