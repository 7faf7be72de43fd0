import { asc, gte } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditEvents } from '../../db/schema/index.ts';

export type AuditRecord = typeof auditEvents.$inferSelect;

/**
 * The audit log, oldest first. There is deliberately no function to change or remove a record: the
 * table refuses UPDATE and TRUNCATE, and DELETE outside the retention job (migrations/0013_privacy.sql).
 */
export function readAuditLog(db: Db, options: { since?: Date } = {}): Promise<AuditRecord[]> {
  const query = db.select().from(auditEvents);
  return (options.since ? query.where(gte(auditEvents.at, options.since)) : query).orderBy(
    asc(auditEvents.at),
    asc(auditEvents.id),
  );
}
