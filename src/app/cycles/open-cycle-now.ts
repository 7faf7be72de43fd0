import { and, eq } from 'drizzle-orm';
import { RefleksError } from '../../core/errors.ts';
import { isoWeekKey, nextOccurrence, type WeeklySchedule } from '../../core/schedule/index.ts';
import type { CycleRow } from '../../db/repositories/cycles.ts';
import { audit } from '../../db/repositories/events.ts';
import { teamByKey } from '../../db/repositories/organisation.ts';
import type { OutboxRow } from '../../db/repositories/outbox.ts';
import { cycles, schools } from '../../db/schema/index.ts';
import type { AppDeps } from '../deps.ts';
import { startCycle } from './start-cycle.ts';

const HOUR = 3_600_000;

/**
 * An operator's explicit act (`refleks cycle open`, the demo start): opens this week's cycle now,
 * even outside working hours. It stays open as long as a scheduled one would, but never into the
 * next scheduled week.
 */
export async function openCycleNow(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  teamKey: string,
  actor: 'cli' | 'system' = 'cli',
): Promise<{ cycle: CycleRow; outbox: OutboxRow | null }> {
  const now = deps.clock.now();
  const team = await teamByKey(deps.db, teamKey);
  if (!team) throw new RefleksError('not_found', `no team with key "${teamKey}"`);
  const [school] = await deps.db.select().from(schools).where(eq(schools.id, team.schoolId));
  const zone = school?.timezone ?? 'Europe/Oslo';
  const weekKey = isoWeekKey(now, zone);
  const schedule = team.schedule as WeeklySchedule;
  let next = nextOccurrence(schedule, now, zone);
  if (next.weekKey === weekKey) next = nextOccurrence(schedule, next.at, zone);
  const closesAt = new Date(
    Math.min(now.getTime() + team.closeAfterHours * HOUR, next.at.getTime() - 60_000),
  );

  return deps.db.transaction(async (tx) => {
    // Two open cycles would mean two prompts and two streams of reminders: one at a time.
    const [open] = await tx
      .select()
      .from(cycles)
      .where(and(eq(cycles.teamId, team.id), eq(cycles.status, 'open')))
      .for('no key update');
    if (open) {
      throw new RefleksError(
        'validation_failed',
        `team "${teamKey}" already has an open cycle (${open.weekKey}, closes ${open.closesAt.toISOString()})`,
      );
    }
    const result = await startCycle(tx, { teamId: team.id, weekKey, opensAt: now, closesAt });
    if (!result.started) {
      throw new RefleksError(
        'validation_failed',
        result.reason === 'already_this_week'
          ? `team "${teamKey}" already has a cycle in ${weekKey}`
          : `team "${teamKey}" has no active programme`,
      );
    }
    await audit(tx, { actor, action: 'cycle.opened', subjectKind: 'cycle', subjectId: result.cycle.id });
    return { cycle: result.cycle, outbox: result.outbox };
  });
}
