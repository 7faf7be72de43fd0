import type { Locale } from '../../core/locale.ts';
import type { Db } from '../../db/client.ts';
import { type CycleRow, cycleById } from '../../db/repositories/cycles.ts';
import {
  type PersonRow,
  type SchoolRow,
  type TeamRow,
  teamWithSchool,
} from '../../db/repositories/organisation.ts';
import { resolveLocale } from '../locale.ts';
import { isTeamMember } from './membership.ts';

export type CycleAccess =
  | { ok: true; cycle: CycleRow; team: TeamRow; school: SchoolRow; locale: Locale }
  | { ok: false; reason: 'not_found' | 'not_member' | 'closed'; locale: Locale };

/** Everything an answer or a commitment needs checked before a form opens or a submission is stored. */
export async function cycleAccess(
  db: Db,
  person: PersonRow,
  cycleId: string,
  options: { allowClosed?: boolean } = {},
): Promise<CycleAccess> {
  const cycle = await cycleById(db, cycleId);
  const ctx = cycle ? await teamWithSchool(db, cycle.teamId) : null;
  if (!cycle || !ctx) return { ok: false, reason: 'not_found', locale: resolveLocale(person.locale) };
  const locale = resolveLocale(person.locale, ctx.team.locale, ctx.school.locale);
  if (!(await isTeamMember(db, ctx.team.id, person.id))) return { ok: false, reason: 'not_member', locale };
  if (cycle.status !== 'open' && !options.allowClosed) return { ok: false, reason: 'closed', locale };
  return { ok: true, cycle, ...ctx, locale };
}

export const ACCESS_MESSAGE = {
  not_found: 'error.unknownAction',
  not_member: 'error.notMember',
  closed: 'error.cycleClosed',
} as const;
