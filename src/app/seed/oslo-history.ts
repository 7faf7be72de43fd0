import { and, eq, inArray } from 'drizzle-orm';
import { getBuiltinProgramme } from '../../core/programmes/index.ts';
import {
  isoWeekKey,
  localDate,
  noSchoolReason,
  occurrenceInWeek,
  type SchoolCalendar,
  type WeeklySchedule,
} from '../../core/schedule/index.ts';
import { inChunks } from '../../db/chunks.ts';
import type { Db } from '../../db/client.ts';
import {
  commitmentOwners,
  commitments,
  cycles,
  people,
  programmeRuns,
  responses,
  schools,
  teams,
} from '../../db/schema/index.ts';
import { OSLO_PROGRAMME, type SeedTeam } from './oslo-org.ts';
import { answerBody, commitmentText, impactText } from './phrases.ts';
import { createRng } from './random.ts';

/**
 * A school year's history written straight into the tables (not through the tick): for each team, a
 * cycle per ISO week from 2026-W34 up to the week of `until`, held weeks closed and holiday weeks
 * (the Oslo calendar: autumn break in week 40, Christmas, public holidays) recorded as skipped, as
 * the tick records them. About 70% of a team's members answer each held cycle; each commitment step
 * of the four-week programme leaves one commitment owned by one or two members. A cycle that would
 * still be open at `now` is written closed at `now`.
 *
 * Idempotent per team: a team that already has any cycle is left alone, and each chunk of teams is
 * one transaction, so an interrupted seed never leaves a team half written. Each team draws from a
 * PRNG seeded by its key, so its history does not depend on which other teams are seeded.
 */

export const FIRST_WEEK = '2026-W34';
const TEAMS_PER_TX = 50;
const ROWS_PER_INSERT = 2000;
const DAY = 86_400_000;

export interface HistoryCounts {
  teams: number;
  cycles: number;
  skipped: number;
  responses: number;
  commitments: number;
}

/** The ISO week keys from FIRST_WEEK to the week of `until`, within the calendar's school year. */
export function historyWeeks(until: Date, calendar: SchoolCalendar): string[] {
  const last = isoWeekKey(until);
  const weeks: string[] = [];
  const noon = { weekday: 'monday', time: '12:00' } as WeeklySchedule;
  for (let at = occurrenceInWeek(noon, FIRST_WEEK); ; at = new Date(at.getTime() + 7 * DAY)) {
    const week = isoWeekKey(at);
    if (week > last || localDate(at) > calendar.lastDay) return weeks;
    weeks.push(week);
  }
}

type CycleInsert = typeof cycles.$inferInsert;
type Team = { id: string; key: string; schedule: WeeklySchedule; closeAfterHours: number; timezone: string };

async function chunked<V>(values: V[], write: (chunk: V[]) => PromiseLike<unknown>) {
  for (let i = 0; i < values.length; i += ROWS_PER_INSERT) await write(values.slice(i, i + ROWS_PER_INSERT));
}

export async function writeHistory(
  db: Db,
  seedTeams: SeedTeam[],
  opts: { now: Date; until: Date; calendar: SchoolCalendar },
): Promise<HistoryCounts> {
  const counts: HistoryCounts = { teams: 0, cycles: 0, skipped: 0, responses: 0, commitments: 0 };
  const weeks = historyWeeks(opts.until, opts.calendar);
  if (weeks.length === 0) return counts;
  const programme = getBuiltinProgramme(OSLO_PROGRAMME);
  if (!programme) throw new Error(`built-in programme ${OSLO_PROGRAMME} is missing`);

  const personIds = new Map(
    (
      await inChunks(
        seedTeams.flatMap((t) => t.members),
        (emails) =>
          db.select({ id: people.id, email: people.email }).from(people).where(inArray(people.email, emails)),
      )
    ).map((p) => [p.email, p.id]),
  );

  for (let i = 0; i < seedTeams.length; i += TEAMS_PER_TX) {
    const batch = seedTeams.slice(i, i + TEAMS_PER_TX);
    await db.transaction(async (tx) => {
      const rows = await tx
        .select({
          id: teams.id,
          key: teams.key,
          schedule: teams.schedule,
          closeAfterHours: teams.closeAfterHours,
          timezone: schools.timezone,
        })
        .from(teams)
        .innerJoin(schools, eq(schools.id, teams.schoolId))
        .where(
          inArray(
            teams.key,
            batch.map((t) => t.key),
          ),
        );
      const byKey = new Map(rows.map((r) => [r.key, r as Team]));
      const seeded = new Set(
        (
          await tx
            .selectDistinct({ teamId: cycles.teamId })
            .from(cycles)
            .where(
              inArray(
                cycles.teamId,
                rows.map((r) => r.id),
              ),
            )
        ).map((r) => r.teamId),
      );
      const todo = batch.filter((t) => byKey.has(t.key) && !seeded.has(byKey.get(t.key)?.id as string));
      if (todo.length === 0) return;
      const runs = await tx
        .select({ id: programmeRuns.id, teamId: programmeRuns.teamId })
        .from(programmeRuns)
        .where(
          and(
            eq(programmeRuns.status, 'active'),
            inArray(
              programmeRuns.teamId,
              todo.map((t) => byKey.get(t.key)?.id as string),
            ),
          ),
        );
      const runOf = new Map(runs.map((r) => [r.teamId, r.id]));

      // Plan every row first (the PRNG's order is the team's own), then write them in bulk.
      const cycleRows: CycleInsert[] = [];
      const plans: {
        teamKey: string;
        week: string;
        answers: { personId: string; body: string; at: Date }[];
      }[] = [];
      const commitmentPlans: {
        teamKey: string;
        week: string;
        row: typeof commitments.$inferInsert;
        owners: string[];
      }[] = [];
      const nextStep = new Map<string, number>();
      for (const seedTeam of todo) {
        const team = byKey.get(seedTeam.key) as Team;
        const rng = createRng(`history:${seedTeam.key}`);
        const members = seedTeam.members.map((email) => personIds.get(email) as string);
        const lead = personIds.get(seedTeam.lead) as string;
        let held = 0;
        for (const week of weeks) {
          const opensAt = occurrenceInWeek(team.schedule, week, team.timezone);
          const reason = noSchoolReason(localDate(opensAt, team.timezone), opts.calendar);
          if (reason) {
            cycleRows.push({
              teamId: team.id,
              weekKey: week,
              status: 'skipped',
              skipReason: reason,
              opensAt,
              closesAt: opensAt,
            });
            counts.skipped++;
            continue;
          }
          const stepIndex = held % programme.steps.length;
          const step = programme.steps[stepIndex];
          held++;
          const closesAt = new Date(opensAt.getTime() + team.closeAfterHours * 3_600_000);
          const closedAt = closesAt < opts.now ? closesAt : opts.now;
          cycleRows.push({
            teamId: team.id,
            runId: runOf.get(team.id) ?? null,
            weekKey: week,
            stepIndex,
            stepKey: step?.key ?? null,
            status: 'closed',
            opensAt,
            closesAt,
            closedAt,
            promptMessageId: `seed:${seedTeam.key}:${week}`,
            nudgeRounds: 1,
            createdAt: opensAt,
          });
          counts.cycles++;
          const answers = members
            .filter(() => rng.chance(0.7))
            .map((personId) => ({
              personId,
              body: answerBody(rng),
              at: new Date(opensAt.getTime() + rng.int(1, 48) * 3_600_000),
            }));
          plans.push({ teamKey: seedTeam.key, week, answers });
          if (step?.kind === 'commitment') {
            const created = new Date(opensAt.getTime() + 2 * 3_600_000);
            const due = new Date(opensAt.getTime() + 14 * DAY);
            const past = due < opts.now;
            const status = past ? (rng.chance(0.8) ? 'done' : 'dropped') : 'open';
            const owners = [rng.pick(members), rng.pick(members)].filter(
              (id, n, all) => all.indexOf(id) === n,
            );
            const history = [{ at: created.toISOString(), by: lead, change: 'created' }];
            if (status !== 'open')
              history.push({ at: due.toISOString(), by: owners[0] as string, change: status });
            commitmentPlans.push({
              teamKey: seedTeam.key,
              week,
              owners,
              row: {
                teamId: team.id,
                createdBy: lead,
                ...commitmentText(rng),
                dueDate: localDate(due, team.timezone),
                status,
                impact: status === 'done' ? impactText(rng) : null,
                history,
                createdAt: created,
                updatedAt: status === 'open' ? created : due,
                closedAt: status === 'open' ? null : due,
              },
            });
          }
        }
        nextStep.set(team.id, held % programme.steps.length);
      }

      const cycleIds = new Map<string, string>();
      await chunked(cycleRows, async (chunk) => {
        const inserted = await tx
          .insert(cycles)
          .values(chunk)
          .onConflictDoNothing()
          .returning({ id: cycles.id, teamId: cycles.teamId, weekKey: cycles.weekKey });
        for (const r of inserted) cycleIds.set(`${r.teamId}|${r.weekKey}`, r.id);
      });
      const cycleOf = (teamKey: string, week: string) => cycleIds.get(`${byKey.get(teamKey)?.id}|${week}`);

      const responseRows = plans.flatMap((p) => {
        const cycleId = cycleOf(p.teamKey, p.week);
        return cycleId
          ? p.answers.map((a) => ({ cycleId, personId: a.personId, body: a.body, createdAt: a.at }))
          : [];
      });
      await chunked(responseRows, (chunk) => tx.insert(responses).values(chunk).onConflictDoNothing());
      counts.responses += responseRows.length;

      const commitmentRows = commitmentPlans.map((c) => ({
        ...c.row,
        originCycleId: cycleOf(c.teamKey, c.week) ?? null,
      }));
      const ownersOf = new Map(commitmentPlans.map((c, n) => [commitmentRows[n]?.originCycleId, c.owners]));
      const ownerRows: { commitmentId: string; personId: string }[] = [];
      await chunked(commitmentRows, async (chunk) => {
        const inserted = await tx
          .insert(commitments)
          .values(chunk)
          .returning({ id: commitments.id, originCycleId: commitments.originCycleId });
        for (const r of inserted)
          for (const personId of ownersOf.get(r.originCycleId) ?? [])
            ownerRows.push({ commitmentId: r.id, personId });
      });
      await chunked(ownerRows, (chunk) => tx.insert(commitmentOwners).values(chunk).onConflictDoNothing());
      counts.commitments += commitmentRows.length;

      // The run's next step follows on from the history, as if the tick had held every cycle.
      for (const step of new Set(nextStep.values())) {
        const ids = [...nextStep].filter(([, s]) => s === step).map(([id]) => id);
        await tx
          .update(programmeRuns)
          .set({ stepIndex: step })
          .where(and(eq(programmeRuns.status, 'active'), inArray(programmeRuns.teamId, ids)));
      }
      counts.teams += todo.length;
    });
  }
  return counts;
}
