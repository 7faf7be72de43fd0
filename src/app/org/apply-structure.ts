import { eq, inArray } from 'drizzle-orm';
import { RefleksError } from '../../core/errors.ts';
import type { RetentionPolicy } from '../../core/privacy/retention.ts';
import { inChunks } from '../../db/chunks.ts';
import type { Db } from '../../db/client.ts';
import { availableProgrammes } from '../../db/repositories/programmes.ts';
import { owners, schools, teams } from '../../db/schema/index.ts';
import { loadTeamRuns, nextPromptAt, rescheduleTeamsOutsideFile } from './apply-runs.ts';
import { createRow, type Tally, updateIfChanged } from './apply-writes.ts';
import { bindingOf, remindersOf, scheduleOf } from './desired.ts';
import type { OrgFile } from './schema.ts';

/** The organisation's structure: its owner, schools and teams, matched by key. */

/** Only the keys the file sets: a default the file does not name follows the reference if it changes. */
function retentionOf(file: OrgFile['owner']['retention']): Partial<RetentionPolicy> | null {
  if (!file) return null;
  const policy: Partial<RetentionPolicy> = {};
  if (file.responses_years_after_school_year !== undefined)
    policy.responsesYearsAfterSchoolYear = file.responses_years_after_school_year;
  if (file.commitments_years !== undefined) policy.commitmentsYears = file.commitments_years;
  if (file.ratings_raw_days !== undefined) policy.ratingsRawDays = file.ratings_raw_days;
  if (file.logs_months !== undefined) policy.logsMonths = file.logs_months;
  return Object.keys(policy).length ? policy : null;
}

export async function applyOwner(tx: Db, org: OrgFile, now: Date, tally: Tally): Promise<string> {
  const [current] = await tx.select().from(owners).where(eq(owners.key, org.owner.key));
  const desired = {
    name: org.owner.name,
    minGroupSize: org.owner.min_group_size,
    weeklyReminderCap: org.owner.reminders_per_week,
    retention: retentionOf(org.owner.retention),
  };
  if (!current) return createRow(tx, owners, { key: org.owner.key, ...desired }, now, tally);
  await updateIfChanged(tx, owners, current, desired, now, tally);
  return current.id;
}

export interface SchoolState {
  id: string;
  timezone: string;
  /** The school's zone moved: every team's next prompt instant moves with it. */
  zoneChanged: boolean;
}

export async function applySchools(
  tx: Db,
  org: OrgFile,
  ownerId: string,
  now: Date,
  tally: Tally,
): Promise<Map<string, SchoolState>> {
  const existing = await inChunks(
    org.schools.map((s) => s.key),
    (keys) => tx.select().from(schools).where(inArray(schools.key, keys)),
  );
  const byKey = new Map(existing.map((row) => [row.key, row]));
  const states = new Map<string, SchoolState>();

  for (const school of org.schools) {
    const desired = {
      ownerId,
      name: school.name,
      locale: school.locale,
      calendarKey: school.calendar ?? null,
      timezone: school.timezone,
      digestSchedule: school.digest ? { weekday: school.digest.weekday, time: school.digest.time } : null,
      workingHours: {
        days: [...school.working_hours.days],
        from: school.working_hours.from,
        to: school.working_hours.to,
      },
    };
    const current = byKey.get(school.key);
    if (!current) {
      const id = await createRow(tx, schools, { key: school.key, ...desired }, now, tally);
      states.set(school.key, { id, timezone: school.timezone, zoneChanged: false });
      continue;
    }
    await updateIfChanged(tx, schools, current, desired, now, tally);
    states.set(school.key, {
      id: current.id,
      timezone: school.timezone,
      zoneChanged: current.timezone !== school.timezone,
    });
  }

  const moved = [...states.values()].filter((s) => s.zoneChanged);
  await rescheduleTeamsOutsideFile(tx, org, moved, now, tally);
  return states;
}

/**
 * The file's binding, except that a channel chosen in chat is kept while the file names none for the
 * team: re-applying the file must not undo what a team did when it added Refleks to its channel.
 */
function keptBinding(team: OrgFile['teams'][number], current: typeof teams.$inferSelect | undefined) {
  const fromFile = bindingOf(team);
  if (fromFile.platform === 'local' && current?.bindingSource === 'chat') {
    const { platform, tenantId, channelId } = current;
    return { platform, tenantId, channelId, bindingSource: 'chat' };
  }
  return { ...fromFile, bindingSource: 'file' };
}

export async function applyTeams(
  tx: Db,
  org: OrgFile,
  schoolStates: Map<string, SchoolState>,
  now: Date,
  tally: Tally,
): Promise<Map<string, string>> {
  const existing = await inChunks(
    org.teams.map((t) => t.key),
    (keys) => tx.select().from(teams).where(inArray(teams.key, keys)),
  );
  const byKey = new Map(existing.map((row) => [row.key, row]));
  const runs = await loadTeamRuns(
    tx,
    existing.map((t) => t.id),
    now,
  );
  const ids = new Map<string, string>();
  const programmes = await availableProgrammes(tx);

  for (const team of org.teams) {
    const school = schoolStates.get(team.school);
    if (!school) throw new RefleksError('org_invalid', `team "${team.key}": unknown school "${team.school}"`);
    const programme = programmes.get(team.programme);
    if (!programme) {
      throw new RefleksError('org_invalid', `team "${team.key}": unknown programme "${team.programme}"`);
    }
    const schedule = scheduleOf(team);
    const current = byKey.get(team.key);
    const desired = {
      schoolId: school.id,
      name: team.name,
      locale: team.locale ?? null,
      programmeKey: programme.key,
      schedule,
      reminders: remindersOf(team),
      closeAfterHours: team.close_after_hours,
      ...keptBinding(team, current),
      calendarKey: team.calendar ?? null,
      onDayOff: team.on_day_off,
      active: true,
    };

    if (!current) {
      const nextRunAt = nextPromptAt(schedule, now, school.timezone);
      const id = await createRow(tx, teams, { key: team.key, ...desired, nextRunAt }, now, tally);
      ids.set(team.key, id);
      runs.start(id, programme);
      continue;
    }
    ids.set(team.key, current.id);

    const { started, nextRunAt } = await runs.reconcile(current, programme, schedule, school);
    // Counted below, once per team; the audit of what changed still hears of it.
    const uncounted: Tally = Object.assign(() => {}, tally.changed ? { changed: tally.changed } : {});
    const outcome = await updateIfChanged(tx, teams, current, { ...desired, nextRunAt }, now, uncounted);
    // A restarted programme is a change to the team even when none of its own columns moved.
    tally(started ? 'updated' : outcome);
  }

  await runs.insertStarted();
  return ids;
}
