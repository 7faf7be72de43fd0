import { RefleksError } from '../../core/errors.ts';
import type { TextCheck } from '../../core/loop/answer-form.ts';
import type { Db } from '../../db/client.ts';
import { lockResponse, requireOpenCycle, setResponseBody } from '../../db/repositories/cycles.ts';
import { enqueueOutbox, type OutboxRow, outboxByKey } from '../../db/repositories/outbox.ts';

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
    /** A rating step's 1–5; the composed text may then be empty (a rating without a comment). */
    rating?: number | null;
  },
): Promise<OutboxRow[]> {
  await requireOpenCycle(tx, input.cycleId);
  const { response, created } = await lockResponse(tx, input);
  const checked = input.compose(created ? null : response.body);
  if ('error' in checked) throw new AnswerRejectedError(checked);
  await setResponseBody(tx, response.id, checked.text || null, created ? null : input.now, input.rating);

  const base = {
    teamId: input.teamId,
    cycleId: input.cycleId,
    personId: input.personId,
    payload: { responseId: response.id },
  };
  const keys: [string, 'refresh' | 'echo' | 'echo_update'][] = [];
  // Keyed by the response, not by the count: two first answers at once must both refresh the prompt.
  // A changed rating changes nothing the open prompt shows: its average waits for the close.
  if (created) keys.push([`refresh:${input.cycleId}:${response.id}`, 'refresh']);
  // A rating is never echoed (it is anonymous); a rating without a comment has nothing to echo.
  const echo = input.echo && checked.text !== '';
  if (created && echo) keys.push([`echo:${response.id}`, 'echo']);
  // A rating given first and a comment added later: the comment's echo is the first one.
  const echoed = !created && echo && (await outboxByKey(tx, `echo:${response.id}`)) !== null;
  if (!created && echo && !echoed) keys.push([`echo:${response.id}`, 'echo']);
  if (echoed) keys.push([`echo-edit:${response.id}:${input.now.getTime()}`, 'echo_update']);
  const rows: OutboxRow[] = [];
  for (const [key, kind] of keys) {
    const row = await enqueueOutbox(tx, { ...base, key, kind });
    if (row) rows.push(row);
  }
  return rows;
}
