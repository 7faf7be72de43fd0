import type { InboundEvent, InboundResult } from '../../core/chat/port.ts';
import { CycleClosedError } from '../../core/errors.ts';
import { t } from '../../core/i18n/index.ts';
import { parseAnswer } from '../../core/loop/answer-form.ts';
import { parseCommitment } from '../../core/loop/commitment-form.ts';
import { decodeFormContext, FORM_FIRST_FIELD, FORMS } from '../../core/loop/ids.ts';
import { localDate } from '../../core/schedule/index.ts';
import { createCommitment } from '../../db/repositories/commitments.ts';
import { requireOpenCycle } from '../../db/repositories/cycles.ts';
import { recordInbound, recordPiiBlock } from '../../db/repositories/events.ts';
import { membersOf, type PersonRow } from '../../db/repositories/organisation.ts';
import { enqueueOutbox, type OutboxRow } from '../../db/repositories/outbox.ts';
import { replanFollowUps } from '../commitments/follow-ups.ts';
import { cycleQuestion } from '../delivery/prompt-view.ts';
import { type AppDeps, handOver } from '../deps.ts';
import { resolveLocale } from '../locale.ts';
import { submitChooseTeam } from './choose-team.ts';
import { submitAdjust, submitDrop } from './commitment-change.ts';
import { submitDone } from './commitment-done.ts';
import { ACCESS_MESSAGE, type CycleAccess, cycleAccess } from './context.ts';
import { submitDeleteAnswers } from './my-data.ts';
import { submitNextProgramme } from './next-programme.ts';
import { typedTexts, withPrivacyHint } from './privacy-hint.ts';
import { submitShare } from './share-upward.ts';
import { storeAnswer } from './store-answer.ts';
import { submitSupportReply, submitSupportRequest } from './support.ts';

type FormId = keyof typeof FORM_FIRST_FIELD;
type Open = Extract<CycleAccess, { ok: true }>;
type Submitted = Extract<InboundEvent, { kind: 'form_submitted' }>;

/** Either the rows to hand to the queue (null: a platform retry, already stored) or what to show. */
type Outcome = { written: OutboxRow[] | null } | { show: InboundResult };

export async function handleFormSubmitted(
  deps: AppDeps,
  person: PersonRow,
  event: Submitted,
): Promise<InboundResult> {
  // Choosing a channel's team is about a channel, not a cycle; the next programme is about a closed one.
  if (event.formId === FORMS.chooseTeam) return submitChooseTeam(deps, person, event);
  if (event.formId === FORMS.nextProgramme) return submitNextProgramme(deps, person, event);
  // Support requests are about a team and its leaders, not a week's cycle.
  if (event.formId === FORMS.supportRequest) return submitSupportRequest(deps, person, event);
  if (event.formId === FORMS.supportReply) return submitSupportReply(deps, person, event);
  // A person's own answers, everywhere: about no one cycle.
  if (event.formId === FORMS.deleteMyAnswers) return submitDeleteAnswers(deps, person, event);
  const context = decodeFormContext(event.privateMetadata);
  // hasOwn, not `in`: a crafted form id like "toString" must not pass for one of ours.
  if (!context || !Object.hasOwn(FORM_FIRST_FIELD, event.formId)) {
    return { type: 'notice', text: t(resolveLocale(person.locale), 'error.unknownAction') };
  }
  const formId = event.formId as FormId;
  // Closing a commitment does not need an open cycle: a commitment outlives the week it was made in.
  if (formId === FORMS.commitmentDone) return submitDone(deps, person, event, context);
  if (formId === FORMS.shareUpward) return submitShare(deps, person, event, context);
  if (formId === FORMS.commitmentAdjust) return submitAdjust(deps, person, event, context);
  if (formId === FORMS.commitmentDrop) return submitDrop(deps, person, event, context);
  const access = await cycleAccess(deps.db, person, context.cycleId);
  // Shown on the form itself, so whatever the person typed is still in front of them.
  const onForm = (text: string): InboundResult => ({
    type: 'form_errors',
    errors: { [FORM_FIRST_FIELD[formId]]: text },
  });
  if (!access.ok) return onForm(t(access.locale, ACCESS_MESSAGE[access.reason]));

  let outcome: Outcome;
  try {
    outcome =
      formId === FORMS.answer
        ? await saveAnswer(deps, person, event, access)
        : await saveCommitment(deps, person, event, access);
  } catch (error) {
    // The cycle closed between opening the form and saving it.
    if (error instanceof CycleClosedError) return onForm(t(access.locale, 'error.cycleClosed'));
    throw error;
  }
  if ('show' in outcome) return outcome.show;
  await handOver(deps, outcome.written ?? []);
  const saved = formId === FORMS.answer ? 'notice.answerSaved' : 'notice.commitmentSaved';
  return withPrivacyHint(
    deps,
    { type: 'notice', text: t(access.locale, saved) },
    {
      texts: typedTexts(event.values),
      place: formId === FORMS.answer ? 'answer_form' : 'commitment_form',
      teamId: access.team.id,
      locale: access.locale,
    },
  );
}

async function saveAnswer(
  deps: AppDeps,
  person: PersonRow,
  event: Submitted,
  access: Open,
): Promise<Outcome> {
  const { stepKind } = await cycleQuestion(deps.db, access.cycle, access.locale);
  const parsed = parseAnswer(event.values, access.locale, stepKind);
  if (!parsed.ok) return { show: await rejected(deps, parsed, access.team.id, 'answer_form') };
  const written = await deps.db.transaction(async (tx) => {
    if (!(await recordInbound(tx, event.user.platform, event.eventId))) return null;
    return storeAnswer(tx, {
      cycleId: access.cycle.id,
      teamId: access.team.id,
      personId: person.id,
      now: deps.clock.now(),
      echo: true,
      compose: () => ({ text: parsed.value.body ?? '' }),
      ...(stepKind === 'rating' ? { rating: parsed.value.rating } : {}),
    });
  });
  return { written };
}

async function saveCommitment(
  deps: AppDeps,
  person: PersonRow,
  event: Submitted,
  access: Open,
): Promise<Outcome> {
  const { cycle, team, school, locale } = access;
  const members = await membersOf(deps.db, team.id);
  const today = localDate(deps.clock.now(), school.timezone);
  const parsed = parseCommitment(event.values, { locale, members, today });
  if (!parsed.ok) return { show: await rejected(deps, parsed, team.id, 'commitment_form') };
  const written = await deps.db.transaction(async (tx) => {
    if (!(await recordInbound(tx, event.user.platform, event.eventId))) return null;
    await requireOpenCycle(tx, cycle.id);
    const now = deps.clock.now();
    const commitment = await createCommitment(tx, {
      ...parsed.value,
      teamId: team.id,
      originCycleId: cycle.id,
      createdBy: person.id,
      now,
    });
    await replanFollowUps(tx, commitment.id, now);
    const row = await enqueueOutbox(tx, {
      key: `commitment:${commitment.id}`,
      kind: 'commitment',
      teamId: team.id,
      cycleId: cycle.id,
      payload: { commitmentId: commitment.id },
    });
    return row ? [row] : [];
  });
  return { written };
}

async function rejected(
  deps: AppDeps,
  parsed: { errors: Record<string, string>; identityNumberBlocked: boolean },
  teamId: string,
  place: string,
): Promise<InboundResult> {
  if (parsed.identityNumberBlocked) await recordPiiBlock(deps.db, { kind: 'identity_number', place, teamId });
  return { type: 'form_errors', errors: parsed.errors };
}
