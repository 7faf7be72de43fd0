import { eq } from 'drizzle-orm';
import type { InboundEvent, InboundResult } from '../../core/chat/port.ts';
import { buildLedgerCard } from '../../core/commitments/ledger-card.ts';
import { weekNumberOf } from '../../core/format.ts';
import { t } from '../../core/i18n/index.ts';
import { isUuid } from '../../core/loop/ids.ts';
import type { Block } from '../../core/ui/model.ts';
import type { PersonRow } from '../../db/repositories/organisation.ts';
import { schools, teams } from '../../db/schema/index.ts';
import { ledgerItems, teamLedger } from '../commitments/ledger.ts';
import type { AppDeps } from '../deps.ts';
import { participationTrends, schoolYearStart } from '../home/school-year.ts';
import { resolveLocale } from '../locale.ts';
import { isLeaderOf } from './membership.ts';

/**
 * A leader's "Details" on one team: every round this school year as a team-level share, and the
 * team's whole ledger of commitments (open, done with their effect, put aside). Read-only: the
 * ledger's Done and Adjust buttons are the team's, so they are left out.
 */
export async function openTeamDetail(
  deps: AppDeps,
  person: PersonRow,
  event: Extract<InboundEvent, { kind: 'action' }>,
): Promise<InboundResult> {
  const [row] = isUuid(event.value)
    ? await deps.db
        .select({ team: teams, school: schools })
        .from(teams)
        .innerJoin(schools, eq(schools.id, teams.schoolId))
        .where(eq(teams.id, event.value))
    : [];
  const locale = resolveLocale(person.locale, row?.team.locale, row?.school.locale);
  if (!row) return { type: 'notice', text: t(locale, 'error.unknownAction') };
  if (!(await isLeaderOf(deps.db, row.team, person.id)))
    return { type: 'notice', text: t(locale, 'support.notLeader') };
  const now = deps.clock.now();
  const [[trend], ledger] = await Promise.all([
    participationTrends(deps.db, [row.team], schoolYearStart(now, row.school.timezone)),
    teamLedger(deps.db, row.team.key, { filter: 'all', now }),
  ]);
  const rounds = (trend?.points ?? []).map((p) => {
    const week = weekNumberOf(p.week);
    if (p.skipped) return t(locale, 'detail.roundSkipped', { week });
    return p.percent === null
      ? t(locale, 'home.leader.roundHidden', { week })
      : t(locale, 'home.leader.roundHeld', { week, percent: p.percent });
  });
  const items = ledgerItems(ledger.entries);
  const ledgerBlocks = buildLedgerCard({
    locale,
    teamName: row.team.name,
    filter: 'all',
    items,
  }).blocks.filter((b) => b.type !== 'buttons');
  const blocks: Block[] = [
    { type: 'text', style: 'heading', text: row.team.name },
    {
      type: 'text',
      style: 'muted',
      text: rounds.length
        ? t(locale, 'detail.rounds', { rounds: rounds.join(' · ') })
        : t(locale, 'detail.noRounds'),
    },
    ...ledgerBlocks,
  ];
  return {
    type: 'show_detail',
    title: row.team.name,
    closeLabel: t(locale, 'button.close'),
    card: { fallbackText: row.team.name, blocks },
  };
}
