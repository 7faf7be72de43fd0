import type { InboundEvent, InboundResult } from '../../core/chat/port.ts';
import { t } from '../../core/i18n/index.ts';
import { parseAnswer } from '../../core/loop/answer-form.ts';
import { parseCommitment } from '../../core/loop/commitment-form.ts';
import { decodeFormContext, FORM_FIRST_FIELD, FORMS } from '../../core/loop/ids.ts';
import { localDate } from '../../core/schedule/index.ts';
import { createCommitment } from '../../db/repositories/commitments.ts';
import { recordInbound, recordPiiBlock } from '../../db/repositories/events.ts';
import { membersOf, type PersonRow } from '../../db/repositories/organisation.ts';
import type { OutboxRow } from '../../db/repositories/outbox.ts';
import { enqueueOutbox } from '../../db/repositories/outbox.ts';
import { type AppDeps, handOver } from '../deps.ts';
import { resolveLocale } from '../locale.ts';
import { ACCESS_MESSAGE, cycleAccess } from './context.ts';
import { storeAnswer } from './store-answer.ts';

const FIRST_FIELD = FORM_FIRST_FIELD;

export async function handleFormSubmitted(
  deps: AppDeps,
  person: PersonRow,
  event: Extract<InboundEvent, { kind: 'form_submitted' }>,
): Promise<InboundResult> {
  const context = decodeFormContext(event.privateMetadata);
  const formId = event.formId as keyof typeof FIRST_FIELD;
  if (!context || !(formId in FIRST_FIELD)) {
    return { type: 'notice', text: t(resolveLocale(person.locale), 'error.unknownAction') };
  }
  const access = await cycleAccess(deps.db, person, context.cycleId);
  // Shown on the form itself, so whatever the person typed is still in front of them.
  if (!access.ok)
    return {
      type: 'form_errors',
      errors: { [FIRST_FIELD[formId]]: t(access.locale, ACCESS_MESSAGE[access.reason]) },
    };
  const { cycle, team, school, locale } = access;

  let written: OutboxRow[] | null;
  if (formId === FORMS.answer) {
    const parsed = parseAnswer(event.values, locale);
    if (!parsed.ok) return rejected(deps, parsed, team.id, 'answer_form');
    written = await deps.db.transaction(async (tx) => {
      if (!(await recordInbound(tx, event.user.platform, event.eventId))) return null;
      return storeAnswer(tx, {
        cycleId: cycle.id,
        teamId: team.id,
        personId: person.id,
        body: parsed.value.body,
        now: deps.clock.now(),
        echo: true,
      });
    });
  } else {
    const members = await membersOf(deps.db, team.id);
    const today = localDate(deps.clock.now(), school.timezone);
    const parsed = parseCommitment(event.values, { locale, members, today });
    if (!parsed.ok) return rejected(deps, parsed, team.id, 'commitment_form');
    written = await deps.db.transaction(async (tx) => {
      if (!(await recordInbound(tx, event.user.platform, event.eventId))) return null;
      const now = deps.clock.now();
      const commitment = await createCommitment(tx, {
        ...parsed.value,
        teamId: team.id,
        originCycleId: cycle.id,
        createdBy: person.id,
        now,
      });
      const row = await enqueueOutbox(tx, {
        key: `commitment:${commitment.id}`,
        kind: 'commitment',
        teamId: team.id,
        cycleId: cycle.id,
        payload: { commitmentId: commitment.id },
      });
      return row ? [row] : [];
    });
  }
  await handOver(deps, written ?? []);
  return {
    type: 'notice',
    text: t(locale, formId === FORMS.answer ? 'notice.answerSaved' : 'notice.commitmentSaved'),
  };
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
