import { and, eq, gte, isNull, lte } from 'drizzle-orm';
import type { InboundEvent, InboundResult } from '../../core/chat/port.ts';
import {
  buildAdjustForm,
  buildDropForm,
  parseAdjust,
  parseDrop,
} from '../../core/commitments/change-forms.ts';
import { followUpMomentOn } from '../../core/commitments/follow-up-plan.ts';
import { formatDate, formatMoment } from '../../core/format.ts';
import { t } from '../../core/i18n/index.ts';
import { schoolDayOff } from '../../core/loop/cycle-window.ts';
import { ACTIONS, type FormContext } from '../../core/loop/ids.ts';
import { localDate, nextWorkingMoment, type WorkingHours } from '../../core/schedule/index.ts';
import { calendarOf, loadCalendars } from '../../db/repositories/calendars.ts';
import { recordInbound, recordPiiBlock, seenInbound } from '../../db/repositories/events.ts';
import { type PersonRow, teamWithSchool } from '../../db/repositories/organisation.ts';
import { enqueueOutbox } from '../../db/repositories/outbox.ts';
import { commitmentOwners, commitments, followUps } from '../../db/schema/index.ts';
import { cancelFollowUps, replanFollowUps } from '../commitments/follow-ups.ts';
import { type AppDeps, handOver } from '../deps.ts';
import { resolveLocale } from '../locale.ts';
import { closable } from './commitment-done.ts';
import { typedTexts, withPrivacyHint } from './privacy-hint.ts';

type Action = Extract<InboundEvent, { kind: 'action' }>;
type Submitted = Extract<InboundEvent, { kind: 'form_submitted' }>;

/** Adjust, Drop and Snooze on a commitment: anyone in its team may (the team owns it). */
export async function onCommitmentAction(
  deps: AppDeps,
  person: PersonRow,
  event: Action,
): Promise<InboundResult> {
  const found = await closable(deps, person, event.value);
  if (!found.ok) return { type: 'notice', text: t(found.locale, found.message) };
  const { commitment, locale } = found;
  const base = {
    locale,
    cycleId: commitment.originCycleId ?? '',
    commitmentId: commitment.id,
    what: commitment.what,
  };
  if (event.actionId === ACTIONS.commitmentAdjust)
    return { type: 'open_form', form: buildAdjustForm({ ...base, dueDate: commitment.dueDate }) };
  if (event.actionId === ACTIONS.commitmentDrop) return { type: 'open_form', form: buildDropForm(base) };
  return snooze(deps, person, commitment.id, locale);
}

/** The team's day, for "a due date cannot be in the past". */
async function todayOf(deps: AppDeps, teamId: string): Promise<string> {
  const ctx = await teamWithSchool(deps.db, teamId);
  return localDate(deps.clock.now(), ctx?.school.timezone);
}

export async function submitAdjust(
  deps: AppDeps,
  person: PersonRow,
  event: Submitted,
  context: FormContext,
): Promise<InboundResult> {
  const found = await closable(deps, person, context.commitmentId ?? '');
  if (!found.ok) return { type: 'form_errors', errors: { due: t(found.locale, found.message) } };
  const { commitment, locale } = found;
  const parsed = parseAdjust(event.values, locale, await todayOf(deps, commitment.teamId));
  if (!parsed.ok) {
    if (parsed.identityNumberBlocked)
      await recordPiiBlock(deps.db, {
        kind: 'identity_number',
        place: 'adjust_form',
        teamId: commitment.teamId,
      });
    return { type: 'form_errors', errors: parsed.errors };
  }
  const now = deps.clock.now();
  const rows = await deps.db.transaction(async (tx) => {
    if (!(await recordInbound(tx, event.user.platform, event.eventId))) return [];
    const change = `adjusted: ${commitment.dueDate ?? '—'} → ${parsed.value.dueDate}`;
    const updated = await tx
      .update(commitments)
      .set({
        dueDate: parsed.value.dueDate,
        updatedAt: now,
        history: [...commitment.history, { at: now.toISOString(), by: person.id, change }],
      })
      .where(and(eq(commitments.id, commitment.id), eq(commitments.status, 'open')))
      .returning({ id: commitments.id });
    if (!updated.length) return [];
    // Moving the date cancels what was planned for the old one and plans for the new one.
    await replanFollowUps(tx, commitment.id, now);
    const row = await enqueueOutbox(tx, {
      key: `commitment-changed:${commitment.id}:${event.eventId}`,
      kind: 'commitment_changed',
      teamId: commitment.teamId,
      payload: { commitmentId: commitment.id, change: 'adjusted', text: parsed.value.change },
    });
    return row ? [row] : [];
  });
  await handOver(deps, rows);
  return withPrivacyHint(
    deps,
    {
      type: 'notice',
      text: t(locale, 'notice.adjusted', { date: formatDate(parsed.value.dueDate, locale) }),
    },
    { texts: typedTexts(event.values), place: 'adjust_form', teamId: commitment.teamId, locale },
  );
}

export async function submitDrop(
  deps: AppDeps,
  person: PersonRow,
  event: Submitted,
  context: FormContext,
): Promise<InboundResult> {
  if (await seenInbound(deps.db, event.user.platform, event.eventId))
    return { type: 'notice', text: t(resolveLocale(person.locale), 'notice.dropped') };
  const found = await closable(deps, person, context.commitmentId ?? '');
  if (!found.ok) return { type: 'form_errors', errors: { reason: t(found.locale, found.message) } };
  const { commitment, locale } = found;
  const parsed = parseDrop(event.values, locale);
  if (!parsed.ok) {
    if (parsed.identityNumberBlocked)
      await recordPiiBlock(deps.db, {
        kind: 'identity_number',
        place: 'drop_form',
        teamId: commitment.teamId,
      });
    return { type: 'form_errors', errors: parsed.errors };
  }
  const now = deps.clock.now();
  const rows = await deps.db.transaction(async (tx) => {
    if (!(await recordInbound(tx, event.user.platform, event.eventId))) return [];
    const dropped = await tx
      .update(commitments)
      .set({
        status: 'dropped',
        closedAt: now,
        updatedAt: now,
        history: [...commitment.history, { at: now.toISOString(), by: person.id, change: 'dropped' }],
      })
      .where(and(eq(commitments.id, commitment.id), eq(commitments.status, 'open')))
      .returning({ id: commitments.id });
    if (!dropped.length) return [];
    await cancelFollowUps(tx, commitment.id, 'dropped');
    const row = await enqueueOutbox(tx, {
      key: `commitment-changed:${commitment.id}:${event.eventId}`,
      kind: 'commitment_changed',
      teamId: commitment.teamId,
      payload: { commitmentId: commitment.id, change: 'dropped', text: parsed.value.reason },
    });
    return row ? [row] : [];
  });
  await handOver(deps, rows);
  return withPrivacyHint(
    deps,
    { type: 'notice', text: t(locale, 'notice.dropped') },
    { texts: typedTexts(event.values), place: 'drop_form', teamId: commitment.teamId, locale },
  );
}

/**
 * "Remind me next week": this person's follow-ups of the commitment for the coming week give way to
 * one a week from now, at the morning follow-up time on a school day. An owner snoozes their own; a
 * whole-team commitment's follow-up is snoozed for the team.
 */
async function snooze(
  deps: AppDeps,
  person: PersonRow,
  commitmentId: string,
  locale: Parameters<typeof t>[0],
) {
  const now = deps.clock.now();
  const [row] = await deps.db.select().from(commitments).where(eq(commitments.id, commitmentId));
  const ctx = row ? await teamWithSchool(deps.db, row.teamId) : null;
  if (!row || !ctx) return { type: 'notice' as const, text: t(locale, 'error.unknownAction') };
  const owners = await deps.db
    .select()
    .from(commitmentOwners)
    .where(eq(commitmentOwners.commitmentId, commitmentId));
  const recipient = owners.some((o) => o.personId === person.id) ? person.id : null;
  const { school, team } = ctx;
  const calendar = calendarOf(await loadCalendars(deps.db), team, school);
  const nextWeek = localDate(new Date(now.getTime() + 7 * 86_400_000), school.timezone);
  const at = nextWorkingMoment(
    followUpMomentOn(nextWeek, school.timezone),
    school.workingHours as WorkingHours,
    school.timezone,
    schoolDayOff(calendar),
  );
  await deps.db.transaction(async (tx) => {
    await tx
      .update(followUps)
      .set({ status: 'cancelled', reason: 'snoozed' })
      .where(
        and(
          eq(followUps.commitmentId, commitmentId),
          eq(followUps.status, 'planned'),
          recipient ? eq(followUps.personId, recipient) : isNull(followUps.personId),
          gte(followUps.dueAt, now),
          lte(followUps.dueAt, at),
        ),
      );
    await tx
      .insert(followUps)
      .values({
        key: `${commitmentId}:snoozed:${recipient ?? 'team'}:${at.toISOString()}`,
        commitmentId,
        kind: 'due',
        personId: recipient,
        dueAt: at,
        createdAt: now,
      })
      .onConflictDoNothing();
  });
  return {
    type: 'notice' as const,
    text: t(locale, 'notice.snoozed', { when: formatMoment(at, locale, school.timezone) }),
  };
}
