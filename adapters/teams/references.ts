import type { ConversationReference } from 'botbuilder';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';
import { teamsConversations } from '../../src/db/schema/index.ts';

export type StoredReference = Partial<ConversationReference> & { serviceUrl: string };

/** Remembers where a conversation lives, so Refleks can write there later without being asked. */
export async function saveReference(
  db: Db,
  input: {
    conversationId: string;
    tenantId: string;
    kind: 'channel' | 'personal';
    userId?: string;
    reference: StoredReference;
  },
): Promise<void> {
  const values = {
    conversationId: input.conversationId,
    tenantId: input.tenantId,
    serviceUrl: input.reference.serviceUrl,
    kind: input.kind,
    userId: input.userId ?? null,
    reference: input.reference,
    updatedAt: new Date(),
  };
  await db
    .insert(teamsConversations)
    .values(values)
    .onConflictDoUpdate({ target: teamsConversations.conversationId, set: values });
}

export async function referenceOf(db: Db, conversationId: string): Promise<StoredReference | null> {
  const [row] = await db
    .select()
    .from(teamsConversations)
    .where(eq(teamsConversations.conversationId, conversationId));
  return (row?.reference as StoredReference | undefined) ?? null;
}

/** Any service URL known for a tenant: needed to create a 1:1 chat with someone who never wrote. */
export async function serviceUrlOfTenant(db: Db, tenantId: string): Promise<string | null> {
  const [row] = await db
    .select()
    .from(teamsConversations)
    .where(eq(teamsConversations.tenantId, tenantId))
    .limit(1);
  return row?.serviceUrl ?? null;
}

export async function personalReferenceOf(
  db: Db,
  tenantId: string,
  userId: string,
): Promise<StoredReference | null> {
  const [row] = await db
    .select()
    .from(teamsConversations)
    .where(
      and(
        eq(teamsConversations.tenantId, tenantId),
        eq(teamsConversations.kind, 'personal'),
        eq(teamsConversations.userId, userId),
      ),
    );
  return (row?.reference as StoredReference | undefined) ?? null;
}
