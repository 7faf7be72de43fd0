import { RefleksError } from '../../core/errors.ts';
import type { TextCheck } from '../../core/loop/answer-form.ts';
import type { Db } from '../../db/client.ts';
import { lockResponse, requireOpenCycle, setResponseBody } from '../../db/repositories/cycles.ts';
import { enqueueOutbox, type OutboxRow } from '../../db/repositories/outbox.ts';

/** The composed answer failed its checks; thrown inside the transaction so nothing is kept. */
export class AnswerRejectedError extends RefleksError {
  readonly check: Extract<TextCheck, { error: string }>;
  constructor(check: Extract<TextCheck, { error: string }>) {
    super('validation_failed', check.error);
    this.check = check;
  }
}

/**
 * Saves (or edits) one person's answer and writes what the team should see: the answer in the thread
 * and, for a first answer, the prompt's new "n of m" count. `compose` builds the text from what is
 * stored, under the row lock, so two quick replies both end up in the answer. The cycle is locked
 * open for the duration: an answer cannot slip into a cycle that closed meanwhile (CycleClosedError).
 */
export async function storeAnswer(
  tx: Db,
  input: {
    cycleId: string;
    teamId: string;
    personId: string;
    now: Date;
    echo: boolean;
    compose: (existing: string | null) => TextCheck;
  },
): Promise<OutboxRow[]> {
  await requireOpenCycle(tx, input.cycleId);
  const { response, created } = await lockResponse(tx, input);
  const checked = input.compose(created ? null : response.body);
  if ('error' in checked) throw new AnswerRejectedError(checked);
  await setResponseBody(tx, response.id, checked.text, created ? null : input.now);

  const base = {
    teamId: input.teamId,
    cycleId: input.cycleId,
    personId: input.personId,
    payload: { responseId: response.id },
  };
  const keys: [string, 'refresh' | 'echo' | 'echo_update'][] = [];
  // Keyed by the response, not by the count: two first answers at once must both refresh the prompt.
  if (created) keys.push([`refresh:${input.cycleId}:${response.id}`, 'refresh']);
  if (created && input.echo) keys.push([`echo:${response.id}`, 'echo']);
  if (!created && input.echo) keys.push([`echo-edit:${response.id}:${input.now.getTime()}`, 'echo_update']);
  const rows: OutboxRow[] = [];
  for (const [key, kind] of keys) {
    const row = await enqueueOutbox(tx, { ...base, key, kind });
    if (row) rows.push(row);
  }
  return rows;
}
