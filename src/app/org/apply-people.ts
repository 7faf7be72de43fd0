import { eq, inArray } from 'drizzle-orm';
import { RefleksError } from '../../core/errors.ts';
import { forChunks, inChunks } from '../../db/chunks.ts';
import type { Db } from '../../db/client.ts';
import { people, platformIdentities, roleAssignments } from '../../db/schema/index.ts';
import type { SchoolState } from './apply-structure.ts';
import { type Tally, updateIfChanged } from './apply-writes.ts';
import { grantsOf, identitiesOf, type ScopeRef } from './desired.ts';
import type { OrgFile } from './schema.ts';

/** The people the file lists: their rows (by email), their platform accounts and their roles. */

/** PostgreSQL text cannot hold NUL, so joining on it never makes two different tuples one key. */
const compositeKey = (...parts: string[]): string => parts.join('\u0000');

export async function applyPeople(
  tx: Db,
  org: OrgFile,
  now: Date,
  tally: Tally,
): Promise<Map<string, string>> {
  const existing = await inChunks(
    org.people.map((p) => p.email),
    (emails) => tx.select().from(people).where(inArray(people.email, emails)),
  );
  const byEmail = new Map(existing.map((row) => [row.email, row]));
  const ids = new Map<string, string>();
  const toInsert: (typeof people.$inferInsert)[] = [];

  for (const person of org.people) {
    const desired = { name: person.name, locale: person.locale ?? null };
    const current = byEmail.get(person.email);
    if (!current) {
      toInsert.push({ email: person.email, ...desired, createdAt: now, updatedAt: now });
      continue;
    }
    ids.set(person.email, current.id);
    await updateIfChanged(tx, people, current, desired, now, tally);
  }

  const inserted = await inChunks(toInsert, (chunk) =>
    tx.insert(people).values(chunk).returning({ id: people.id, email: people.email }),
  );
  for (const row of inserted) ids.set(row.email, row.id);
  tally('created', inserted.length);
  return ids;
}

export async function applyIdentities(
  tx: Db,
  org: OrgFile,
  personIds: Map<string, string>,
  tally: Tally,
): Promise<void> {
  const wanted = org.people.flatMap((person) =>
    identitiesOf(person).map((key) => ({ personId: personIds.get(person.email) as string, ...key })),
  );
  const triple = (i: { platform: string; tenantId: string; userId: string }) =>
    compositeKey(i.platform, i.tenantId, i.userId);
  const slot = (i: { personId: string; platform: string; tenantId: string }) =>
    compositeKey(i.personId, i.platform, i.tenantId);

  const byUser = await inChunks([...new Set(wanted.map((w) => w.userId))], (users) =>
    tx.select().from(platformIdentities).where(inArray(platformIdentities.userId, users)),
  );
  const byPerson = await inChunks([...new Set(wanted.map((w) => w.personId))], (ids) =>
    tx.select().from(platformIdentities).where(inArray(platformIdentities.personId, ids)),
  );
  const existingByTriple = new Map(byUser.map((row) => [triple(row), row]));
  const existingBySlot = new Map(byPerson.map((row) => [slot(row), row]));
  const wantedTriples = new Set(wanted.map(triple));
  const done = new Set<string>();
  const toInsert: (typeof platformIdentities.$inferInsert)[] = [];

  for (const identity of wanted) {
    const key = triple(identity);
    if (done.has(key)) continue;
    done.add(key);
    const current = existingByTriple.get(key);
    if (current) {
      // The account belongs to whoever the file says: it may move from another person.
      if (current.personId === identity.personId) tally('unchanged');
      else {
        await tx
          .update(platformIdentities)
          .set({ personId: identity.personId })
          .where(eq(platformIdentities.id, current.id));
        tally('updated');
      }
      continue;
    }
    // Code reads one identity per person, platform and tenant (identityOf): a corrected user id
    // replaces the old one rather than adding a second. Its direct conversation was with the old
    // account, so it is forgotten.
    const previous = existingBySlot.get(slot(identity));
    if (previous && !wantedTriples.has(triple(previous))) {
      await tx
        .update(platformIdentities)
        .set({ userId: identity.userId, directConversationId: null })
        .where(eq(platformIdentities.id, previous.id));
      existingBySlot.delete(slot(identity));
      tally('updated');
      continue;
    }
    toInsert.push(identity);
  }

  await forChunks(toInsert, (chunk) => tx.insert(platformIdentities).values(chunk));
  tally('created', toInsert.length);
}

export interface RoleChange {
  change: 'granted' | 'removed';
  personId: string;
  role: string;
  scopeKind: string;
  scopeId: string;
}

/** Returns the roles granted and removed: for the people it lists, the file's roles are all they hold. */
export async function applyRoles(
  tx: Db,
  org: OrgFile,
  ids: {
    ownerId: string;
    schoolIds: Map<string, SchoolState>;
    teamIds: Map<string, string>;
    personIds: Map<string, string>;
  },
  now: Date,
  tally: Tally,
): Promise<RoleChange[]> {
  const scopeIdOf = (email: string, scope: ScopeRef): string => {
    if (scope.kind === 'owner') return ids.ownerId;
    const id = scope.kind === 'team' ? ids.teamIds.get(scope.key) : ids.schoolIds.get(scope.key)?.id;
    if (!id) throw new RefleksError('org_invalid', `person "${email}": unknown ${scope.kind} "${scope.key}"`);
    return id;
  };
  const roleKey = (r: { personId: string; role: string; scopeKind: string; scopeId: string }) =>
    compositeKey(r.personId, r.role, r.scopeKind, r.scopeId);

  const wanted = new Map<string, typeof roleAssignments.$inferInsert>();
  for (const person of org.people) {
    const personId = ids.personIds.get(person.email) as string;
    for (const grant of person.roles.flatMap(grantsOf)) {
      const row = {
        personId,
        role: grant.role,
        scopeKind: grant.scope.kind,
        scopeId: scopeIdOf(person.email, grant.scope),
        createdAt: now,
      };
      wanted.set(roleKey(row), row);
    }
  }

  // Only the roles of people in the file: the file does not speak for anyone else.
  const existing = await inChunks([...ids.personIds.values()], (personIds) =>
    tx.select().from(roleAssignments).where(inArray(roleAssignments.personId, personIds)),
  );
  const existingKeys = new Set(existing.map(roleKey));
  const stale = existing.filter((row) => !wanted.has(roleKey(row)));
  const toInsert = [...wanted.entries()].filter(([key]) => !existingKeys.has(key)).map(([, row]) => row);

  await forChunks(
    stale.map((row) => row.id),
    (chunk) => tx.delete(roleAssignments).where(inArray(roleAssignments.id, chunk)),
  );
  await forChunks(toInsert, (chunk) => tx.insert(roleAssignments).values(chunk));
  tally('created', toInsert.length);
  tally('unchanged', wanted.size - toInsert.length);
  const change = (kind: RoleChange['change']) => (r: typeof roleAssignments.$inferInsert) => ({
    change: kind,
    personId: r.personId,
    role: r.role,
    scopeKind: r.scopeKind,
    scopeId: r.scopeId,
  });
  return [...toInsert.map(change('granted')), ...stale.map(change('removed'))];
}
