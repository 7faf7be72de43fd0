import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { platformIdentities, teams } from '../schema/index.ts';

/** The team's channel (or the whole installation) answered "gone": say so in `refleks status`. */
export async function markTeamUnreachable(db: Db, teamId: string, reason: string, now: Date): Promise<void> {
  await db
    .update(teams)
    .set({ unreachableReason: reason.slice(0, 200), unreachableSince: now })
    .where(and(eq(teams.id, teamId)));
}

/** Every team of a workspace or tenant, when the app itself was removed from it. */
export async function markTenantUnreachable(
  db: Db,
  platform: string,
  tenantId: string,
  reason: string,
  now: Date,
) {
  const rows = await db
    .update(teams)
    .set({ unreachableReason: reason, unreachableSince: now })
    .where(and(eq(teams.platform, platform), eq(teams.tenantId, tenantId)))
    .returning({ id: teams.id });
  return rows.length;
}

/** A message reached the channel again (re-invited, reinstalled): the mark goes. */
export async function clearTeamUnreachable(db: Db, teamId: string): Promise<void> {
  await db
    .update(teams)
    .set({ unreachableReason: null, unreachableSince: null })
    .where(and(eq(teams.id, teamId), isNotNull(teams.unreachableReason)));
}

export async function markPersonUnreachable(
  db: Db,
  who: { personId: string; platform: string; tenantId: string },
  reason: string,
): Promise<void> {
  await db
    .update(platformIdentities)
    .set({ unreachableReason: reason.slice(0, 200) })
    .where(
      and(
        eq(platformIdentities.personId, who.personId),
        eq(platformIdentities.platform, who.platform),
        eq(platformIdentities.tenantId, who.tenantId),
      ),
    );
}
