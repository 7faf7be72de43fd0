import { and, eq } from 'drizzle-orm';
import type { InboundEvent, InboundResult } from '../../core/chat/port.ts';
import { t } from '../../core/i18n/index.ts';
import { buildDoneForm, parseDone } from '../../core/loop/done-form.ts';
import type { FormContext } from '../../core/loop/ids.ts';
import { isUuid } from '../../core/loop/ids.ts';
import { recordInbound, recordPiiBlock, seenInbound } from '../../db/repositories/events.ts';
import type { PersonRow } from '../../db/repositories/organisation.ts';
import { teamWithSchool } from '../../db/repositories/organisation.ts';
import { enqueueOutbox } from '../../db/repositories/outbox.ts';
import { commitments } from '../../db/schema/index.ts';
import { cancelFollowUps } from '../commitments/follow-ups.ts';
import { type AppDeps, handOver } from '../deps.ts';
import { resolveLocale } from '../locale.ts';
import { isTeamMember } from './membership.ts';
import { typedTexts, withPrivacyHint } from './privacy-hint.ts';

/** The commitment, if the person may close it: anyone in its team may (the team owns it). */
export async function closable(deps: AppDeps, person: PersonRow, commitmentId: string) {
  const [commitment] = isUuid(commitmentId)
    ? await deps.db.select().from(commitments).where(eq(commitments.id, commitmentId))
    : [];
  const ctx = commitment ? await teamWithSchool(deps.db, commitment.teamId) : null;
  if (!commitment || !ctx)
    return {
      ok: false as const,
      message: 'error.unknownAction' as const,
      locale: resolveLocale(person.locale),
    };
  const locale = resolveLocale(person.locale, ctx.team.locale, ctx.school.locale);
  if (!(await isTeamMember(deps.db, ctx.team.id, person.id)))
    return { ok: false as const, message: 'error.notMember' as const, locale };
  if (commitment.status !== 'open')
    return { ok: false as const, message: 'error.commitmentClosed' as const, locale };
  return { ok: true as const, commitment, locale };
}

/** The Done button: ask what it did for the pupils. */
export async function openDoneForm(
  deps: AppDeps,
  person: PersonRow,
  commitmentId: string,
): Promise<InboundResult> {
  const found = await closable(deps, person, commitmentId);
  if (!found.ok) return { type: 'notice', text: t(found.locale, found.message) };
  const { commitment, locale } = found;
  return {
    type: 'open_form',
    form: buildDoneForm({
      locale,
      cycleId: commitment.originCycleId ?? '',
      commitmentId: commitment.id,
      what: commitment.what,
    }),
  };
}

/** Saves the effect, closes the commitment and tells the team in its own space. */
export async function submitDone(
  deps: AppDeps,
  person: PersonRow,
  event: Extract<InboundEvent, { kind: 'form_submitted' }>,
  context: FormContext,
): Promise<InboundResult> {
  // A re-send of a submission already saved (Teams re-sends an invoke whose answer was lost) is
  // answered as the first was, not with "already closed".
  if (await seenInbound(deps.db, event.user.platform, event.eventId))
    return { type: 'notice', text: t(resolveLocale(person.locale), 'notice.commitmentDone') };
  const found = await closable(deps, person, context.commitmentId ?? '');
  if (!found.ok) return { type: 'form_errors', errors: { impact: t(found.locale, found.message) } };
  const { commitment, locale } = found;
  const parsed = parseDone(event.values, locale);
  if (!parsed.ok) {
    if (parsed.identityNumberBlocked)
      await recordPiiBlock(deps.db, {
        kind: 'identity_number',
        place: 'done_form',
        teamId: commitment.teamId,
      });
    return { type: 'form_errors', errors: parsed.errors };
  }
  const now = deps.clock.now();
  const written = await deps.db.transaction(async (tx) => {
    if (!(await recordInbound(tx, event.user.platform, event.eventId))) return [];
    // Only an open commitment is closed: two people pressing Done at once close it once.
    const closed = await tx
      .update(commitments)
      .set({
        status: 'done',
        impact: parsed.value.impact,
        closedAt: now,
        updatedAt: now,
        history: [...commitment.history, { at: now.toISOString(), by: person.id, change: 'done' }],
      })
      .where(and(eq(commitments.id, commitment.id), eq(commitments.status, 'open')))
      .returning({ id: commitments.id });
    if (!closed.length) return [];
    await cancelFollowUps(tx, commitment.id, 'done');
    const row = await enqueueOutbox(tx, {
      key: `commitment-done:${commitment.id}`,
      kind: 'commitment_done',
      teamId: commitment.teamId,
      cycleId: commitment.originCycleId,
      payload: { commitmentId: commitment.id },
    });
    return row ? [row] : [];
  });
  await handOver(deps, written);
  return withPrivacyHint(
    deps,
    { type: 'notice', text: t(locale, 'notice.commitmentDone') },
    { texts: typedTexts(event.values), place: 'done_form', teamId: commitment.teamId, locale },
  );
}
