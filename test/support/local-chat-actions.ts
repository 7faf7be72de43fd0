/**
 * People acting on the local platform in tests, through the inbound handler as the chat would call
 * it: pressing buttons, submitting forms, and making a commitment on a team's open prompt.
 */
import { and, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { LOCAL_TENANT } from '../../adapters/local/adapter.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { createInboundHandler } from '../../src/app/inbound/handle-inbound.ts';
import { ACTIONS, FORMS } from '../../src/core/loop/ids.ts';
import type { FormValues } from '../../src/core/ui/model.ts';
import { commitments, cycles, people, teams } from '../../src/db/schema/index.ts';

/** A commitment as typed into the New commitment form; no owners means the whole team. */
export interface CommitmentInput {
  by: string;
  team: string;
  owners: string[];
  what: string;
  due: string;
}

/** Actions by people named by email; each event gets its own id. */
export function localChatActions(deps: AppDeps) {
  const { db } = deps;
  const inbound = createInboundHandler(deps);
  let eventSeq = 0;

  async function personId(email: string) {
    const [row] = await db.select().from(people).where(eq(people.email, email));
    return row!.id;
  }
  const user = (email: string) => ({ platform: 'local' as const, tenantId: LOCAL_TENANT, userId: email });
  const click = (email: string, actionId: string, value: string) =>
    inbound.handle({ kind: 'action', eventId: `evt-${++eventSeq}`, user: user(email), actionId, value });
  const submit = (email: string, formId: string, privateMetadata: string, values: FormValues) =>
    inbound.handle({
      kind: 'form_submitted',
      eventId: `evt-${++eventSeq}`,
      user: user(email),
      formId,
      privateMetadata,
      values,
    });

  /** Opens the New commitment form on the team's open cycle, submits it, and returns the commitment's id. */
  async function makeCommitment(input: CommitmentInput): Promise<string> {
    const [team] = await db.select().from(teams).where(eq(teams.key, input.team));
    const [cycle] = await db
      .select()
      .from(cycles)
      .where(and(eq(cycles.teamId, team!.id), eq(cycles.status, 'open')));
    const opened = await click(input.by, ACTIONS.newCommitment, cycle!.id);
    if (opened.type !== 'open_form') throw new Error(JSON.stringify(opened));
    const result = await submit(input.by, FORMS.commitment, opened.form.privateMetadata, {
      owners: input.owners.length ? await Promise.all(input.owners.map(personId)) : ['team'],
      what: input.what,
      trigger: 'Når uka starter',
      evidence: 'Vi ser det i elevarbeidene',
      due: input.due,
    });
    expect(result.type, JSON.stringify(result)).toBe('notice');
    const [row] = await db.select().from(commitments).where(eq(commitments.what, input.what));
    return row!.id;
  }

  return { personId, click, submit, makeCommitment };
}
export type LocalChatActions = ReturnType<typeof localChatActions>;
