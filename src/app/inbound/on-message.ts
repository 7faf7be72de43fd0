import { and, eq } from 'drizzle-orm';
import type { InboundEvent, InboundResult } from '../../core/chat/port.ts';
import { CycleClosedError } from '../../core/errors.ts';
import { t } from '../../core/i18n/index.ts';
import { checkText, MAX_ANSWER_LENGTH } from '../../core/loop/answer-form.ts';
import { containsIdentityNumber } from '../../core/pii/identity-number.ts';
import { recordInbound, recordPiiBlock } from '../../db/repositories/events.ts';
import type { PersonRow } from '../../db/repositories/organisation.ts';
import type { OutboxRow } from '../../db/repositories/outbox.ts';
import { cycles, teams } from '../../db/schema/index.ts';
import { type AppDeps, handOver } from '../deps.ts';
import { resolveLocale } from '../locale.ts';
import { ACCESS_MESSAGE, cycleAccess } from './context.ts';
import { withPrivacyHint } from './privacy-hint.ts';
import { AnswerRejectedError, storeAnswer } from './store-answer.ts';

/**
 * A reply in the thread of an open prompt counts as the person's answer; a second reply adds to it.
 * Messages anywhere else are not ours to read and are ignored.
 */
export async function handleThreadMessage(
  deps: AppDeps,
  person: PersonRow,
  event: Extract<InboundEvent, { kind: 'message' | 'message_edited' }>,
): Promise<InboundResult> {
  if (!event.threadId) return notOurs(deps, person, event);
  const [found] = await deps.db
    .select({ cycleId: cycles.id })
    .from(cycles)
    .innerJoin(teams, eq(teams.id, cycles.teamId))
    .where(
      and(
        eq(cycles.promptMessageId, event.threadId),
        eq(teams.platform, event.conversation.platform),
        eq(teams.channelId, event.conversation.conversationId),
      ),
    );
  if (!found) return notOurs(deps, person, event);
  const access = await cycleAccess(deps.db, person, found.cycleId);
  if (!access.ok) return { type: 'notice', text: t(access.locale, ACCESS_MESSAGE[access.reason]) };
  const locale = resolveLocale(person.locale, access.team.locale, access.school.locale);

  let written: OutboxRow[] | null;
  try {
    written = await deps.db.transaction(async (tx) => {
      if (!(await recordInbound(tx, event.user.platform, event.eventId))) return null;
      return storeAnswer(tx, {
        cycleId: access.cycle.id,
        teamId: access.team.id,
        personId: person.id,
        now: deps.clock.now(),
        // The reply already stands in the thread; echoing it would say it twice.
        echo: false,
        // Composed under the row lock, so no reply and no edit is lost.
        compose: (existing) =>
          checkText(composeAnswer(existing, event), locale, { required: true, max: MAX_ANSWER_LENGTH }),
      });
    });
  } catch (error) {
    if (error instanceof CycleClosedError) return { type: 'notice', text: t(locale, 'error.cycleClosed') };
    if (!(error instanceof AnswerRejectedError)) throw error;
    if (error.check.code === 'identity_number') {
      await recordPiiBlock(deps.db, {
        kind: 'identity_number',
        place: 'thread_reply',
        teamId: access.team.id,
      });
      // The words stand in the thread, where Refleks cannot remove them: say how to, and to rephrase.
      return { type: 'notice', text: t(locale, 'error.identityNumberThread') };
    }
    return { type: 'notice', text: error.check.error };
  }
  await handOver(deps, written ?? []);
  // A platform's retry of a reply already stored says nothing twice.
  if (written === null) return { type: 'ack' };
  return withPrivacyHint(
    deps,
    { type: 'ack' },
    { texts: [event.text], place: 'thread_reply', teamId: access.team.id, locale },
  );
}

/**
 * A message that is no answer is not Refleks's to read, except in the local chat: that is Refleks's
 * own platform, and what is typed anywhere in it, Refleks would store.
 */
async function notOurs(
  deps: AppDeps,
  person: PersonRow,
  event: Extract<InboundEvent, { kind: 'message' | 'message_edited' }>,
): Promise<InboundResult> {
  if (event.conversation.platform !== 'local' || !containsIdentityNumber(event.text)) return { type: 'ack' };
  await recordPiiBlock(deps.db, { kind: 'identity_number', place: 'local_message', teamId: null });
  return { type: 'notice', text: t(resolveLocale(person.locale), 'error.identityNumberThread') };
}

/**
 * A second reply adds to the first. An edited reply replaces its earlier words where they stand in
 * the answer; if they cannot be found (edited twice, or edited in the form meanwhile), the new text
 * is added rather than lost.
 */
export function composeAnswer(
  existing: string | null,
  event: { kind: 'message' | 'message_edited'; text: string; previousText?: string },
): string {
  if (!existing) return event.text;
  if (event.kind === 'message_edited' && event.previousText && existing.includes(event.previousText)) {
    return existing.replace(event.previousText, event.text);
  }
  return `${existing}\n\n${event.text}`;
}
