import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';
import { cycles } from './loop.ts';
import { people, teams } from './organisation.ts';

/**
 * Secrets Refleks makes for itself, so the embedded default needs no configuration: the key that
 * signs web-overview links when REFLEKS_ENCRYPTION_KEY is not set (docs/adr/0008).
 */
export const appSecrets = pgTable('app_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: createdAt(),
});

export type SupportStatus = 'open' | 'acknowledged' | 'answered';

/**
 * "Support needed from leadership": asked by the team lead on the team's behalf, answered by a
 * leader with the team in scope. The answer goes back to the team's own channel.
 */
export const supportRequests = pgTable(
  'support_requests',
  {
    id: id(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    cycleId: uuid('cycle_id').references(() => cycles.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    requestedBy: uuid('requested_by').references(() => people.id, { onDelete: 'set null' }),
    status: text('status').$type<SupportStatus>().notNull().default('open'),
    answeredBy: uuid('answered_by').references(() => people.id, { onDelete: 'set null' }),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    reply: text('reply'),
    createdAt: createdAt(),
  },
  (t) => [index('support_requests_team_status_idx').on(t.teamId, t.status)],
);
