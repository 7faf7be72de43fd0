import { describe, expect, it } from 'vitest';
import { buildOwnerDigestCard, ownerDigestTermDue } from '../../../src/core/digest/owner-digest.ts';

describe('the owner digest', () => {
  it('is due from the day a term ends and for 30 days, then left to the CLI', () => {
    expect(ownerDigestTermDue('2026-11-23')).toBeNull();
    expect(ownerDigestTermDue('2026-12-19')).toBeNull();
    expect(ownerDigestTermDue('2026-12-20')).toBe('2026H');
    expect(ownerDigestTermDue('2027-01-18')).toBe('2026H');
    expect(ownerDigestTermDue('2027-01-19')).toBeNull();
    expect(ownerDigestTermDue('2027-06-19')).toBeNull();
    expect(ownerDigestTermDue('2027-06-20')).toBe('2027V');
    expect(ownerDigestTermDue('2027-07-19')).toBe('2027V');
    expect(ownerDigestTermDue('2027-07-20')).toBeNull();
  });

  it('shows per school the figures, a dash where a group was too small, and only passed-on text', () => {
    const card = buildOwnerDigestCard(
      {
        owner: 'Vismo kommune',
        term: '2026H',
        minGroupSize: 5,
        schools: [
          {
            school: 'Nordli skole',
            teams: 2,
            roundsHeld: 10,
            roundsSkipped: 2,
            participationPercent: null,
            commitmentsMade: 4,
            commitmentsDone: 3,
            commitmentsOpen: 1,
          },
        ],
        approvedText: [{ school: 'Nordli skole', date: '2026-11-26', text: 'Lesekursene virket.' }],
      },
      'en',
    );
    const text = card.blocks.map((b) =>
      b.type === 'text'
        ? b.text
        : b.type === 'fields'
          ? b.fields.map((f) => `${f.label}=${f.value}`).join(';')
          : '',
    );
    expect(text[0]).toBe(card.fallbackText);
    expect(text).toContain('Nordli skole');
    expect(text.find((l) => l.includes('='))).toMatch(/=2;.*=10;.*=2;.*=–;.*=4;.*=3;.*=1$/);
    expect(text.join('\n')).toContain('Nordli skole (26 November 2026): “Lesekursene virket.”');
  });
});
