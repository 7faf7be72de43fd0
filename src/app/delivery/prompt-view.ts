import { and, eq, isNotNull } from 'drizzle-orm';
import { NotFoundError } from '../../core/errors.ts';
import { aggregateRatings, DEFAULT_MIN_GROUP_SIZE, type RatingAggregate } from '../../core/loop/rating.ts';
import type { PromptView } from '../../core/loop/views.ts';
import { unfoldRatings } from '../../core/privacy/retention.ts';
import { stepAt } from '../../core/programmes/index.ts';
import { localDate } from '../../core/schedule/index.ts';
import type { Db } from '../../db/client.ts';
import { openCommitmentsOf } from '../../db/repositories/commitments.ts';
import { answeredCount, type CycleRow } from '../../db/repositories/cycles.ts';
import { membersOf, type SchoolRow, type TeamRow } from '../../db/repositories/organisation.ts';
import { programmeVersion } from '../../db/repositories/programmes.ts';
import { cycles, owners, programmeRuns, responses } from '../../db/schema/index.ts';
import { resolveLocale } from '../locale.ts';

/** Programme and step of a cycle, in the team's language. */
export async function cycleQuestion(db: Db, cycle: CycleRow, locale: PromptView['locale']) {
  const [run] = cycle.runId
    ? await db.select().from(programmeRuns).where(eq(programmeRuns.id, cycle.runId))
    : [];
  const programme = run ? await programmeVersion(db, run.programmeKey, run.programmeVersion) : undefined;
  const step = programme && cycle.stepIndex !== null ? stepAt(programme, cycle.stepIndex) : undefined;
  if (!programme || !step) throw new NotFoundError(`cycle ${cycle.id} has no programme step`);
  return {
    programmeTitle: programme.title[locale],
    question: step.question[locale],
    stepKind: step.kind,
    why: programme.why[locale],
    stepNumber: (cycle.stepIndex ?? 0) + 1,
    totalSteps: programme.steps.length,
  };
}

export async function loadPromptView(
  db: Db,
  ctx: { cycle: CycleRow; team: TeamRow; school: SchoolRow },
): Promise<PromptView> {
  const { cycle, team, school } = ctx;
  const locale = resolveLocale(team.locale, school.locale);
  const [{ why: _why, ...question }, answered, members, openCommitments] = await Promise.all([
    cycleQuestion(db, cycle, locale),
    answeredCount(db, cycle.id),
    membersOf(db, team.id),
    // Carry-forward: what the team committed to before this week, not what it adds now.
    openCommitmentsOf(db, team.id, { createdBefore: cycle.opensAt }),
  ]);
  return {
    cycleId: cycle.id,
    locale,
    zone: school.timezone,
    weekKey: cycle.weekKey,
    ...question,
    closesAt: cycle.closesAt,
    status: cycle.status === 'open' ? 'open' : 'closed',
    answered,
    expected: members.length,
    openCommitments,
    rating: question.stepKind === 'rating' ? await ratingOf(db, cycle.id, school.ownerId) : null,
    asOf: localDate(cycle.opensAt, school.timezone),
  };
}

/** The anonymous aggregate of a rating step: only ever the average, and only past the owner's minimum. */
export async function ratingOf(db: Db, cycleId: string, ownerId: string): Promise<RatingAggregate> {
  const [rows, [owner], [folded]] = await Promise.all([
    db
      .select({ rating: responses.rating })
      .from(responses)
      .where(and(eq(responses.cycleId, cycleId), isNotNull(responses.rating))),
    db.select({ minGroupSize: owners.minGroupSize }).from(owners).where(eq(owners.id, ownerId)),
    db.select({ counts: cycles.ratingCounts }).from(cycles).where(eq(cycles.id, cycleId)),
  ]);
  // Past the owner's rating retention the raw values are gone; their counts stand in for them.
  return aggregateRatings(
    [...rows.map((r) => r.rating as number), ...unfoldRatings(folded?.counts)],
    owner?.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE,
  );
}
