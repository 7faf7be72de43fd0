import { and, eq, inArray, isNotNull, notInArray } from 'drizzle-orm';
import type { Programme } from '../../core/programmes/index.ts';
import { nextOccurrence, type WeeklySchedule } from '../../core/schedule/index.ts';
import { forChunks, inChunks } from '../../db/chunks.ts';
import type { Db } from '../../db/client.ts';
import { programmeRuns, teams } from '../../db/schema/index.ts';
import { type Tally, updateIfChanged } from './apply-writes.ts';
import { sameValue } from './desired.ts';
import type { OrgFile } from './schema.ts';

/** Programme runs and next_run_at: which teams run which programme, and when they are next prompted. */

type RunRow = typeof programmeRuns.$inferSelect;
type TeamRow = typeof teams.$inferSelect;

/** The next instant a team on `schedule` is prompted, in its school's zone. */
export function nextPromptAt(schedule: WeeklySchedule, now: Date, timezone: string): Date {
  return nextOccurrence(schedule, now, timezone).at;
}

/**
 * A school's new time zone also moves the next prompt of its teams that this file does not list
 * (the teams it lists are rescheduled with the rest of their changes).
 */
export async function rescheduleTeamsOutsideFile(
  tx: Db,
  org: OrgFile,
  movedSchools: { id: string; timezone: string }[],
  now: Date,
  tally: Tally,
): Promise<void> {
  if (movedSchools.length === 0) return;
  const listed = org.teams.map((t) => t.key);
  for (const school of movedSchools) {
    const rows = await tx
      .select()
      .from(teams)
      .where(
        and(
          eq(teams.schoolId, school.id),
          isNotNull(teams.nextRunAt),
          listed.length > 0 ? notInArray(teams.key, listed) : undefined,
        ),
      );
    for (const row of rows) {
      const nextRunAt = nextPromptAt(row.schedule as WeeklySchedule, now, school.timezone);
      await updateIfChanged(tx, teams, row, { nextRunAt }, now, tally);
    }
  }
}

export interface TeamRuns {
  /** Queues a first run, from step one, for a team that has just been created. */
  start(teamId: string, programme: Programme): void;
  /**
   * Brings an existing team's run in line with the file's programme, queueing a new run when one
   * must start. Returns whether one did and the next_run_at the team should now hold.
   */
  reconcile(
    team: Pick<TeamRow, 'id' | 'schedule' | 'nextRunAt' | 'programmeKey'>,
    programme: Programme,
    schedule: WeeklySchedule,
    school: { timezone: string; zoneChanged: boolean },
  ): Promise<{ started: boolean; nextRunAt: Date | null }>;
  /** Inserts the queued runs, once every team row exists. */
  insertStarted(): Promise<void>;
}

/** Loads the runs of the file's existing teams (`teamIds`) once, for reconcile to decide from. */
export async function loadTeamRuns(tx: Db, teamIds: string[], now: Date): Promise<TeamRuns> {
  const runs = await inChunks(teamIds, (ids) =>
    tx.select().from(programmeRuns).where(inArray(programmeRuns.teamId, ids)),
  );
  const activeRun = new Map(runs.filter((r) => r.status === 'active').map((r) => [r.teamId, r]));
  const latestRun = new Map<string, RunRow>();
  for (const run of runs) {
    const seen = latestRun.get(run.teamId);
    if (!seen || seen.startedAt < run.startedAt) latestRun.set(run.teamId, run);
  }
  const queued: { teamId: string; programme: Programme }[] = [];

  return {
    start(teamId, programme) {
      queued.push({ teamId, programme });
    },

    async reconcile(team, programme, schedule, school) {
      const active = activeRun.get(team.id);
      // The file moves a team to another programme only when the file itself names a new one: a
      // programme a team lead started in chat (or an operator with the CLI) survives the nightly apply.
      const fileChanged = team.programmeKey !== programme.key;
      let started = false;
      if (active && fileChanged && active.programmeKey !== programme.key) {
        // A new programme starts from its first step; the old run stays for the history.
        await tx
          .update(programmeRuns)
          .set({ status: 'replaced', completedAt: now })
          .where(eq(programmeRuns.id, active.id));
        started = true;
      } else if (!active) {
        // A programme the team has finished (or stopped) is not restarted by re-applying the same
        // file: the nightly apply of an unchanged file must not send a team back to week one.
        started = fileChanged || !latestRun.has(team.id);
      }
      if (started) queued.push({ teamId: team.id, programme });

      // next_run_at is null once a programme has ended (open-due-cycles); only a running programme
      // gets a next prompt, recomputed when the weekday, the time or the school's zone moves.
      const running = Boolean(active) || started;
      const moved = !sameValue(team.schedule, schedule) || school.zoneChanged;
      const nextRunAt =
        running && (started || moved || team.nextRunAt === null)
          ? nextPromptAt(schedule, now, school.timezone)
          : team.nextRunAt;
      return { started, nextRunAt };
    },

    async insertStarted() {
      await forChunks(
        queued.map(({ teamId, programme }) => ({
          teamId,
          programmeKey: programme.key,
          programmeVersion: programme.version,
          stepIndex: 0,
          status: 'active',
          startedAt: now,
        })),
        (chunk) => tx.insert(programmeRuns).values(chunk),
      );
    },
  };
}
