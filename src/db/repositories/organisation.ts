import { and, countDistinct, eq, inArray, type SQLWrapper } from 'drizzle-orm';
import { NotFoundError } from '../../core/errors.ts';
import type { Member } from '../../core/loop/views.ts';
import type { Db } from '../client.ts';
import { people, platformIdentities, roleAssignments, schools, teams } from '../schema/index.ts';

export type TeamRow = typeof teams.$inferSelect;
export type SchoolRow = typeof schools.$inferSelect;
export type PersonRow = typeof people.$inferSelect;

/** Roles whose holders are expected to answer the team's weekly question. */
export const ANSWERING_ROLES = ['member', 'team_lead'];

export async function teamWithSchool(
  db: Db,
  teamId: string,
): Promise<{ team: TeamRow; school: SchoolRow } | null> {
  const rows = await db
    .select({ team: teams, school: schools })
    .from(teams)
    .innerJoin(schools, eq(schools.id, teams.schoolId))
    .where(eq(teams.id, teamId));
  return rows[0] ?? null;
}

export async function teamByKey(db: Db, key: string): Promise<TeamRow | null> {
  const rows = await db.select().from(teams).where(eq(teams.key, key));
  return rows[0] ?? null;
}

export async function membersOf(db: Db, teamId: string): Promise<(Member & { locale: string | null })[]> {
  const rows = await db
    .selectDistinct({ personId: people.id, name: people.name, locale: people.locale })
    .from(roleAssignments)
    .innerJoin(people, eq(people.id, roleAssignments.personId))
    .where(
      and(
        eq(roleAssignments.scopeKind, 'team'),
        eq(roleAssignments.scopeId, teamId),
        inArray(roleAssignments.role, ANSWERING_ROLES),
      ),
    );
  return rows.sort((a, b) => a.name.localeCompare(b.name, 'nb'));
}

/**
 * For each team, how many people membersOf lists (same roles, same join), in one grouped query: a
 * report over many teams would otherwise ask once per team. Teams without members are absent.
 * `teamIds` may be a subquery, so an owner's two thousand teams need not travel as parameters.
 */
export async function memberCounts(
  db: Db,
  teamIds: readonly string[] | SQLWrapper,
): Promise<Map<string, number>> {
  if (Array.isArray(teamIds) && !teamIds.length) return new Map();
  const rows = await db
    .select({ teamId: roleAssignments.scopeId, n: countDistinct(people.id) })
    .from(roleAssignments)
    .innerJoin(people, eq(people.id, roleAssignments.personId))
    .where(
      and(
        eq(roleAssignments.scopeKind, 'team'),
        inArray(roleAssignments.scopeId, teamIds),
        inArray(roleAssignments.role, ANSWERING_ROLES),
      ),
    )
    .groupBy(roleAssignments.scopeId);
  return new Map(rows.map((r) => [r.teamId, r.n]));
}

/** The person with this e-mail (stored lower-case), or NotFoundError naming the address asked for. */
export async function personByEmail(db: Db, email: string): Promise<PersonRow> {
  const [person] = await db.select().from(people).where(eq(people.email, email.trim().toLowerCase()));
  if (!person) throw new NotFoundError(`no person with e-mail ${email.trim()}`);
  return person;
}

export async function personById(db: Db, personId: string): Promise<PersonRow | null> {
  const rows = await db.select().from(people).where(eq(people.id, personId));
  return rows[0] ?? null;
}

export async function personByIdentity(
  db: Db,
  ref: { platform: string; tenantId: string; userId: string },
): Promise<PersonRow | null> {
  const rows = await db
    .select({ person: people })
    .from(platformIdentities)
    .innerJoin(people, eq(people.id, platformIdentities.personId))
    .where(
      and(
        eq(platformIdentities.platform, ref.platform),
        eq(platformIdentities.tenantId, ref.tenantId),
        eq(platformIdentities.userId, ref.userId),
      ),
    );
  return rows[0]?.person ?? null;
}

export async function identityOf(db: Db, personId: string, platform: string, tenantId: string) {
  const rows = await db
    .select()
    .from(platformIdentities)
    .where(
      and(
        eq(platformIdentities.personId, personId),
        eq(platformIdentities.platform, platform),
        eq(platformIdentities.tenantId, tenantId),
      ),
    );
  return rows[0] ?? null;
}
