import type { InboundEvent, InboundResult } from '../../core/chat/port.ts';
import { t } from '../../core/i18n/index.ts';
import { buildAnswerForm } from '../../core/loop/answer-form.ts';
import { buildCommitmentForm } from '../../core/loop/commitment-form.ts';
import { ACTIONS } from '../../core/loop/ids.ts';
import { responseOf } from '../../db/repositories/cycles.ts';
import { membersOf, type PersonRow } from '../../db/repositories/organisation.ts';
import { cycleQuestion } from '../delivery/prompt-view.ts';
import type { AppDeps } from '../deps.ts';
import { resolveLocale } from '../locale.ts';
import { openChooseTeam } from './choose-team.ts';
import { onCommitmentAction } from './commitment-change.ts';
import { openDoneForm } from './commitment-done.ts';
import { ACCESS_MESSAGE, cycleAccess } from './context.ts';
import { openDeleteAnswers } from './my-data.ts';
import { openNextProgramme } from './next-programme.ts';
import { passOnToOwner } from './pass-on.ts';
import { openShareForm, withdrawShared } from './share-upward.ts';
import { acknowledgeSupport, openSupportReply } from './support.ts';
import { openTeamDetail } from './team-detail.ts';

/** A button press only opens a form; nothing is written, so a retried click is harmless. */
export async function handleAction(
  deps: AppDeps,
  person: PersonRow,
  event: Extract<InboundEvent, { kind: 'action' }>,
): Promise<InboundResult> {
  // A link button: the platform opened the page; Slack still reports the click.
  if (event.actionId === ACTIONS.openWeb) return { type: 'ack' };
  if (event.actionId === ACTIONS.deleteMyAnswers) return openDeleteAnswers(deps, person);
  if (event.actionId === ACTIONS.supportAcknowledge) return acknowledgeSupport(deps, person, event);
  if (event.actionId === ACTIONS.supportReply) return openSupportReply(deps, person, event);
  if (event.actionId === ACTIONS.passOnToOwner) return passOnToOwner(deps, person, event);
  if (event.actionId === ACTIONS.leaderTeamDetail) return openTeamDetail(deps, person, event);
  if (event.actionId === ACTIONS.commitmentDone) return openDoneForm(deps, person, event.value);
  if (event.actionId === ACTIONS.chooseTeam) return openChooseTeam(deps, person, event);
  if (event.actionId === ACTIONS.shareUpward) return openShareForm(deps, person, event);
  if (event.actionId === ACTIONS.withdrawShared) return withdrawShared(deps, person, event);
  if (event.actionId === ACTIONS.nextProgramme) return openNextProgramme(deps, person, event);
  if (
    event.actionId === ACTIONS.commitmentAdjust ||
    event.actionId === ACTIONS.commitmentDrop ||
    event.actionId === ACTIONS.commitmentSnooze
  )
    return onCommitmentAction(deps, person, event);
  if (![ACTIONS.answer, ACTIONS.newCommitment, ACTIONS.why].includes(event.actionId as never)) {
    return { type: 'notice', text: t(resolveLocale(person.locale), 'error.unknownAction') };
  }
  const access = await cycleAccess(deps.db, person, event.value);
  if (!access.ok) return { type: 'notice', text: t(access.locale, ACCESS_MESSAGE[access.reason]) };
  const { cycle, team, locale } = access;

  if (event.actionId === ACTIONS.why) {
    // "Why this question": the framework behind it, for the person who asked.
    return { type: 'notice', text: (await cycleQuestion(deps.db, cycle, locale)).why };
  }
  if (event.actionId === ACTIONS.answer) {
    const [{ question, stepKind }, existing] = await Promise.all([
      cycleQuestion(deps.db, cycle, locale),
      responseOf(deps.db, cycle.id, person.id),
    ]);
    return {
      type: 'open_form',
      form: buildAnswerForm({
        locale,
        cycleId: cycle.id,
        question,
        kind: stepKind,
        initial: existing?.body ?? undefined,
        initialRating: existing?.rating ?? null,
      }),
    };
  }
  const members = await membersOf(deps.db, team.id);
  return { type: 'open_form', form: buildCommitmentForm({ locale, cycleId: cycle.id, members }) };
}
