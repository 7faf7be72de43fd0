import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamLedger } from '../../src/app/commitments/ledger.ts';
import { createInboundHandler } from '../../src/app/inbound/handle-inbound.ts';
import { ACTIONS, FORMS } from '../../src/core/loop/ids.ts';
import type { Card } from '../../src/core/ui/model.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { commitments, people, teams } from '../../src/db/schema/index.ts';
import { createLoopHarness, type LoopHarness } from '../support/loop-harness.ts';

const KARI = 'kari@refleksvik.example';
const OLA = 'ola@refleksvik.example';
const cardText = (card: Card) =>
  card.blocks
    .map((b) =>
      b.type === 'text'
        ? b.text
        : b.type === 'fields'
          ? b.fields.map((f) => `${f.label}: ${f.value}`).join(' | ')
          : '',
    )
    .join('\n');

/** The ledger a department head can trust: kept by the team, carried forward, summed up each week. */
describe('the commitment ledger', () => {
  let database: Database;
  let h: LoopHarness;
  const ids: Record<string, string> = {};
  const say = (email: string, text: string) =>
    createInboundHandler(h.deps).handle({
      kind: 'command',
      eventId: `cmd-${email}-${text}-${Math.random()}`,
      user: { platform: 'local', tenantId: 'local', userId: email },
      text,
      conversation: { platform: 'local', tenantId: 'local', conversationId: 'demo-5trinn' },
    });
  const form = async (email: string, actionId: string, value: string) => {
    const opened = await h.click(email, actionId, value);
    if (opened.type !== 'open_form') throw new Error(JSON.stringify(opened));
    return opened.form;
  };

  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    h = await createLoopHarness(database, '2026-11-23T08:00:00Z');
    await h.db
      .update(teams)
      .set({ reminders: { via: 'dm', afterHours: [] } })
      .where(eq(teams.key, 'demo-5trinn'));
    h.clock.set('2026-11-26T13:00:00Z');
    await h.tick();
    await h.drain();
    const cycleId = (await h.openCycleId('demo-5trinn'))!;
    const [ola] = await h.db.select().from(people).where(eq(people.email, OLA));
    const planned: [string, string, string | string[]][] = [
      ['Høytlesing', '2026-11-30', [ola!.id]],
      ['Exit ticket', '2026-12-10', 'team'],
      ['Lesegrupper', '', 'team'],
    ];
    for (const [what, due, owners] of planned) {
      const f = await form(KARI, ACTIONS.newCommitment, cycleId);
      await h.submit(KARI, f.formId, f.privateMetadata, {
        owners,
        what,
        trigger: 'Når vi starter',
        evidence: 'Vi ser det',
        due,
      });
      ids[what] = (await h.db.select().from(commitments).where(eq(commitments.what, what)))[0]!.id;
    }
    const done = await form(OLA, ACTIONS.commitmentDone, ids['Exit ticket']!);
    await h.submit(OLA, FORMS.commitmentDone, done.privateMetadata, { impact: 'Alle leverte.' });
    const drop = await form(KARI, ACTIONS.commitmentDrop, ids.Lesegrupper!);
    await h.submit(KARI, FORMS.commitmentDrop, drop.privateMetadata, {
      reason: 'Vi gjør det i 6. trinn i stedet.',
    });
    await h.drain();
  });
  afterAll(() => database.close());

  it('lists each commitment with owners, date, status and planned follow-ups; filters by status', async () => {
    h.clock.set('2026-12-02T08:00:00Z');
    const all = await teamLedger(h.db, 'demo-5trinn', { now: h.clock.now() });
    const byWhat = [...all.entries].sort((a, b) => a.what.localeCompare(b.what, 'nb'));
    expect(byWhat.map((e) => [e.what, e.owners, e.status, e.overdue])).toEqual([
      ['Exit ticket', [], 'done', false],
      ['Høytlesing', ['Ola Hansen'], 'open', true],
      ['Lesegrupper', [], 'dropped', false],
    ]);
    expect(byWhat[1]!.followUps.map((f) => [f.kind, f.status])).toEqual([
      ['before_due', 'planned'],
      ['due', 'planned'],
      ['overdue', 'planned'],
    ]);
    expect(byWhat[0]!.followUps.every((f) => f.status === 'cancelled')).toBe(true);
    const overdue = await teamLedger(h.db, 'demo-5trinn', { filter: 'overdue', now: h.clock.now() });
    expect(overdue.entries.map((e) => e.what)).toEqual(['Høytlesing']);
  });

  it('shows the team its ledger in chat, filtered in its own words', async () => {
    const result = await say(OLA, 'forpliktelser forfalt');
    if (result.type !== 'show_home') throw new Error(JSON.stringify(result));
    const text = cardText(result.card);
    expect(text).toContain('Forpliktelsene til 5. trinn');
    expect(text).toContain('Forpliktelser over fristen');
    expect(text).toContain('«Høytlesing»');
    expect(text).toContain('Status: Over fristen');
    expect(text).not.toContain('Exit ticket');
    const done = await say(OLA, 'commitments done');
    expect(done.type === 'show_home' && cardText(done.card)).toContain('Effekt: Alle leverte.');
  });

  it('sums up the week in the summary and names the overdue one in the next prompt', async () => {
    h.clock.set('2026-12-02T13:00:00Z');
    await h.tick();
    await h.drain();
    h.clock.set('2026-12-03T13:00:00Z');
    await h.tick();
    await h.drain();
    const [week48, week49] = await h.conversation('demo-5trinn');
    const summary = week48!.replies.find((r) => r.includes('Oppsummering for uke 48'))!;
    expect(summary).toContain('• Ny: «Høytlesing»');
    expect(summary).toContain('• Gjennomført: «Exit ticket»');
    expect(summary).toContain('• Lagt bort: «Lesegrupper»');
    expect(week49!.text).toContain('«Høytlesing» – Ola Hansen, fristen gikk ut 30. november 2026');
  });
});
