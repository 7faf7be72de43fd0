import { describe, expect, it } from 'vitest';
import { buildAnswerForm, parseAnswer } from '../../../src/core/loop/answer-form.ts';
import { buildCommitmentForm, parseCommitment } from '../../../src/core/loop/commitment-form.ts';
import { decodeFormContext } from '../../../src/core/loop/ids.ts';
import { buildPromptCard } from '../../../src/core/loop/prompt-card.ts';
import type { PromptView } from '../../../src/core/loop/views.ts';

const members = [
  { personId: 'p-kari', name: 'Kari Nordmann' },
  { personId: 'p-ola', name: 'Ola Hansen' },
];

describe('answer form', () => {
  it('carries the cycle in its metadata and the earlier answer as initial text', () => {
    const form = buildAnswerForm({ locale: 'nn', cycleId: 'c1', question: 'Kva?', initial: 'Før' });
    expect(decodeFormContext(form.privateMetadata)).toEqual({ cycleId: 'c1' });
    expect(form.title).toBe('Svaret ditt');
    expect(form.inputs[0]).toMatchObject({ id: 'body', label: 'Kva?', initial: 'Før', required: true });
  });

  it('refuses empty text and identity numbers, in the person’s language', () => {
    expect(parseAnswer({ body: '   ' }, 'en')).toMatchObject({
      ok: false,
      errors: { body: 'Please fill in this field.' },
    });
    const blocked = parseAnswer({ body: 'Eleven 01819010001 strever' }, 'nb');
    expect(blocked).toMatchObject({ ok: false, identityNumberBlocked: true });
    expect(parseAnswer({ body: '  Gruppen leser bedre  ' }, 'nb')).toEqual({
      ok: true,
      value: { body: 'Gruppen leser bedre', rating: null },
    });
  });
});

describe('commitment form', () => {
  const today = '2026-11-26';
  const valid = {
    owners: ['p-ola'],
    what: 'Lese høyt',
    trigger: 'Hvis stille, så…',
    evidence: 'Logg',
    due: '2026-12-10',
  };

  it('offers the team members and "the whole team" as owners', () => {
    const form = buildCommitmentForm({ locale: 'nb', cycleId: 'c1', members });
    const owners = form.inputs.find((i) => i.id === 'owners');
    expect(owners?.type === 'select' && owners.options.map((o) => o.label)).toEqual([
      'Hele teamet',
      'Kari Nordmann',
      'Ola Hansen',
    ]);
  });

  it('turns a valid submission into who, what, when/if, how we know and due date', () => {
    expect(parseCommitment(valid, { locale: 'nb', members, today })).toEqual({
      ok: true,
      value: {
        ownerIds: ['p-ola'],
        what: 'Lese høyt',
        trigger: 'Hvis stille, så…',
        evidence: 'Logg',
        dueDate: '2026-12-10',
      },
    });
    expect(
      parseCommitment({ ...valid, owners: 'team', due: '' }, { locale: 'nb', members, today }),
    ).toMatchObject({
      ok: true,
      value: { ownerIds: [], dueDate: null },
    });
  });

  it('names every bad field at once', () => {
    const result = parseCommitment(
      { owners: ['p-stranger'], what: '', trigger: 'x', evidence: 'x', due: '2026-11-01' },
      { locale: 'en', members, today },
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(Object.keys(result.errors).sort()).toEqual(['due', 'owners', 'what']);
      expect(result.errors.due).toBe('The due date cannot be before today.');
    }
    const badDate = parseCommitment({ ...valid, due: '2026-02-31' }, { locale: 'nb', members, today });
    expect(badDate.ok || badDate.errors.due).toBe('Skriv datoen som ÅÅÅÅ-MM-DD.');
  });
});

describe('prompt card', () => {
  const view: PromptView = {
    cycleId: 'c1',
    locale: 'nb',
    zone: 'Europe/Oslo',
    weekKey: '2026-W48',
    programmeTitle: 'Elevene våre',
    stepNumber: 2,
    totalSteps: 6,
    question: 'Hvordan går det med gruppen?',
    stepKind: 'text',
    rating: null,
    asOf: '2026-11-26',
    closesAt: new Date('2026-12-02T13:00:00Z'),
    status: 'open',
    answered: 2,
    expected: 3,
    openCommitments: [
      {
        id: 'k1',
        what: 'Lese høyt hver dag',
        trigger: 't',
        evidence: 'e',
        dueDate: '2026-12-04',
        ownerNames: ['Ola Hansen'],
      },
    ],
  };
  const text = (card: ReturnType<typeof buildPromptCard>) =>
    card.blocks.map((b) => (b.type === 'text' ? b.text : '')).join('\n');

  it('shows the week, the question, the count and the carried-forward commitments', () => {
    const card = buildPromptCard(view);
    expect(text(card)).toContain('Ukens spørsmål – uke 48');
    expect(text(card)).toContain('2 av 3 har svart');
    expect(text(card)).toContain('«Lese høyt hver dag» – Ola Hansen, frist 4. desember 2026');
    expect(card.blocks.at(-1)).toMatchObject({ type: 'buttons' });
  });

  it('names a carried-forward commitment overdue when its date passed before the week’s question', () => {
    const card = buildPromptCard({ ...view, asOf: '2026-12-10' });
    expect(text(card)).toContain('«Lese høyt hver dag» – Ola Hansen, fristen gikk ut 4. desember 2026');
  });

  it('leads with "New commitment" on a commitment step, and says what this week is for', () => {
    const card = buildPromptCard({ ...view, stepKind: 'commitment' });
    expect(text(card)).toContain('Denne uken: gjør det til en forpliktelse');
    const buttons = card.blocks.find((b) => b.type === 'buttons');
    expect(buttons?.type === 'buttons' && buttons.buttons.map((b) => [b.actionId, b.style ?? null])).toEqual([
      ['refleks.new_commitment', 'primary'],
      ['refleks.answer', null],
      ['refleks.why', null],
    ]);
  });

  it('shows no average while the round is open, however many have rated', () => {
    const open = buildPromptCard({
      ...view,
      status: 'open',
      stepKind: 'rating',
      rating: { shown: true, average: 3.8, count: 6 },
    });
    expect(text(open)).toContain('Snittet vises når runden er avsluttet.');
    expect(text(open)).not.toMatch(/Snitt \d/);
  });

  it('shows a closed rating step’s average only past the minimum, in Norwegian number format', () => {
    const hidden = buildPromptCard({
      ...view,
      status: 'closed',
      stepKind: 'rating',
      rating: { shown: false, count: 4, needed: 5 },
    });
    expect(text(hidden)).toContain('Snittet vises når minst 5 har svart.');
    expect(text(hidden)).not.toMatch(/Snitt \d/);
    const shown = buildPromptCard({
      ...view,
      status: 'closed',
      stepKind: 'rating',
      rating: { shown: true, average: 3.8, count: 6 },
    });
    expect(text(shown)).toContain('Snitt 3,8 av 5 (6 svar)');
    const en = buildPromptCard({
      ...view,
      status: 'closed',
      locale: 'en',
      stepKind: 'rating',
      rating: { shown: true, average: 3.8, count: 6 },
    });
    expect(text(en)).toContain('Average 3.8 of 5 (6 answers)');
  });

  it('has no buttons once the cycle is closed', () => {
    const card = buildPromptCard({ ...view, status: 'closed', openCommitments: [] });
    expect(card.blocks.some((b) => b.type === 'buttons')).toBe(false);
    expect(text(card)).toContain('Runden er avsluttet.');
  });
});
