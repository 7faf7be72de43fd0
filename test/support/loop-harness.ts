import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import pino from 'pino';
import { LOCAL_TENANT, LocalAdapter } from '../../adapters/local/adapter.ts';
import { runTick } from '../../src/app/cycles/tick.ts';
import { deliverOutbox } from '../../src/app/delivery/deliver.ts';
import type { AppDeps, SendQueue } from '../../src/app/deps.ts';
import { createInboundHandler } from '../../src/app/inbound/handle-inbound.ts';
import { applyOrg, loadOrgFile } from '../../src/app/org/index.ts';
import type { InboundResult } from '../../src/core/chat/port.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { ACTIONS } from '../../src/core/loop/ids.ts';
import type { Card, FormValues } from '../../src/core/ui/model.ts';
import type { Database } from '../../src/db/client.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { sendableOutbox } from '../../src/db/repositories/outbox.ts';
import { cycles, localMessages, outbox, teams } from '../../src/db/schema/index.ts';
import { DEMO_ORG_FILE } from '../../src/runtime/demo.ts';

export const silentLogger = pino({ level: 'silent' });

export function cardText(card: Card): string {
  return card.blocks
    .map((b) =>
      b.type === 'text'
        ? b.text
        : b.type === 'fields'
          ? b.fields.map((f) => `${f.label}: ${f.value}`).join('\n')
          : '',
    )
    .join('\n');
}

/** Collects what the app hands to the queue; `drain` sends it in-process, as a worker would. */
class RecordingQueue implements SendQueue {
  handed: string[] = [];
  async enqueueSends(rows: { id: string }[]) {
    this.handed.push(...rows.map((r) => r.id));
  }
}

/**
 * The learning loop on a real database with the real local adapter and a clock the test moves.
 * Deliveries run in-process so a test can step through a week deterministically.
 */
export async function createLoopHarness(database: Database, start: string) {
  await migrateDatabase(database);
  const clock = new ManualClock(start);
  const queue = new RecordingQueue();
  const adapter = new LocalAdapter(database.db);
  const deps: AppDeps = { db: database.db, clock, adapters: { local: adapter }, queue, logger: silentLogger };
  const inbound = createInboundHandler(deps);
  const org = await loadOrgFile(DEMO_ORG_FILE);
  await applyOrg(database.db, org, { now: clock.now(), actor: 'system' });

  const user = (email: string) => ({ platform: 'local' as const, tenantId: LOCAL_TENANT, userId: email });
  let eventSeq = 0;
  const nextEventId = () => `evt-${++eventSeq}`;

  const harness = {
    deps,
    clock,
    queue,
    db: database.db,
    tick: () => runTick(deps),
    /** Sends everything sendable now, repeatedly, until nothing is left (replies wait for their prompt). */
    async drain() {
      for (let round = 0; round < 10; round++) {
        const rows = await sendableOutbox(database.db, clock.now());
        if (!rows.length) return;
        for (const row of rows) await deliverOutbox(deps, row.id).catch(() => undefined);
      }
    },
    /** Thursday of week 48, 14:00 Oslo: the demo's 5. trinn gets its prompt; returns the open cycle. */
    async openWeek48(): Promise<string> {
      clock.set('2026-11-26T13:00:00Z');
      await runTick(deps);
      await harness.drain();
      return (await harness.openCycleId('demo-5trinn'))!;
    },
    /** The Answer button, then the form submitted with `values` (the answer's text as `body`). */
    async answer(email: string, cycleId: string, values: FormValues): Promise<InboundResult> {
      const opened = await inbound.handle({
        kind: 'action',
        eventId: nextEventId(),
        user: user(email),
        actionId: ACTIONS.answer,
        value: cycleId,
      });
      if (opened.type !== 'open_form') throw new Error(`no answer form for ${email}: ${opened.type}`);
      const { formId, privateMetadata } = opened.form;
      return harness.submit(email, formId, privateMetadata, values);
    },
    async teamId(key: string) {
      const [team] = await database.db.select().from(teams).where(eq(teams.key, key));
      return team!.id;
    },
    async openCycleId(teamKey: string) {
      const [cycle] = await database.db
        .select()
        .from(cycles)
        .where(and(eq(cycles.teamId, await harness.teamId(teamKey)), eq(cycles.status, 'open')));
      return cycle?.id ?? null;
    },
    /** `/refleks <text>` typed by the person (outside any channel). */
    command: (email: string, text: string): Promise<InboundResult> =>
      inbound.handle({ kind: 'command', eventId: nextEventId(), user: user(email), text }),
    click: (email: string, actionId: string, value: string): Promise<InboundResult> =>
      inbound.handle({ kind: 'action', eventId: nextEventId(), user: user(email), actionId, value }),
    submit: (
      email: string,
      formId: string,
      privateMetadata: string,
      values: FormValues,
      eventId = nextEventId(),
    ) =>
      inbound.handle({ kind: 'form_submitted', eventId, user: user(email), formId, privateMetadata, values }),
    replyInThread: (email: string, channel: string, threadId: string, text: string) =>
      inbound.handle({
        kind: 'message',
        eventId: nextEventId(),
        user: user(email),
        conversation: { platform: 'local', tenantId: LOCAL_TENANT, conversationId: channel },
        threadId,
        text,
      }),
    /** Top-level messages of a conversation, with their thread replies, as text. */
    async conversation(conversationId: string) {
      const top = await database.db
        .select()
        .from(localMessages)
        .where(and(eq(localMessages.conversationId, conversationId), isNull(localMessages.threadId)))
        .orderBy(asc(localMessages.seq));
      const replies = top.length
        ? await database.db
            .select()
            .from(localMessages)
            .where(
              inArray(
                localMessages.threadId,
                top.map((t) => t.id),
              ),
            )
            .orderBy(asc(localMessages.seq))
        : [];
      return top.map((m) => ({
        id: m.id,
        text: cardText(m.card as Card),
        replies: replies.filter((r) => r.threadId === m.id).map((r) => cardText(r.card as Card)),
      }));
    },
    async outboxStatuses() {
      return database.db.select({ key: outbox.key, status: outbox.status }).from(outbox);
    },
  };
  return harness;
}

export type LoopHarness = Awaited<ReturnType<typeof createLoopHarness>>;
