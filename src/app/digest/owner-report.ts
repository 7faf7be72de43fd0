import { and, asc, count, eq, gte, inArray, isNotNull, lt, ne } from 'drizzle-orm';
import { OWNER_COLUMNS, type OwnerReport, type OwnerSchoolRow } from '../../core/digest/owner-digest.ts';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import { formatDate } from '../../core/format.ts';
import { t } from '../../core/i18n/index.ts';
import type { Locale } from '../../core/locale.ts';
import { MIN_GROUP_FLOOR } from '../../core/loop/rating.ts';
import { localDate } from '../../core/schedule/index.ts';
import type { Db } from '../../db/client.ts';
import { answeredCounts } from '../../db/repositories/cycles.ts';
import { memberCounts } from '../../db/repositories/organisation.ts';
import { commitments, cycles, owners, schools, sharedUpdates, teams } from '../../db/schema/index.ts';

/** '2026H' = autumn term (August–December 2026), '2027V' = spring term (January–July 2027). */
export function termRange(term: string): { from: Date; to: Date } {
  const match = /^(\d{4})([HV])$/.exec(term.trim().toUpperCase());
  if (!match) {
    const message = `not a term: "${term}" (e.g. 2026H for autumn 2026, 2027V for spring 2027)`;
    throw new ValidationError({ term: message }, message);
  }
  const year = Number(match[1]);
  return match[2] === 'H'
    ? { from: new Date(Date.UTC(year, 7, 1)), to: new Date(Date.UTC(year + 1, 0, 1)) }
    : { from: new Date(Date.UTC(year, 0, 1)), to: new Date(Date.UTC(year, 7, 1)) };
}

/**
 * The school owner's termly figures for the annual status report (tilstandsrapport): aggregated per
 * school, counts only for commitments (DESIGN §5), participation only over teams of at least the
 * owner's minimum group size, and of the teams' words only what the school's rector passed on to the
 * owner (and the team has not withdrawn), with the school's name and not the team's.
 *
 * A fixed number of statements however large the owner: Oslo is 184 schools, 2,000 teams and
 * 26,000 rounds a term, and asking per team and per round took 28,710 statements.
 */
export async function ownerReport(db: Db, ownerKey: string, term: string): Promise<OwnerReport> {
  const [owner] = await db.select().from(owners).where(eq(owners.key, ownerKey));
  if (!owner) throw new NotFoundError(`no school owner with key "${ownerKey}"`);
  const { from, to } = termRange(term);
  // The file cannot set it below the floor; a database edited by hand must not either.
  const minGroupSize = Math.max(MIN_GROUP_FLOOR, owner.minGroupSize);
  const ofOwner = eq(schools.ownerId, owner.id);
  // Subqueries, not id lists: Oslo's term is 26,000 rounds, and a statement binds at most 65,535.
  const ownerTeamIds = () =>
    db.select({ id: teams.id }).from(teams).innerJoin(schools, eq(schools.id, teams.schoolId)).where(ofOwner);
  const inTerm = () =>
    and(inArray(cycles.teamId, ownerTeamIds()), gte(cycles.opensAt, from), lt(cycles.opensAt, to));
  const [ownSchools, ownTeams, termCycles, members, answered, made, approved] = await Promise.all([
    db.select().from(schools).where(ofOwner),
    db
      .select({ id: teams.id, schoolId: teams.schoolId })
      .from(teams)
      .innerJoin(schools, eq(schools.id, teams.schoolId))
      .where(ofOwner),
    db.select({ id: cycles.id, teamId: cycles.teamId, status: cycles.status }).from(cycles).where(inTerm()),
    memberCounts(db, ownerTeamIds()),
    answeredCounts(
      db,
      db
        .select({ id: cycles.id })
        .from(cycles)
        .where(and(inTerm(), ne(cycles.status, 'skipped'))),
    ),
    db
      .select({ schoolId: teams.schoolId, status: commitments.status, n: count() })
      .from(commitments)
      .innerJoin(teams, eq(teams.id, commitments.teamId))
      .innerJoin(schools, eq(schools.id, teams.schoolId))
      .where(and(ofOwner, gte(commitments.createdAt, from), lt(commitments.createdAt, to)))
      .groupBy(teams.schoolId, commitments.status),
    db
      .select({ schoolId: teams.schoolId, body: sharedUpdates.body, decidedAt: sharedUpdates.decidedAt })
      .from(sharedUpdates)
      .innerJoin(teams, eq(teams.id, sharedUpdates.teamId))
      .innerJoin(schools, eq(schools.id, teams.schoolId))
      .where(
        and(
          ofOwner,
          isNotNull(sharedUpdates.body),
          isNotNull(sharedUpdates.ownerApprovedAt),
          gte(sharedUpdates.decidedAt, from),
          lt(sharedUpdates.decidedAt, to),
        ),
      )
      .orderBy(asc(sharedUpdates.decidedAt)),
  ]);
  const teamsOf = groupBy(ownTeams, (team) => team.schoolId);
  const cyclesOf = groupBy(termCycles, (cycle) => cycle.teamId);
  const rows: OwnerSchoolRow[] = [];
  const approvedText: { school: string; date: string; text: string }[] = [];
  for (const school of ownSchools.sort((a, b) => a.name.localeCompare(b.name, 'nb'))) {
    const schoolTeams = teamsOf.get(school.id) ?? [];
    let held = 0;
    let skipped = 0;
    const shares: number[] = [];
    for (const team of schoolTeams) {
      const teamCycles = cyclesOf.get(team.id) ?? [];
      const teamHeld = teamCycles.filter((c) => c.status !== 'skipped');
      held += teamHeld.length;
      skipped += teamCycles.length - teamHeld.length;
      const size = members.get(team.id) ?? 0;
      // Small groups are left out: a percentage of three people points at people.
      if (size < minGroupSize) continue;
      for (const cycle of teamHeld) shares.push(Math.min(1, (answered.get(cycle.id) ?? 0) / size));
    }
    const madeHere = made.filter((m) => m.schoolId === school.id);
    const madeWith = (status?: string) =>
      madeHere.filter((m) => status === undefined || m.status === status).reduce((n, m) => n + m.n, 0);
    for (const item of approved)
      if (item.schoolId === school.id)
        approvedText.push({
          school: school.name,
          date: localDate(item.decidedAt, school.timezone),
          text: item.body ?? '',
        });
    rows.push({
      school: school.name,
      teams: schoolTeams.length,
      roundsHeld: held,
      roundsSkipped: skipped,
      participationPercent: shares.length
        ? Math.round((shares.reduce((a, b) => a + b, 0) / shares.length) * 100)
        : null,
      commitmentsMade: madeWith(),
      commitmentsDone: madeWith('done'),
      commitmentsOpen: madeWith('open'),
    });
  }
  return {
    owner: owner.name,
    term: term.toUpperCase(),
    minGroupSize,
    schools: rows,
    approvedText,
  };
}

/** Rows by key, each group in the order the rows came, so the shares add up in the same order. */
function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const id = key(row);
    const group = groups.get(id);
    if (group) group.push(row);
    else groups.set(id, [row]);
  }
  return groups;
}

const COLUMNS = OWNER_COLUMNS;
const title = (locale: Locale, column: keyof OwnerSchoolRow) => t(locale, `report.col.${column}`);

const cell = (value: unknown) => (value === null ? '–' : String(value));

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
const csvField = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

export function ownerReportCsv(report: OwnerReport, locale: Locale): string {
  const lines = [COLUMNS.map((key) => csvField(title(locale, key))).join(',')];
  for (const row of report.schools) lines.push(COLUMNS.map((key) => csvField(cell(row[key]))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function ownerReportMarkdown(report: OwnerReport, locale: Locale): string {
  const cellText = (text: string) => text.replaceAll('|', '\\|');
  return [
    `# ${cellText(t(locale, 'report.heading', { owner: report.owner, term: report.term }))}`,
    '',
    t(locale, 'report.note', { min: report.minGroupSize }),
    '',
    `| ${COLUMNS.map((key) => cellText(title(locale, key))).join(' | ')} |`,
    `| ${COLUMNS.map(() => '---').join(' | ')} |`,
    ...report.schools.map((row) => `| ${COLUMNS.map((key) => cellText(cell(row[key]))).join(' | ')} |`),
    '',
    `## ${t(locale, 'report.shared.heading')}`,
    '',
    ...(report.approvedText.length
      ? report.approvedText.map(
          (item) =>
            `- ${t(locale, 'report.shared.item', { school: item.school, date: formatDate(item.date, locale), text: item.text.replace(/\s+/g, ' ') })}`,
        )
      : [t(locale, 'report.shared.none')]),
    '',
  ].join('\n');
}
