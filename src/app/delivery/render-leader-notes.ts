import { eq } from 'drizzle-orm';
import { t } from '../../core/i18n/index.ts';
import type { Card } from '../../core/ui/model.ts';
import { personById } from '../../db/repositories/organisation.ts';
import { owners, sharedUpdates, supportRequests } from '../../db/schema/index.ts';
import { resolveLocale } from '../locale.ts';
import { channelOf, type SendContext, type SendOutcome } from './render-outbox.ts';

const note = (text: string): Card => ({ fallbackText: text, blocks: [{ type: 'text', text }] });

/**
 * What leadership did with the team's request for support, told in the team's own channel: the team
 * sees what was asked on its behalf, and who answered what.
 */
export async function sendSupportNote(ctx: SendContext): Promise<SendOutcome> {
  const { db, adapter, row, team, school } = ctx;
  const { supportId, what } = row.payload as { supportId?: string; what?: string };
  const [request] = supportId
    ? await db.select().from(supportRequests).where(eq(supportRequests.id, supportId))
    : [];
  if (!request) return { skip: 'support request removed' };
  const locale = resolveLocale(team.locale, school.locale);
  const nameOf = async (id: string | null) => (id ? ((await personById(db, id))?.name ?? '') : '');
  let text: string;
  if (what === 'requested') {
    text = t(locale, 'support.posted', { lead: await nameOf(request.requestedBy), text: request.body });
  } else if (what === 'acknowledged') {
    text = t(locale, 'support.acknowledged', {
      leader: await nameOf(request.answeredBy),
      text: request.body,
    });
  } else if (what === 'answered' && request.reply) {
    text = t(locale, 'support.answered', {
      leader: await nameOf(request.answeredBy),
      text: request.body,
      reply: request.reply,
    });
  } else return { skip: `nothing to say for support event ${what}` };
  return { sent: await adapter.post(channelOf(team), note(text)) };
}

/** The rector passed what the team shared on to the school owner: the team is told where its words went. */
export async function sendPassedOn(ctx: SendContext): Promise<SendOutcome> {
  const { db, adapter, row, team, school } = ctx;
  const { sharedId } = row.payload as { sharedId?: string };
  const [shared] = sharedId
    ? await db.select().from(sharedUpdates).where(eq(sharedUpdates.id, sharedId))
    : [];
  // Withdrawn in the meantime: the owner no longer sees it either, so there is nothing to tell.
  if (!shared?.body || !shared.ownerApprovedAt) return { skip: 'no longer shared with the owner' };
  const [owner] = await db.select().from(owners).where(eq(owners.id, school.ownerId));
  const rector = shared.ownerApprovedBy ? await personById(db, shared.ownerApprovedBy) : null;
  const locale = resolveLocale(team.locale, school.locale);
  const text = t(locale, 'share.passedOn', {
    who: rector?.name ?? '',
    owner: owner?.name ?? '',
    text: shared.body,
  });
  return { sent: await adapter.post(channelOf(team), note(text)) };
}
