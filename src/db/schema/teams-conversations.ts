import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Microsoft Teams can only be written to proactively with a stored conversation reference (service
 * URL, tenant, conversation): captured when the app is installed in a channel or a personal chat.
 */
export const teamsConversations = pgTable('teams_conversations', {
  conversationId: text('conversation_id').primaryKey(),
  tenantId: text('tenant_id').notNull(),
  serviceUrl: text('service_url').notNull(),
  /** 'channel' | 'personal' */
  kind: text('kind').notNull(),
  /** For a personal chat: whose it is (the AAD object id or the Teams user id). */
  userId: text('user_id'),
  reference: jsonb('reference').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
