import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { ANSWERING_ROLES } from '../../db/repositories/organisation.ts';
import { roleAssignments } from '../../db/schema/index.ts';

export async function isTeamMember(db: Db, teamId: string, personId: string): Promise<boolean> {
  return hasTeamRole(db, teamId, personId, ANSWERING_ROLES);
}

/** The team lead decides for the team: what is shared upward, which programme comes next. */
export async function isTeamLead(db: Db, teamId: string, personId: string): Promise<boolean> {
  return hasTeamRole(db, teamId, personId, ['team_lead']);
}

async function hasTeamRole(db: Db, teamId: string, personId: string, roles: string[]): Promise<boolean> {
  const rows = await db
    .select({ id: roleAssignments.id })
    .from(roleAssignments)
    .where(
      and(
        eq(roleAssignments.personId, personId),
        eq(roleAssignments.scopeKind, 'team'),
        eq(roleAssignments.scopeId, teamId),
        inArray(roleAssignments.role, roles),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/**
 * A leader with the team in scope: its department head (a team-scoped role) or the rector of its
 * school. They may answer the team's support requests.
 */
export async function isLeaderOf(db: Db, team: { id: string; schoolId: string }, personId: string) {
  const rows = await db
    .select({ role: roleAssignments.role, kind: roleAssignments.scopeKind, scope: roleAssignments.scopeId })
    .from(roleAssignments)
    .where(
      and(
        eq(roleAssignments.personId, personId),
        inArray(roleAssignments.role, ['department_head', 'rector']),
      ),
    );
  return rows.some(
    (r) => (r.kind === 'team' && r.scope === team.id) || (r.kind === 'school' && r.scope === team.schoolId),
  );
}
