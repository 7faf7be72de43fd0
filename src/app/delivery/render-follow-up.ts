import { eq } from 'drizzle-orm';
import type { ConversationRef } from '../../core/chat/port.ts';
import { buildCommitmentChangedCard, buildFollowUpCard } from '../../core/commitments/follow-up-card.ts';
import type { FollowUpKind } from '../../core/commitments/follow-up-plan.ts';
import { commitmentView } from '../../db/repositories/commitments.ts';
import { cycleById } from '../../db/repositories/cycles.ts';
import { personById } from '../../db/repositories/organisation.ts';
import { uncountReminder } from '../../db/repositories/person-messages.ts';
import { commitments, followUps } from '../../db/schema/index.ts';
import { resolveLocale } from '../locale.ts';
import { postToPerson } from './direct.ts';
import type { SendContext, SendOutcome } from './render-outbox.ts';

const channelOf = (team: SendContext['team']): ConversationRef => ({
  platform: team.platform as ConversationRef['platform'],
  tenantId: team.tenantId,
  conversationId: team.channelId,
});

/**
 * A commitment's follow-up: privately to an owner, or in the team's channel for a whole-team
 * commitment. Rendered at send time, so a commitment closed meanwhile is not followed up.
 */
export async function sendFollowUp(ctx: SendContext): Promise<SendOutcome> {
  const { db, adapter, row, team, school } = ctx;
  const id = String((row.payload as { followUpId?: string }).followUpId);
  const [followUp] = await db.select().from(followUps).where(eq(followUps.id, id));
  if (!followUp) return { skip: 'follow-up removed' };
  const [commitment] = await db.select().from(commitments).where(eq(commitments.id, followUp.commitmentId));
  if (commitment?.status !== 'open') {
    // Written but never delivered: the record says so, and the person's week gets the reminder back.
    await db
      .update(followUps)
      .set({ status: 'cancelled', reason: 'closed before delivery' })
      .where(eq(followUps.id, followUp.id));
    if (followUp.personId) await uncountReminder(db, followUp.personId, `follow-up:${followUp.id}`);
    return { skip: 'commitment closed in the meantime' };
  }
  const view = await commitmentView(db, commitment.id);
  if (!view) return { skip: 'commitment removed' };
  const person = followUp.personId ? await personById(db, followUp.personId) : null;
  const locale = resolveLocale(person?.locale, team.locale, school.locale);
  const card = buildFollowUpCard({ locale, kind: followUp.kind as FollowUpKind, commitment: view });
  if (person) return { sent: await postToPerson(db, adapter, team, person, card) };
  return { sent: await adapter.post(channelOf(team), card) };
}

/** A moved date or a commitment put aside, told to the team where the commitment was made. */
export async function sendCommitmentChanged(ctx: SendContext): Promise<SendOutcome> {
  const { db, adapter, row, team, school } = ctx;
  const payload = row.payload as { commitmentId?: string; change?: 'adjusted' | 'dropped'; text?: string };
  const [commitment] = await db
    .select()
    .from(commitments)
    .where(eq(commitments.id, String(payload.commitmentId)));
  if (!commitment) return { skip: 'commitment removed' };
  const card = buildCommitmentChangedCard({
    locale: resolveLocale(team.locale, school.locale),
    what: commitment.what,
    change: payload.change === 'dropped' ? 'dropped' : 'adjusted',
    text: payload.text ?? '',
    dueDate: payload.change === 'adjusted' ? commitment.dueDate : null,
  });
  const cycle = commitment.originCycleId ? await cycleById(db, commitment.originCycleId) : null;
  if (cycle?.promptMessageId)
    return {
      sent: await adapter.reply({ conversation: channelOf(team), messageId: cycle.promptMessageId }, card),
    };
  return { sent: await adapter.post(channelOf(team), card) };
}
