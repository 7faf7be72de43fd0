import { timestamp, uuid } from 'drizzle-orm/pg-core';

/** Column shapes every table shares: random uuid keys and timestamptz stamps set by the database. */
export const id = () => uuid('id').primaryKey().defaultRandom();
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
