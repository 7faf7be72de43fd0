import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { InboundEvent, InboundResult } from '../../core/chat/port.ts';
import { weekNumberOf } from '../../core/format.ts';
import { t } from '../../core/i18n/index.ts';
import { type FormContext, isUuid } from '../../core/loop/ids.ts';
import { buildShareForm, MAX_SHARED_LENGTH, parseShare } from '../../core/loop/share-form.ts';
import { cycleLedger } from '../../db/repositories/commitments.ts';
import { audit, recordInbound, recordPiiBlock } from '../../db/repositories/events.ts';
import type { PersonRow } from '../../db/repositories/organisation.ts';
import { enqueueOutbox } from '../../db/repositories/outbox.ts';
import { responses, sharedUpdates } from '../../db/schema/index.ts';
import { cycleQuestion } from '../delivery/prompt-view.ts';
import { type AppDeps, handOver } from '../deps.ts';
import { resolveLocale } from '../locale.ts';
import { ACCESS_MESSAGE, type CycleAccess, cycleAccess } from './context.ts';
import { isTeamLead } from './membership.ts';
import { typedTexts, withPrivacyHint } from './privacy-hint.ts';

/**
 * Who may decide, and when: the team lead, on the programme's "share upward?" step while it is open,
 * or afterwards on any closed week, from its summary.
 */
async function shareAccess(
  deps: AppDeps,
  person: PersonRow,
  cycleId: string,
): Promise<{ ok: false; error: string } | { ok: true; access: Extract<CycleAccess, { ok: true }> }> {
  const access = await cycleAccess(deps.db, person, cycleId, { allowClosed: true });
  if (!access.ok) return { ok: false, error: t(access.locale, ACCESS_MESSAGE[access.reason]) };
  if (!(await isTeamLead(deps.db, access.team.id, person.id)))
    return { ok: false, error: t(access.locale, 'share.onlyLead') };
  if (access.cycle.status !== 'open') return { ok: true, access };
  const { stepKind } = await cycleQuestion(deps.db, access.cycle, access.locale);
  if (stepKind !== 'share_upward') return { ok: false, error: t(access.locale, 'share.notThisStep') };
  return { ok: true, access };
}

export async function openShareForm(
  deps: AppDeps,
  person: PersonRow,
  event: Extract<InboundEvent, { kind: 'action' }>,
): Promise<InboundResult> {
  const checked = await shareAccess(deps, person, event.value);
  if (!checked.ok) return { type: 'notice', text: checked.error };
  const { cycle, locale } = checked.access;
  const [earlier] = await deps.db.select().from(sharedUpdates).where(eq(sharedUpdates.cycleId, cycle.id));
  // Sharing a closed week's summary starts from its commitments (leaders see those anyway); the team
  // lead writes what else the team wants leadership to know. Never the answers themselves.
  const made = !earlier && cycle.status !== 'open' ? (await cycleLedger(deps.db, cycle)).made : [];
  const initial = earlier
    ? earlier.body
    : made.length
      ? t(locale, 'share.summaryPrefill', {
          week: weekNumberOf(cycle.weekKey),
          commitments: made.map((what) => `«${what}»`).join('; '),
        })
      : undefined;
  // After the week, the lead may also quote answers (never who wrote them).
  const answers = cycle.status !== 'open' ? await answersOf(deps, cycle.id) : [];
  return {
    type: 'open_form',
    form: buildShareForm({
      locale,
      cycleId: cycle.id,
      answers: answers.map((a) => ({ id: a.id, text: a.body })),
      ...(initial !== undefined ? { initial } : {}),
    }),
  };
}

/** The week's written answers, oldest first, without who wrote them. */
async function answersOf(deps: AppDeps, cycleId: string) {
  const rows = await deps.db
    .select({ id: responses.id, body: responses.body })
    .from(responses)
    .where(and(eq(responses.cycleId, cycleId), isNotNull(responses.body)))
    .orderBy(asc(responses.createdAt));
  return rows.filter((r): r is { id: string; body: string } => Boolean(r.body?.trim()));
}

/** The text, and below it the chosen answers of this week as quotes; null when over the length limit. */
async function composeShared(deps: AppDeps, cycleId: string, text: string | null, answerIds: string[]) {
  const chosen = answerIds.length
    ? (await answersOf(deps, cycleId)).filter((a) => answerIds.includes(a.id))
    : [];
  const body = [text, ...chosen.map((a) => `«${a.body}»`)].filter(Boolean).join('\n');
  return body.length > MAX_SHARED_LENGTH ? null : body;
}

/**
 * Stores the decision (a later one replaces it, also after the week closed) and tells the team in the
 * thread what leadership now sees.
 */
export async function submitShare(
  deps: AppDeps,
  person: PersonRow,
  event: Extract<InboundEvent, { kind: 'form_submitted' }>,
  context: FormContext,
): Promise<InboundResult> {
  const checked = await shareAccess(deps, person, context.cycleId);
  if (!checked.ok) return { type: 'form_errors', errors: { decision: checked.error } };
  const { cycle, team, locale } = checked.access;
  const parsed = parseShare(event.values, locale);
  if (!parsed.ok) {
    if (parsed.identityNumberBlocked)
      await recordPiiBlock(deps.db, { kind: 'identity_number', place: 'share_form', teamId: team.id });
    return { type: 'form_errors', errors: parsed.errors };
  }
  const { answerIds } = parsed.value;
  const body = answerIds.length
    ? await composeShared(deps, cycle.id, parsed.value.body, answerIds)
    : parsed.value.body;
  if (answerIds.length && body === null)
    return {
      type: 'form_errors',
      errors: { answers: t(locale, 'error.tooLong', { max: MAX_SHARED_LENGTH }) },
    };
  // Answers chosen that are not this week's (a forged form) leave nothing to share.
  if (answerIds.length && !body)
    return { type: 'form_errors', errors: { shared: t(locale, 'form.share.textRequired') } };
  const now = deps.clock.now();
  const rows = await deps.db.transaction(async (tx) => {
    if (!(await recordInbound(tx, event.user.platform, event.eventId))) return [];
    const values = {
      teamId: team.id,
      cycleId: cycle.id,
      body,
      decidedBy: person.id,
      decidedAt: now,
      // New words need a new approval before the school owner sees them.
      ownerApprovedAt: null,
      ownerApprovedBy: null,
    };
    const [shared] = await tx
      .insert(sharedUpdates)
      .values(values)
      .onConflictDoUpdate({ target: sharedUpdates.cycleId, set: values })
      .returning();
    await audit(tx, {
      actor: 'person',
      actorPersonId: person.id,
      action: parsed.value.body ? 'team.shared_upward' : 'team.shared_nothing',
      subjectKind: 'team',
      subjectId: team.id,
    });
    const row = await enqueueOutbox(tx, {
      key: `shared:${shared!.id}:${event.eventId}`,
      kind: 'shared',
      teamId: team.id,
      cycleId: cycle.id,
      payload: { sharedId: shared!.id },
    });
    return row ? [row] : [];
  });
  await handOver(deps, rows);
  return withPrivacyHint(
    deps,
    { type: 'notice', text: t(locale, 'notice.shareSaved') },
    { texts: typedTexts(event.values), place: 'share_form', teamId: team.id, locale },
  );
}

/**
 * Withdraw: the team lead takes back what was shared, at any time. It disappears from leaders'
 * overviews and from digests written after this; the team is told in the thread.
 */
export async function withdrawShared(
  deps: AppDeps,
  person: PersonRow,
  event: Extract<InboundEvent, { kind: 'action' }>,
): Promise<InboundResult> {
  const [shared] = isUuid(event.value)
    ? await deps.db.select().from(sharedUpdates).where(eq(sharedUpdates.id, event.value))
    : [];
  const locale = resolveLocale(person.locale);
  if (!shared) return { type: 'notice', text: t(locale, 'error.unknownAction') };
  if (!(await isTeamLead(deps.db, shared.teamId, person.id)))
    return { type: 'notice', text: t(locale, 'share.onlyLead') };
  const now = deps.clock.now();
  const rows = await deps.db.transaction(async (tx) => {
    if (!(await recordInbound(tx, event.user.platform, event.eventId))) return [];
    const withdrawn = await tx
      .update(sharedUpdates)
      .set({ body: null, decidedBy: person.id, decidedAt: now, ownerApprovedAt: null, ownerApprovedBy: null })
      .where(and(eq(sharedUpdates.id, shared.id), isNotNull(sharedUpdates.body)))
      .returning();
    if (!withdrawn.length) return [];
    await audit(tx, {
      actor: 'person',
      actorPersonId: person.id,
      action: 'team.share_withdrawn',
      subjectKind: 'team',
      subjectId: shared.teamId,
    });
    const row = await enqueueOutbox(tx, {
      key: `shared:${shared.id}:${event.eventId}`,
      kind: 'shared',
      teamId: shared.teamId,
      cycleId: shared.cycleId,
      payload: { sharedId: shared.id },
    });
    return row ? [row] : [];
  });
  await handOver(deps, rows);
  return { type: 'notice', text: t(locale, 'notice.withdrawn') };
}
