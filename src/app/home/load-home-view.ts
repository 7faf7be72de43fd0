import { and, asc, count, desc, eq, inArray, or } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { HomeCommitment, HomeTeam, HomeView } from '../../core/home/home-card.ts';
import type { LeaderTeam } from '../../core/home/leader-blocks.ts';
import type { Locale } from '../../core/locale.ts';
import { teamShare } from '../../core/loop/rating.ts';
import type { Db } from '../../db/client.ts';
import { openCommitmentsOf } from '../../db/repositories/commitments.ts';
import { answeredCount, openCycleOfTeam, responseOf } from '../../db/repositories/cycles.ts';
import {
  ANSWERING_ROLES,
  membersOf,
  type SchoolRow,
  type TeamRow,
} from '../../db/repositories/organisation.ts';
import { programmeVersion } from '../../db/repositories/programmes.ts';
import {
  commitmentOwners,
  commitments,
  cycles,
  people,
  programmeRuns,
  responses,
  roleAssignments,
  schools,
  teams,
} from '../../db/schema/index.ts';
import { cycleQuestion } from '../delivery/prompt-view.ts';
import { resolveLocale } from '../locale.ts';
import { leaderShared, leaderSupport } from './leader-extras.ts';

const DEFAULT_ZONE = 'Europe/Oslo';
const LEADER_ROLES = ['department_head', 'rector'];

type TeamWithSchool = { team: TeamRow; school: SchoolRow };

async function teamsWithSchools(db: Db, where: { teamIds?: string[]; schoolIds?: string[] }) {
  const conditions = [];
  if (where.teamIds?.length) conditions.push(inArray(teams.id, where.teamIds));
  if (where.schoolIds?.length) conditions.push(inArray(teams.schoolId, where.schoolIds));
  if (!conditions.length) return [];
  const rows = await db
    .select({ team: teams, school: schools })
    .from(teams)
    .innerJoin(schools, eq(schools.id, teams.schoolId))
    .where(and(...conditions));
  return rows.sort((a, b) => a.team.name.localeCompare(b.team.name, 'nb'));
}

/** The teams the person answers in, and the teams a leader role gives them a team-level view of. */
export async function teamsOfPerson(db: Db, personId: string) {
  const roles = await db.select().from(roleAssignments).where(eq(roleAssignments.personId, personId));
  const memberTeamIds = roles
    .filter((r) => ANSWERING_ROLES.includes(r.role) && r.scopeKind === 'team')
    .map((r) => r.scopeId);
  const leaderRoles = roles.filter((r) => LEADER_ROLES.includes(r.role));
  const leaderTeamIds = leaderRoles.filter((r) => r.scopeKind === 'team').map((r) => r.scopeId);
  const leaderSchoolIds = leaderRoles.filter((r) => r.scopeKind === 'school').map((r) => r.scopeId);

  const member = await teamsWithSchools(db, { teamIds: memberTeamIds });
  const byTeam = await teamsWithSchools(db, { teamIds: leaderTeamIds });
  const bySchool = await teamsWithSchools(db, { schoolIds: leaderSchoolIds });
  const led = new Map<string, TeamWithSchool>();
  for (const row of [...byTeam, ...bySchool]) led.set(row.team.id, row);
  return {
    member,
    rectorSchools: leaderRoles
      .filter((r) => r.role === 'rector' && r.scopeKind === 'school')
      .map((r) => r.scopeId),
    leader: leaderRoles.length
      ? [...led.values()].sort((a, b) => a.team.name.localeCompare(b.team.name, 'nb'))
      : null,
  };
}

async function homeTeam(db: Db, row: TeamWithSchool, personId: string, locale: Locale): Promise<HomeTeam> {
  const { team } = row;
  const cycle = await openCycleOfTeam(db, team.id);
  if (!cycle) {
    return { name: team.name, openQuestion: null, nextPromptAt: team.active ? team.nextRunAt : null };
  }
  const [{ question }, mine, answered, members] = await Promise.all([
    cycleQuestion(db, cycle, locale),
    responseOf(db, cycle.id, personId),
    answeredCount(db, cycle.id),
    membersOf(db, team.id),
  ]);
  return {
    name: team.name,
    openQuestion: {
      weekKey: cycle.weekKey,
      question,
      closesAt: cycle.closesAt,
      answeredByMe: mine !== null,
      answered,
      expected: members.length,
      cycleId: cycle.id,
    },
    nextPromptAt: team.active ? team.nextRunAt : null,
  };
}

/** Open commitments the person owns (in any team), and those of their teams that the whole team owns. */
async function myCommitments(db: Db, personId: string, memberTeams: TeamWithSchool[]) {
  const owned = await db
    .select({ commitmentId: commitmentOwners.commitmentId })
    .from(commitmentOwners)
    .where(eq(commitmentOwners.personId, personId));
  const teamIds = memberTeams.map((r) => r.team.id);
  const candidates = [
    ...(owned.length
      ? [
          inArray(
            commitments.id,
            owned.map((o) => o.commitmentId),
          ),
        ]
      : []),
    ...(teamIds.length ? [inArray(commitments.teamId, teamIds)] : []),
  ];
  if (!candidates.length) return [];
  const rows = await db
    .select({ commitment: commitments, teamName: teams.name })
    .from(commitments)
    .innerJoin(teams, eq(teams.id, commitments.teamId))
    .where(and(eq(commitments.status, 'open'), or(...candidates)))
    .orderBy(asc(commitments.createdAt));
  if (!rows.length) return [];
  const ownedIds = new Set(owned.map((o) => o.commitmentId));
  const owners = await db
    .select({ commitmentId: commitmentOwners.commitmentId, name: people.name })
    .from(commitmentOwners)
    .innerJoin(people, eq(people.id, commitmentOwners.personId))
    .where(
      inArray(
        commitmentOwners.commitmentId,
        rows.map((r) => r.commitment.id),
      ),
    );
  const views: HomeCommitment[] = rows.map(({ commitment: c, teamName }) => ({
    id: c.id,
    what: c.what,
    trigger: c.trigger,
    evidence: c.evidence,
    dueDate: c.dueDate,
    teamName,
    ownerNames: owners
      .filter((o) => o.commitmentId === c.id)
      .map((o) => o.name)
      .sort((a, b) => a.localeCompare(b, 'nb')),
  }));
  // Mine by name, or the whole team's (no owners); a commitment owned by teammates only is theirs.
  const mine = views.filter((v) => ownedIds.has(v.id) || v.ownerNames.length === 0);
  // Soonest due first, those without a due date last.
  return mine.sort((a, b) => (a.dueDate ?? '9999-12-31').localeCompare(b.dueDate ?? '9999-12-31'));
}

async function leaderProgramme(db: Db, teamId: string, locale: Locale): Promise<LeaderTeam['programme']> {
  const [run] = await db
    .select()
    .from(programmeRuns)
    .where(and(eq(programmeRuns.teamId, teamId), eq(programmeRuns.status, 'active')));
  const programme = run ? await programmeVersion(db, run.programmeKey, run.programmeVersion) : undefined;
  if (!run || !programme) return null;
  return {
    title: programme.title[locale],
    // The step the team is on: the last one asked (the run already points at the next).
    step: Math.min(Math.max(1, run.stepIndex), programme.steps.length),
    total: programme.steps.length,
  };
}

/** The latest six rounds: a team-level share for each held one (never who), the reason for a skip. */
async function leaderRounds(db: Db, teamId: string, members: number): Promise<LeaderTeam['rounds']> {
  const rows = await db
    .select()
    .from(cycles)
    .where(eq(cycles.teamId, teamId))
    .orderBy(desc(cycles.weekKey))
    .limit(6);
  return Promise.all(
    rows.map(async (c) => {
      if (c.status === 'skipped')
        return { week: c.weekKey, participationPercent: null, skipped: c.skipReason ?? '', open: false };
      const [answered] = await db.select({ n: count() }).from(responses).where(eq(responses.cycleId, c.id));
      const percent = teamShare(answered?.n ?? 0, members);
      return { week: c.weekKey, participationPercent: percent, skipped: null, open: c.status === 'open' };
    }),
  );
}

async function leaderCommitments(db: Db, teamId: string, today: string): Promise<LeaderTeam['commitments']> {
  // Soonest due first, those without a date last (as ORDER BY due_date puts NULLs).
  const open = (await openCommitmentsOf(db, teamId)).sort((a, b) =>
    (a.dueDate ?? '9999-12-31').localeCompare(b.dueDate ?? '9999-12-31'),
  );
  return open.map((c) => ({
    what: c.what,
    owners: c.ownerNames,
    dueDate: c.dueDate,
    overdue: c.dueDate !== null && c.dueDate < today,
  }));
}

/** Team-level numbers, commitments and what the team shared. Never who answered, never what was said. */
async function leaderTeam(
  db: Db,
  row: TeamWithSchool,
  now: Date,
  locale: Locale,
  rectorOf: string[],
): Promise<LeaderTeam> {
  const { team, school } = row;
  const today = DateTime.fromJSDate(now, { zone: school.timezone }).toISODate() ?? '';
  const [[lastClosed], members, open] = await Promise.all([
    db
      .select({ id: cycles.id })
      .from(cycles)
      .where(and(eq(cycles.teamId, team.id), eq(cycles.status, 'closed')))
      .orderBy(desc(cycles.closesAt))
      .limit(1),
    membersOf(db, team.id),
    db
      .select({ dueDate: commitments.dueDate })
      .from(commitments)
      .where(and(eq(commitments.teamId, team.id), eq(commitments.status, 'open'))),
  ]);
  let participationPercent: number | null = null;
  if (lastClosed) {
    const [answered] = await db
      .select({ n: count() })
      .from(responses)
      .where(eq(responses.cycleId, lastClosed.id));
    participationPercent = teamShare(answered?.n ?? 0, members.length);
  }
  const [programme, rounds, openList, shared, support] = await Promise.all([
    leaderProgramme(db, team.id, locale),
    leaderRounds(db, team.id, members.length),
    leaderCommitments(db, team.id, today),
    leaderShared(db, team.id, school.timezone),
    leaderSupport(db, team.id, school.timezone, now),
  ]);
  return {
    id: team.id,
    name: team.name,
    programme,
    rounds,
    commitments: openList,
    shared,
    canPassOn: rectorOf.includes(school.id),
    support,
    participationPercent,
    openCommitments: open.length,
    overdueCommitments: open.filter((c) => c.dueDate !== null && c.dueDate < today).length,
  };
}

/**
 * Everything the person's home shows, read for `now`. Leaders get only what DESIGN §5 allows them:
 * team-level participation and commitment counts, read through leaderTeam and nothing else.
 */
export async function loadHomeView(
  db: Db,
  person: { id: string; locale: string | null },
  now: Date,
): Promise<HomeView> {
  const [personRow] = await db.select().from(people).where(eq(people.id, person.id));
  const { member, leader, rectorSchools } = await teamsOfPerson(db, person.id);
  const first = member[0] ?? leader?.[0];
  const locale = resolveLocale(person.locale, first?.team.locale, first?.school.locale);
  const zone = first?.school.timezone ?? DEFAULT_ZONE;

  const [homeTeams, mine, leaderTeams] = await Promise.all([
    Promise.all(member.map((row) => homeTeam(db, row, person.id, locale))),
    myCommitments(db, person.id, member),
    leader ? Promise.all(leader.map((row) => leaderTeam(db, row, now, locale, rectorSchools))) : null,
  ]);
  return {
    locale,
    zone,
    personName: personRow?.name ?? '',
    teams: homeTeams,
    myCommitments: mine,
    leader: leaderTeams ? { teams: leaderTeams } : null,
  };
}
