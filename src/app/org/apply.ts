import { forChunks } from '../../db/chunks.ts';
import type { Db } from '../../db/client.ts';
import { audit } from '../../db/repositories/events.ts';
import { auditEvents } from '../../db/schema/index.ts';
import { applyCalendars } from './apply-calendars.ts';
import { applyIdentities, applyPeople, applyRoles, type RoleChange } from './apply-people.ts';
import { applyProgrammes } from './apply-programmes.ts';
import { applyOwner, applySchools, applyTeams } from './apply-structure.ts';
import type { SettingsChange, Tally } from './apply-writes.ts';
import type { LoadedOrg } from './parse.ts';

/** Counts over every entity the file describes: owner, schools, teams, people, identities, roles. */
export type ApplyReport = { created: number; updated: number; unchanged: number; removedRoles: number };

export interface ApplyOptions {
  now: Date;
  /** Who the audit event names; 'system' when the embedded default applies its demo file. */
  actor?: 'cli' | 'system';
}

/**
 * Makes the database match an organisation file (`refleks apply -f org.yaml`), in one transaction:
 * an error anywhere leaves everything as it was. Rows are matched by natural keys (owner, school and
 * team key, email, platform identity, role and scope), compared, and written only when they differ,
 * so applying the same file twice reports nothing created or updated and touches no updated_at.
 *
 * The file is the truth for what it lists. Schools, teams and people that are not in it are left
 * alone: a municipality may keep several files, or remove people by hand after an export. For the
 * people it does list, though, their roles are exactly the file's: a role taken out of the file is
 * removed.
 */
export async function applyOrg(db: Db, org: LoadedOrg, opts: ApplyOptions): Promise<ApplyReport> {
  const { now } = opts;
  return db.transaction(async (tx) => {
    const report: ApplyReport = { created: 0, updated: 0, unchanged: 0, removedRoles: 0 };
    const settingsChanges: SettingsChange[] = [];
    const tally: Tally = Object.assign(
      (outcome: keyof ApplyReport, n = 1) => {
        report[outcome] += n;
      },
      { changed: (change: SettingsChange) => settingsChanges.push(change) },
    );

    // Roles come last: their scopes and holders are the ids the steps before them return.
    await applyCalendars(tx, org.loadedCalendars ?? [], now, tally);
    await applyProgrammes(tx, org.loadedProgrammes ?? [], now, tally);
    const ownerId = await applyOwner(tx, org, now, tally);
    const schoolIds = await applySchools(tx, org, ownerId, now, tally);
    const teamIds = await applyTeams(tx, org, schoolIds, now, tally);
    const personIds = await applyPeople(tx, org, now, tally);
    await applyIdentities(tx, org, personIds, tally);
    const roleChanges = await applyRoles(tx, org, { ownerId, schoolIds, teamIds, personIds }, now, tally);
    report.removedRoles = roleChanges.filter((r) => r.change === 'removed').length;
    // Who was given which leader's view, and when, is what an audit of access needs to show.
    await auditRoleChanges(tx, roleChanges, opts.actor ?? 'system');
    await forChunks(settingsChanges, (chunk) =>
      tx.insert(auditEvents).values(
        chunk.map((c) => ({
          actor: opts.actor ?? 'system',
          action: 'settings.changed',
          subjectKind: c.table,
          subjectId: c.id,
          details: c.fields,
        })),
      ),
    );

    // An audit trail of no-op applies (a CI job applying the file every night) would bury the real ones.
    if (report.created + report.updated + report.removedRoles > 0) {
      await audit(tx, {
        actor: opts.actor ?? 'system',
        action: 'org.applied',
        subjectKind: 'owner',
        subjectId: org.owner.key,
        details: { ...report },
      });
    }
    return report;
  });
}

/** One audit record per role granted or removed: `role.granted` / `role.removed`, person and scope. */
async function auditRoleChanges(tx: Db, changes: RoleChange[], actor: 'cli' | 'system') {
  await forChunks(changes, (chunk) =>
    tx.insert(auditEvents).values(
      chunk.map((c) => ({
        actor,
        action: `role.${c.change}`,
        subjectKind: 'person',
        subjectId: c.personId,
        details: { role: c.role, scopeKind: c.scopeKind, scopeId: c.scopeId },
      })),
    ),
  );
}
