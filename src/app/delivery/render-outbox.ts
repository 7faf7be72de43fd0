import { eq } from 'drizzle-orm';
import type { ChatAdapter, ConversationRef, MessageRef } from '../../core/chat/port.ts';
import { PermanentDeliveryError } from '../../core/errors.ts';
import {
  buildAnswerEchoCard,
  buildCommitmentCard,
  buildCommitmentDoneCard,
  buildDeletedAnswerCard,
  buildNudgeCard,
  buildSummaryCard,
  buildThreadNudgeCard,
} from '../../core/loop/cards.ts';
import { buildPromptCard } from '../../core/loop/prompt-card.ts';
import { buildShareEchoCard } from '../../core/loop/share-form.ts';
import type { Db } from '../../db/client.ts';
import { commitmentView, countCommitments, cycleLedger } from '../../db/repositories/commitments.ts';
import { answeredCount, type CycleRow, cycleById, responderIds } from '../../db/repositories/cycles.ts';
import { membersOf, personById, type SchoolRow, type TeamRow } from '../../db/repositories/organisation.ts';
import { type OutboxRow, outboxByKey } from '../../db/repositories/outbox.ts';
import { commitments, programmeRuns, responses, sharedUpdates } from '../../db/schema/index.ts';
import { resolveLocale } from '../locale.ts';
import type { OverviewLinks } from '../web/overview-links.ts';
import { postToPerson } from './direct.ts';
import { NotReadyError } from './errors.ts';
import { cycleQuestion, loadPromptView, ratingOf } from './prompt-view.ts';
import { sendDigest, sendOwnerDigest } from './render-digest.ts';
import { sendCommitmentChanged, sendFollowUp } from './render-follow-up.ts';
import { sendPassedOn, sendSupportNote } from './render-leader-notes.ts';

export interface SendContext {
  db: Db;
  adapter: ChatAdapter;
  row: OutboxRow;
  team: TeamRow;
  school: SchoolRow;
  /** For the link to the web overview in a rector's digest. */
  links?: OverviewLinks | undefined;
}

/** 'skip': nothing needs saying any more; otherwise the platform's reference to what was sent. */
export type SendOutcome = { sent: MessageRef | null } | { skip: string };

export function channelOf(team: TeamRow): ConversationRef {
  return {
    platform: team.platform as ConversationRef['platform'],
    tenantId: team.tenantId,
    conversationId: team.channelId,
  };
}

/**
 * Where the cycle's prompt is. Not posted yet: try again soon. Never to be posted (its delivery
 * failed for good): nothing that belongs in its thread can be sent either.
 */
async function promptRef(db: Db, team: TeamRow, cycle: CycleRow): Promise<MessageRef> {
  if (cycle.promptMessageId) return { conversation: channelOf(team), messageId: cycle.promptMessageId };
  const prompt = await outboxByKey(db, `prompt:${cycle.id}`);
  if (prompt?.status === 'failed')
    throw new PermanentDeliveryError(`the prompt of cycle ${cycle.id} could not be posted`);
  throw new NotReadyError(`the prompt of cycle ${cycle.id} is not posted yet`);
}

async function requireCycle(db: Db, row: OutboxRow): Promise<CycleRow> {
  const cycle = row.cycleId ? await cycleById(db, row.cycleId) : null;
  if (!cycle) throw new PermanentDeliveryError(`outbox ${row.key}: its cycle is gone`);
  return cycle;
}

/** Renders from the current state at send time, so a late send never shows stale counts. */
export async function sendOutbox(ctx: SendContext): Promise<SendOutcome> {
  const { db, adapter, row, team, school } = ctx;
  const locale = resolveLocale(team.locale, school.locale);
  switch (row.kind) {
    case 'prompt': {
      const cycle = await requireCycle(db, row);
      const card = buildPromptCard(await loadPromptView(db, { cycle, team, school }));
      return { sent: await adapter.post(channelOf(team), card) };
    }
    case 'refresh': {
      const cycle = await requireCycle(db, row);
      const ref = await promptRef(db, team, cycle);
      await adapter.update(ref, buildPromptCard(await loadPromptView(db, { cycle, team, school })));
      return { sent: ref };
    }
    case 'echo':
    case 'echo_update': {
      const cycle = await requireCycle(db, row);
      const responseId = String(row.payload && (row.payload as { responseId?: string }).responseId);
      const [response] = await db.select().from(responses).where(eq(responses.id, responseId));
      if (!response) return { skip: 'response removed' };
      // Anonymised (deleted by its author, erased, past retention): the echo keeps neither name nor words.
      const deleted = response.personId === null && response.body === null;
      const person = row.personId ? await personById(db, row.personId) : null;
      if (!deleted && !person) return { skip: 'response removed' };
      const card = deleted
        ? buildDeletedAnswerCard(locale)
        : buildAnswerEchoCard({ locale, personName: person?.name ?? '', body: response.body ?? '' });
      if (deleted && row.kind === 'echo') return { skip: 'answer deleted before its echo was posted' };
      if (row.kind === 'echo') return { sent: await adapter.reply(await promptRef(db, team, cycle), card) };
      const echo = await outboxByKey(db, `echo:${response.id}`);
      // Being posted right now, perhaps with the old text: update it once it is there.
      if (echo?.status === 'sending') throw new NotReadyError(`echo of ${response.id} is being posted`);
      // Not posted yet: the pending echo will render the edited text itself.
      if (echo?.status !== 'sent' || !echo.platformRef) return { skip: 'echo not posted yet' };
      await adapter.update(echo.platformRef as MessageRef, card);
      return { sent: echo.platformRef as MessageRef };
    }
    case 'commitment': {
      const id = String((row.payload as { commitmentId?: string }).commitmentId);
      const view = await commitmentView(db, id);
      if (!view) return { skip: 'commitment removed' };
      const cycle = row.cycleId ? await cycleById(db, row.cycleId) : null;
      const card = buildCommitmentCard(view, locale);
      return {
        sent: cycle
          ? await adapter.reply(await promptRef(db, team, cycle), card)
          : await adapter.post(channelOf(team), card),
      };
    }
    case 'commitment_done': {
      const id = String((row.payload as { commitmentId?: string }).commitmentId);
      const [done] = await db.select().from(commitments).where(eq(commitments.id, id));
      if (!done?.impact) return { skip: 'commitment removed' };
      const card = buildCommitmentDoneCard({ locale, what: done.what, impact: done.impact });
      const cycle = row.cycleId ? await cycleById(db, row.cycleId) : null;
      // In the thread where it was made, when that prompt was posted; otherwise in the channel.
      return {
        sent: cycle?.promptMessageId
          ? await adapter.reply(await promptRef(db, team, cycle), card)
          : await adapter.post(channelOf(team), card),
      };
    }
    case 'shared': {
      const cycle = await requireCycle(db, row);
      const id = String((row.payload as { sharedId?: string }).sharedId);
      const [shared] = await db.select().from(sharedUpdates).where(eq(sharedUpdates.id, id));
      if (!shared) return { skip: 'decision removed' };
      const card = buildShareEchoCard({ locale, body: shared.body, sharedId: shared.id });
      return { sent: await adapter.reply(await promptRef(db, team, cycle), card) };
    }
    case 'nudge':
      return sendNudge(ctx, await requireCycle(db, row));
    case 'follow_up':
      return sendFollowUp(ctx);
    case 'commitment_changed':
      return sendCommitmentChanged(ctx);
    case 'support':
      return sendSupportNote(ctx);
    case 'passed_on':
      return sendPassedOn(ctx);
    case 'owner_digest':
      return sendOwnerDigest(ctx);
    case 'digest':
      return sendDigest(ctx);
    case 'summary': {
      const cycle = await requireCycle(db, row);
      const [answered, members, made, open, { stepKind }] = await Promise.all([
        answeredCount(db, cycle.id),
        membersOf(db, team.id),
        countCommitments(db, { teamId: team.id, originCycleId: cycle.id }),
        countCommitments(db, { teamId: team.id, status: 'open' }),
        cycleQuestion(db, cycle, locale),
      ]);
      const card = buildSummaryCard({
        locale,
        zone: school.timezone,
        weekKey: cycle.weekKey,
        answered,
        expected: members.length,
        commitmentsMade: made,
        commitmentsOpen: open,
        nextPromptAt: team.nextRunAt,
        rating: stepKind === 'rating' ? await ratingOf(db, cycle.id, school.ownerId) : null,
        offerNextProgramme: (await programmeEndedWith(db, cycle)) ? cycle.id : null,
        ledger: await cycleLedger(db, cycle),
        shareCycleId: cycle.id,
      });
      return { sent: await adapter.reply(await promptRef(db, team, cycle), card) };
    }
    default:
      throw new PermanentDeliveryError(`unknown outbox kind ${row.kind}`);
  }
}

/** The cycle held the last step of its run and nothing has started since: time to choose the next. */
async function programmeEndedWith(db: Db, cycle: CycleRow): Promise<boolean> {
  if (!cycle.runId) return false;
  const runs = await db.select().from(programmeRuns).where(eq(programmeRuns.teamId, cycle.teamId));
  const own = runs.find((r) => r.id === cycle.runId);
  return own?.status === 'completed' && !runs.some((r) => r.status === 'active');
}

async function sendNudge(ctx: SendContext, cycle: CycleRow): Promise<SendOutcome> {
  const { db, adapter, row, team, school } = ctx;
  if (cycle.status !== 'open') return { skip: 'cycle closed' };
  if ((row.payload as { via?: string }).via === 'thread') return sendThreadNudge(ctx, cycle);
  if (!row.personId || (await responderIds(db, cycle.id)).has(row.personId))
    return { skip: 'already answered' };
  const person = await personById(db, row.personId);
  if (!person) return { skip: 'person removed' };
  const locale = resolveLocale(person.locale, team.locale, school.locale);
  const { question } = await cycleQuestion(db, cycle, locale);
  const card = buildNudgeCard({
    locale,
    zone: school.timezone,
    personName: person.name.split(' ')[0] ?? person.name,
    teamName: team.name,
    question,
    closesAt: cycle.closesAt,
    cycleId: cycle.id,
  });
  return { sent: await postToPerson(db, adapter, team, person, card) };
}

async function sendThreadNudge(ctx: SendContext, cycle: CycleRow): Promise<SendOutcome> {
  const { db, adapter, team, school } = ctx;
  const [answered, members] = await Promise.all([answeredCount(db, cycle.id), membersOf(db, team.id)]);
  if (answered >= members.length) return { skip: 'everyone answered' };
  const card = buildThreadNudgeCard({
    locale: resolveLocale(team.locale, school.locale),
    zone: school.timezone,
    closesAt: cycle.closesAt,
    answered,
    expected: members.length,
    cycleId: cycle.id,
  });
  return { sent: await adapter.reply(await promptRef(db, team, cycle), card) };
}
