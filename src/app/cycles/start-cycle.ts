import { and, eq, sql } from 'drizzle-orm';
import { isLastStep, stepAt } from '../../core/programmes/index.ts';
import type { Db } from '../../db/client.ts';
import type { CycleRow } from '../../db/repositories/cycles.ts';
import { enqueueOutbox, type OutboxRow } from '../../db/repositories/outbox.ts';
import { programmeVersion } from '../../db/repositories/programmes.ts';
import { cycles, programmeRuns } from '../../db/schema/index.ts';

export type StartResult =
  | { started: true; cycle: CycleRow; outbox: OutboxRow | null; programmeFinished: boolean }
  | { started: false; reason: 'no_active_programme' | 'already_this_week' };

/**
 * Opens the team's cycle for `weekKey` with the run's current step and writes the prompt to the
 * outbox, all in the caller's transaction. The unique (team, week) index makes a second caller lose.
 */
export async function startCycle(
  tx: Db,
  input: { teamId: string; weekKey: string; opensAt: Date; closesAt: Date },
): Promise<StartResult> {
  const [run] = await tx
    .select()
    .from(programmeRuns)
    .where(and(eq(programmeRuns.teamId, input.teamId), eq(programmeRuns.status, 'active')))
    .for('no key update');
  const programme = run ? await programmeVersion(tx, run.programmeKey, run.programmeVersion) : undefined;
  const step = run && programme ? stepAt(programme, run.stepIndex) : undefined;
  if (!run || !programme || !step) return { started: false, reason: 'no_active_programme' };

  const [cycle] = await tx
    .insert(cycles)
    .values({
      teamId: input.teamId,
      runId: run.id,
      weekKey: input.weekKey,
      stepIndex: run.stepIndex,
      stepKey: step.key,
      status: 'open',
      opensAt: input.opensAt,
      closesAt: input.closesAt,
    })
    // A week recorded as skipped (a holiday) may still be opened, e.g. by an operator the next day;
    // a week that already has a real cycle may not.
    .onConflictDoUpdate({
      target: [cycles.teamId, cycles.weekKey],
      set: {
        runId: run.id,
        stepIndex: run.stepIndex,
        stepKey: step.key,
        status: 'open',
        skipReason: null,
        opensAt: input.opensAt,
        closesAt: input.closesAt,
      },
      setWhere: sql`${cycles.status} = 'skipped'`,
    })
    .returning();
  if (!cycle) return { started: false, reason: 'already_this_week' };

  const programmeFinished = isLastStep(programme, run.stepIndex);
  await tx
    .update(programmeRuns)
    .set(
      programmeFinished
        ? { stepIndex: run.stepIndex + 1, status: 'completed', completedAt: input.opensAt }
        : { stepIndex: run.stepIndex + 1 },
    )
    .where(eq(programmeRuns.id, run.id));

  const outbox = await enqueueOutbox(tx, {
    key: `prompt:${cycle.id}`,
    kind: 'prompt',
    teamId: input.teamId,
    cycleId: cycle.id,
  });
  return { started: true, cycle, outbox, programmeFinished };
}

/** A week the team does not meet (holiday): recorded so status and digests can say why. */
export async function recordSkippedWeek(
  tx: Db,
  input: { teamId: string; weekKey: string; at: Date; reason: string },
): Promise<void> {
  await tx
    .insert(cycles)
    .values({
      teamId: input.teamId,
      weekKey: input.weekKey,
      status: 'skipped',
      skipReason: input.reason,
      opensAt: input.at,
      closesAt: input.at,
    })
    .onConflictDoNothing();
}
