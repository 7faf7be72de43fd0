import type { Db } from '../../db/client.ts';
import { answeredCount, saveResponse } from '../../db/repositories/cycles.ts';
import { enqueueOutbox, type OutboxRow } from '../../db/repositories/outbox.ts';

/**
 * Saves (or edits) one person's answer and writes what the team should see: the answer in the thread
 * and, for a first answer, the prompt's new "n of m" count.
 */
export async function storeAnswer(
  tx: Db,
  input: { cycleId: string; teamId: string; personId: string; body: string; now: Date; echo: boolean },
): Promise<OutboxRow[]> {
  const { response, created } = await saveResponse(tx, input);
  const refresh = async () =>
    enqueueOutbox(tx, {
      ...base,
      key: `refresh:${input.cycleId}:${await answeredCount(tx, input.cycleId)}`,
      kind: 'refresh',
    });
  const base = {
    teamId: input.teamId,
    cycleId: input.cycleId,
    personId: input.personId,
    payload: { responseId: response.id },
  };
  const rows = [];
  if (created) rows.push(await refresh());
  if (created && input.echo)
    rows.push(await enqueueOutbox(tx, { ...base, key: `echo:${response.id}`, kind: 'echo' }));
  if (!created && input.echo) {
    rows.push(
      await enqueueOutbox(tx, {
        ...base,
        key: `echo-edit:${response.id}:${input.now.getTime()}`,
        kind: 'echo_update',
      }),
    );
  }
  return rows.filter((r): r is OutboxRow => r !== null);
}
