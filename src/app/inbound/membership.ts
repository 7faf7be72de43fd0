import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { ANSWERING_ROLES } from '../../db/repositories/organisation.ts';
import { roleAssignments } from '../../db/schema/index.ts';

export async function isTeamMember(db: Db, teamId: string, personId: string): Promise<boolean> {
  const rows = await db
    .select({ id: roleAssignments.id })
    .from(roleAssignments)
    .where(
      and(
        eq(roleAssignments.personId, personId),
        eq(roleAssignments.scopeKind, 'team'),
        eq(roleAssignments.scopeId, teamId),
        inArray(roleAssignments.role, ANSWERING_ROLES),
      ),
    )
    .limit(1);
  return rows.length > 0;
}
