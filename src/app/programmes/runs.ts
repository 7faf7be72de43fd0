import { and, eq } from 'drizzle-orm';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import { nextOccurrence, type WeeklySchedule } from '../../core/schedule/index.ts';
import type { Db } from '../../db/client.ts';
import { audit } from '../../db/repositories/events.ts';
import { availableProgrammes } from '../../db/repositories/programmes.ts';
import { programmeRuns, schools, teams } from '../../db/schema/index.ts';

export type RunActor = { actor: 'cli' } | { actor: 'person'; personId: string };

async function teamAndSchool(tx: Db, teamId: string) {
  const [row] = await tx
    .select({ team: teams, school: schools })
    .from(teams)
    .innerJoin(schools, eq(schools.id, teams.schoolId))
    .where(eq(teams.id, teamId))
    .for('no key update', { of: teams });
  if (!row) throw new NotFoundError(`no team ${teamId}`);
  return row;
}

export async function teamIdByKey(db: Db, key: string): Promise<string> {
  const [team] = await db.select({ id: teams.id }).from(teams).where(eq(teams.key, key));
  if (!team) throw new NotFoundError(`no team with key "${key}"`);
  return team.id;
}

/**
 * Starts a programme for a team from its first step (or switches to it): a running one is marked
 * replaced and kept for the history; a cycle already open finishes on the programme it was asked in.
 * The team's next prompt is its next ordinary weekly time.
 */
export async function startProgramme(
  db: Db,
  input: { teamId: string; programmeKey: string; now: Date } & RunActor,
): Promise<{ programme: string; nextRunAt: Date }> {
  const programme = (await availableProgrammes(db)).get(input.programmeKey);
  if (!programme) {
    const message = `no programme with key "${input.programmeKey}"; see refleks programmes list`;
    throw new ValidationError({ programme: message }, message);
  }
  return db.transaction(async (tx) => {
    const { team, school } = await teamAndSchool(tx, input.teamId);
    await tx
      .update(programmeRuns)
      .set({ status: 'replaced', completedAt: input.now })
      .where(and(eq(programmeRuns.teamId, team.id), eq(programmeRuns.status, 'active')));
    await tx.insert(programmeRuns).values({
      teamId: team.id,
      programmeKey: programme.key,
      programmeVersion: programme.version,
      stepIndex: 0,
      status: 'active',
      startedAt: input.now,
    });
    const nextRunAt = nextOccurrence(team.schedule as WeeklySchedule, input.now, school.timezone).at;
    await tx.update(teams).set({ nextRunAt, updatedAt: input.now }).where(eq(teams.id, team.id));
    await audit(tx, {
      actor: input.actor,
      actorPersonId: input.actor === 'person' ? input.personId : null,
      action: 'programme.started',
      subjectKind: 'team',
      subjectId: team.id,
      details: { programme: programme.key, version: programme.version },
    });
    return { programme: programme.key, nextRunAt };
  });
}

/** Ends a team's programme before its last step: no more prompts until another one starts. */
export async function finishProgramme(db: Db, input: { teamId: string; now: Date } & RunActor) {
  return db.transaction(async (tx) => {
    const { team } = await teamAndSchool(tx, input.teamId);
    const ended = await tx
      .update(programmeRuns)
      .set({ status: 'finished', completedAt: input.now })
      .where(and(eq(programmeRuns.teamId, team.id), eq(programmeRuns.status, 'active')))
      .returning();
    if (!ended.length) {
      const message = `team "${team.key}" has no programme running`;
      throw new ValidationError({ team: message }, message);
    }
    await tx.update(teams).set({ nextRunAt: null, updatedAt: input.now }).where(eq(teams.id, team.id));
    await audit(tx, {
      actor: input.actor,
      actorPersonId: input.actor === 'person' ? input.personId : null,
      action: 'programme.finished',
      subjectKind: 'team',
      subjectId: team.id,
      details: { programme: ended[0]!.programmeKey },
    });
    return { programme: ended[0]!.programmeKey };
  });
}

/**
 * Pauses or resumes a team: no prompts and no reminders while paused. Resuming schedules the next
 * ordinary occurrence; paused weeks are not caught up.
 */
export async function setTeamActive(
  db: Db,
  input: { teamId: string; active: boolean; now: Date } & RunActor,
) {
  return db.transaction(async (tx) => {
    const { team, school } = await teamAndSchool(tx, input.teamId);
    const nextRunAt =
      input.active && team.nextRunAt
        ? nextOccurrence(team.schedule as WeeklySchedule, input.now, school.timezone).at
        : team.nextRunAt;
    await tx
      .update(teams)
      .set({ active: input.active, nextRunAt, updatedAt: input.now })
      .where(eq(teams.id, team.id));
    await audit(tx, {
      actor: input.actor,
      actorPersonId: input.actor === 'person' ? input.personId : null,
      action: input.active ? 'team.resumed' : 'team.paused',
      subjectKind: 'team',
      subjectId: team.id,
    });
    return { team: team.name, nextRunAt };
  });
}
