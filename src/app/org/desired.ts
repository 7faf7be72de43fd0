import type { WeeklySchedule } from '../../core/schedule/index.ts';
import type { RemindersJson } from '../../db/schema/index.ts';
import type { OrgPerson, OrgRole, OrgTeam } from './schema.ts';

/**
 * What the database should hold for each entry of the file, before ids are known. Kept pure so the
 * mapping rules (DESIGN §4, §6) can be read in one place, apart from the upsert mechanics.
 */

/** Teams with no Slack or Teams binding live in the embedded local chat, one channel per team. */
export const LOCAL = 'local';

export interface ChannelBinding {
  platform: 'local' | 'slack' | 'teams';
  tenantId: string;
  channelId: string;
}

export function bindingOf(team: OrgTeam): ChannelBinding {
  if (team.slack)
    return { platform: 'slack', tenantId: team.slack.team_id, channelId: team.slack.channel_id };
  // A Teams tenant may be left out when the bot serves one tenant; '' keeps the unique key total.
  if (team.teams) {
    return { platform: 'teams', tenantId: team.teams.tenant_id ?? '', channelId: team.teams.conversation_id };
  }
  return { platform: 'local', tenantId: LOCAL, channelId: team.key };
}

/** Also the stored `schedule` column (ScheduleJson), in the scheduler's own type. */
export function scheduleOf(team: OrgTeam): WeeklySchedule {
  return { weekday: team.schedule.weekday, time: team.schedule.time, cadence: team.schedule.cadence };
}

export function remindersOf(team: OrgTeam): RemindersJson {
  return { via: team.reminders.via, afterHours: [...team.reminders.after_hours] };
}

export interface IdentityKey {
  platform: 'local' | 'slack' | 'teams';
  tenantId: string;
  userId: string;
}

/** Everyone can use the local chat (by email); Slack and Teams accounts when the file names them. */
export function identitiesOf(person: OrgPerson): IdentityKey[] {
  const found: IdentityKey[] = [{ platform: 'local', tenantId: LOCAL, userId: person.email }];
  if (person.slack)
    found.push({ platform: 'slack', tenantId: person.slack.team_id, userId: person.slack.user_id });
  if (person.teams) {
    found.push({
      platform: 'teams',
      tenantId: person.teams.tenant_id ?? '',
      userId: person.teams.aad_object_id,
    });
  }
  return found;
}

export type ScopeRef = { kind: 'team'; key: string } | { kind: 'school'; key: string } | { kind: 'owner' };

export interface RoleGrant {
  role: OrgRole['role'];
  scope: ScopeRef;
}

/** One role entry becomes one row per scope: a department head over two teams holds two rows. */
export function grantsOf(role: OrgRole): RoleGrant[] {
  switch (role.role) {
    case 'member':
    case 'team_lead':
      return [{ role: role.role, scope: { kind: 'team', key: role.team } }];
    case 'department_head':
      if (role.teams) return role.teams.map((key) => ({ role: role.role, scope: { kind: 'team', key } }));
      return role.school ? [{ role: role.role, scope: { kind: 'school', key: role.school } }] : [];
    case 'rector':
      return [{ role: role.role, scope: { kind: 'school', key: role.school } }];
    case 'school_owner':
      return [{ role: role.role, scope: { kind: 'owner' } }];
  }
}

/** Equality as the database sees it: jsonb does not keep key order, so objects compare by content. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    return canonical(a) === canonical(b);
  }
  return a === b;
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  );
}

/** The fields of `desired` whose value differs from `current`: empty means "write nothing". */
export function changedFields<T extends Record<string, unknown>>(
  current: Record<string, unknown>,
  desired: T,
): Partial<T> {
  const changes: Partial<T> = {};
  for (const key of Object.keys(desired) as (keyof T & string)[]) {
    if (!sameValue(current[key], desired[key])) changes[key] = desired[key];
  }
  return changes;
}
