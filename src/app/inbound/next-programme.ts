import { and, eq } from 'drizzle-orm';
import type { InboundEvent, InboundResult } from '../../core/chat/port.ts';
import { formatMoment } from '../../core/format.ts';
import { t } from '../../core/i18n/index.ts';
import { decodeFormContext } from '../../core/loop/ids.ts';
import { buildNextProgrammeForm, chosenProgramme } from '../../core/loop/next-programme-form.ts';
import { cycleById } from '../../db/repositories/cycles.ts';
import { recordInbound } from '../../db/repositories/events.ts';
import { type PersonRow, teamWithSchool } from '../../db/repositories/organisation.ts';
import { programmeRuns } from '../../db/schema/index.ts';
import type { AppDeps } from '../deps.ts';
import { resolveLocale } from '../locale.ts';
import { startProgramme } from '../programmes/runs.ts';
import { isTeamLead } from './membership.ts';
import { choosableProgrammes } from './programme-command.ts';

/** The team of a (closed) cycle, if the person is its team lead; else what to tell them. */
async function leadOf(deps: AppDeps, person: PersonRow, cycleId: string) {
  const cycle = await cycleById(deps.db, cycleId);
  const ctx = cycle ? await teamWithSchool(deps.db, cycle.teamId) : null;
  const locale = resolveLocale(person.locale, ctx?.team.locale, ctx?.school.locale);
  if (!cycle || !ctx) return { ok: false as const, text: t(locale, 'error.unknownAction') };
  if (!(await isTeamLead(deps.db, ctx.team.id, person.id)))
    return { ok: false as const, text: t(locale, 'command.programme.notLead') };
  const [running] = await deps.db
    .select()
    .from(programmeRuns)
    .where(and(eq(programmeRuns.teamId, ctx.team.id), eq(programmeRuns.status, 'active')));
  return { ok: true as const, cycle, ...ctx, locale, running: running ?? null };
}

export async function openNextProgramme(
  deps: AppDeps,
  person: PersonRow,
  event: Extract<InboundEvent, { kind: 'action' }>,
): Promise<InboundResult> {
  const lead = await leadOf(deps, person, event.value);
  if (!lead.ok) return { type: 'notice', text: lead.text };
  const programmes = await choosableProgrammes(deps.db);
  return {
    type: 'open_form',
    form: buildNextProgrammeForm({ locale: lead.locale, cycleId: lead.cycle.id, programmes }),
  };
}

/** Starts the chosen programme; a second click (or a platform retry) finds it already started. */
export async function submitNextProgramme(
  deps: AppDeps,
  person: PersonRow,
  event: Extract<InboundEvent, { kind: 'form_submitted' }>,
): Promise<InboundResult> {
  const context = decodeFormContext(event.privateMetadata);
  const lead = context ? await leadOf(deps, person, context.cycleId) : null;
  if (!lead?.ok)
    return {
      type: 'form_errors',
      errors: { programme: lead?.text ?? t(resolveLocale(person.locale), 'error.unknownAction') },
    };
  const programmes = await choosableProgrammes(deps.db);
  const chosen = chosenProgramme(event.values, programmes);
  if (!chosen) return { type: 'form_errors', errors: { programme: t(lead.locale, 'error.required') } };
  const title = chosen.title[lead.locale];
  if (lead.running || !(await recordInbound(deps.db, event.user.platform, event.eventId))) {
    const when = lead.team.nextRunAt
      ? formatMoment(lead.team.nextRunAt, lead.locale, lead.school.timezone)
      : '';
    return {
      type: 'notice',
      text: t(lead.locale, 'command.programme.started', { team: lead.team.name, programme: title, when }),
    };
  }
  const { nextRunAt } = await startProgramme(deps.db, {
    teamId: lead.team.id,
    programmeKey: chosen.key,
    now: deps.clock.now(),
    actor: 'person',
    personId: person.id,
  });
  return {
    type: 'notice',
    text: t(lead.locale, 'command.programme.started', {
      team: lead.team.name,
      programme: title,
      when: formatMoment(nextRunAt, lead.locale, lead.school.timezone),
    }),
  };
}
