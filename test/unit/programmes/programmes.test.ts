import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../../src/core/locale.ts';
import {
  builtinProgrammes,
  getBuiltinProgramme,
  isLastStep,
  type Programme,
  stepAt,
} from '../../../src/core/programmes/index.ts';
import type { StepKind } from '../../../src/core/programmes/model.ts';
import { microRoutineKeys } from '../../../src/core/programmes/registry.ts';

const programmes: Programme[] = [...builtinProgrammes.values()];

describe('built-in programmes', () => {
  it('are registered under their own key', () => {
    expect(programmes.length).toBeGreaterThan(0);
    for (const [key, programme] of builtinProgrammes) {
      expect(programme.key).toBe(key);
      expect(getBuiltinProgramme(key)).toBe(programme);
    }
    expect(getBuiltinProgramme('no-such-programme')).toBeUndefined();
  });

  it.each(programmes.map((p) => [p.key, p] as const))('%s has text in every locale', (_key, programme) => {
    for (const locale of LOCALES) {
      expect(programme.title[locale].trim()).not.toBe('');
      expect(programme.summary[locale].trim()).not.toBe('');
      for (const step of programme.steps) {
        expect(step.question[locale].trim(), `${step.key} ${locale}`).not.toBe('');
      }
    }
  });

  it.each(programmes.map((p) => [p.key, p] as const))(
    '%s has nynorsk that is not a copy of bokmål',
    (_key, programme) => {
      expect(programme.title.nn).not.toBe(programme.title.nb);
      expect(programme.summary.nn).not.toBe(programme.summary.nb);
      for (const step of programme.steps) {
        expect(step.question.nn, step.key).not.toBe(step.question.nb);
      }
    },
  );

  it('have unique step keys across all programmes', () => {
    const keys = programmes.flatMap((p) => p.steps.map((s) => s.key));
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('P1 elevene-vare', () => {
  const p1 = getBuiltinProgramme('elevene-vare')!;

  it('exists with version 1 and the reference title', () => {
    expect(p1).toBeDefined();
    expect(p1.version).toBe(1);
    expect(p1.title.nb).toBe('Elevene våre – hvordan vet vi det?');
    expect(p1.title.en).toBe('Our pupils – how do we know?');
  });

  it('has six steps', () => {
    expect(p1.steps).toHaveLength(6);
  });

  it('uses the reference wording for week 1', () => {
    const week1 = stepAt(p1, 0)!;
    expect(week1.key).toBe('p1-w1');
    expect(week1.question.nb).toBe(
      'Hvilken elevgruppe har vi felles ansvar for denne perioden, og hva er målet vårt for dem? (Ingen navn.)',
    );
    expect(week1.question.en).toBe(
      'Which pupil group do we share responsibility for this period, and what is our goal for them? (No names.)',
    );
  });

  it('ends by asking about sharing with leadership', () => {
    const last = p1.steps.at(-1)!;
    expect(last.question.nb).toContain('deles med ledelsen');
    expect(last.question.nn).toContain('delast med leiinga');
    expect(last.question.en).toContain('shared with leadership');
  });

  it('has exactly one commitment step, the if–then plan in week 5', () => {
    const commitments = p1.steps.filter((s) => s.kind === 'commitment');
    expect(commitments).toHaveLength(1);
    expect(commitments[0]!.key).toBe('p1-w5');
    expect(commitments[0]!.question.nb).toContain('«hvis–så»');
    expect(commitments[0]!.question.nn).toContain('«viss–så»');
    expect(p1.steps.filter((s) => s.kind !== 'commitment').map((s) => s.kind)).toEqual([
      'text',
      'text',
      'text',
      'text',
      'share_upward',
    ]);
  });

  it('ends with the share-upward decision in week 6', () => {
    expect(p1.steps.at(-1)!.key).toBe('p1-w6');
    expect(p1.steps.at(-1)!.kind).toBe('share_upward');
    expect(p1.audience).toBe('team');
    expect(p1.repeatable).toBe(false);
  });
});

/** Step kinds per programme, in order: the library's shape as the reference sets it out. */
const expectedKinds: Record<string, StepKind[]> = {
  'elevene-vare': ['text', 'text', 'text', 'text', 'commitment', 'share_upward'],
  undersokelsessyklusen: ['text', 'text', 'text', 'text', 'commitment', 'text', 'text', 'share_upward'],
  'fire-sporsmal': ['text', 'text', 'commitment', 'share_upward'],
  datasamtalen: ['text', 'text', 'text', 'text', 'commitment', 'share_upward'],
  'skolebasert-vurdering': ['text', 'text', 'text', 'share_upward'],
  fellesskapssjekken: ['rating', 'rating', 'rating', 'rating', 'rating', 'rating', 'rating', 'rating'],
  'ledelse-for-laering': ['text', 'text', 'text', 'text', 'commitment'],
  'den-laerende-skolen': ['text', 'text', 'text', 'text', 'commitment'],
  forpliktelse: ['commitment'],
  kollegabesok: ['text', 'text', 'commitment'],
  feiring: ['share_upward'],
};

/** Step-key prefix per programme: p1–p8, then m1–m3. */
const expectedPrefix: Record<string, string> = {
  'elevene-vare': 'p1',
  undersokelsessyklusen: 'p2',
  'fire-sporsmal': 'p3',
  datasamtalen: 'p4',
  'skolebasert-vurdering': 'p5',
  fellesskapssjekken: 'p6',
  'ledelse-for-laering': 'p7',
  'den-laerende-skolen': 'p8',
  forpliktelse: 'm1',
  kollegabesok: 'm2',
  feiring: 'm3',
};

describe('the programme library', () => {
  it('holds P1–P8 and then M1–M3, in that order', () => {
    expect([...builtinProgrammes.keys()]).toEqual(Object.keys(expectedKinds));
  });

  it('marks exactly the three micro-routines as micro-routines', () => {
    expect([...microRoutineKeys].sort()).toEqual(['feiring', 'forpliktelse', 'kollegabesok']);
    for (const key of microRoutineKeys) expect(getBuiltinProgramme(key)).toBeDefined();
  });

  it.each(Object.entries(expectedKinds))('%s has the expected step count and kinds', (key, kinds) => {
    const programme = getBuiltinProgramme(key)!;
    expect(programme).toBeDefined();
    expect(programme.steps.map((s) => s.kind)).toEqual(kinds);
    expect(programme.steps.map((s) => s.key)).toEqual(
      kinds.map((_, i) => `${expectedPrefix[key]}-w${i + 1}`),
    );
  });

  it.each(programmes.map((p) => [p.key, p] as const))(
    '%s explains why in every locale, with nynorsk of its own',
    (_key, programme) => {
      for (const locale of LOCALES) {
        expect(programme.why[locale].trim(), locale).not.toBe('');
      }
      expect(programme.why.nn).not.toBe(programme.why.nb);
    },
  );

  it.each(programmes.map((p) => [p.key, p] as const))(
    '%s has no Markdown and no stray whitespace',
    (_key, programme) => {
      const texts = [
        programme.title,
        programme.summary,
        programme.why,
        ...programme.steps.map((s) => s.question),
      ];
      for (const text of texts) {
        for (const locale of LOCALES) {
          expect(text[locale], locale).not.toMatch(/[*_`#]|\]\(/);
          expect(text[locale], locale).toBe(text[locale].trim());
        }
      }
    },
  );

  it('has step keys that are unique across the whole library', () => {
    const keys = [...builtinProgrammes.values()].flatMap((p) => p.steps.map((s) => s.key));
    expect(keys).toHaveLength(Object.values(expectedKinds).flat().length);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('has P7 as its only leadership programme', () => {
    const leadership = programmes.filter((p) => p.audience === 'leadership').map((p) => p.key);
    expect(leadership).toEqual(['ledelse-for-laering']);
    expect(programmes.filter((p) => p.audience !== 'team' && p.audience !== 'leadership')).toEqual([]);
  });

  it('marks P3 and the micro-routines as repeatable, and no other programme', () => {
    const repeatable = programmes.filter((p) => p.repeatable).map((p) => p.key);
    expect(repeatable.sort()).toEqual(['feiring', 'fire-sporsmal', 'forpliktelse', 'kollegabesok']);
  });

  it('closes every programme except P6, P7 and the micro-routines with a commitment or share-upward step', () => {
    const exempt = new Set(['fellesskapssjekken', 'ledelse-for-laering', ...microRoutineKeys]);
    const closing = programmes.filter((p) => !exempt.has(p.key));
    expect(closing.map((p) => p.key)).toEqual([
      'elevene-vare',
      'undersokelsessyklusen',
      'fire-sporsmal',
      'datasamtalen',
      'skolebasert-vurdering',
      'den-laerende-skolen',
    ]);
    for (const programme of closing) {
      expect(
        programme.steps.some((s) => s.kind === 'commitment' || s.kind === 'share_upward'),
        programme.key,
      ).toBe(true);
    }
  });

  it('shows P6 ratings only as a team aggregate, and says so', () => {
    const p6 = getBuiltinProgramme('fellesskapssjekken')!;
    expect(p6.why.en).toContain('only as a team aggregate');
    expect(p6.why.nb).toContain('vises bare samlet');
    expect(p6.why.nn).toContain('berre viste samla');
    expect(p6.steps.every((s) => s.question.nb.includes(': '))).toBe(true);
  });

  it('says plainly that a peer visit is not appraisal', () => {
    const m2 = getBuiltinProgramme('kollegabesok')!;
    expect(m2.summary.en).toContain('not appraisal');
    expect(m2.summary.nb).toContain('ikke vurdering av lærerne');
    expect(m2.summary.nn).toContain('ikkje vurdering av lærarane');
  });

  it('uses the reference wording for the first and last questions of P2–P8', () => {
    const firstAndLast: Record<string, [string, string]> = {
      undersokelsessyklusen: [
        'What do our pupils need to learn to reach an important goal, and what can they already do?',
        'Continue, adjust or stop? What is the next cycle?',
      ],
      'fire-sporsmal': [
        'What is the most important learning this period? Agree on 1–3 learning goals.',
        'How will we extend learning for those who have mastered it? What do we take into the next period?',
      ],
      datasamtalen: [
        'Which norms will we use for our data conversations?',
        'How will we measure whether the plan works, short and long term?',
      ],
      'skolebasert-vurdering': [
        'What have we succeeded with this term? Give one concrete example.',
        'How will we do it: goals, measures, responsibility? What do we want to share with leadership and for the status report?',
      ],
      fellesskapssjekken: [
        'Shared values and vision: what do we agree good learning is?',
        'Mutual trust: what makes it safe, or unsafe, to share uncertainty here?',
      ],
      'ledelse-for-laering': [
        'Goals and expectations: are our goals few, clear and understood by teams? How do we know?',
        'Orderly environment and relational trust: what prevents honest talk about practice, and what will we change?',
      ],
      'den-laerende-skolen': [
        'Personal mastery: what do you want to get better at this year, and why does it matter for pupils?',
        'Systems thinking: which of our measures work against each other? Where is the best leverage point?',
      ],
    };
    for (const [key, [first, last]] of Object.entries(firstAndLast)) {
      const programme = getBuiltinProgramme(key)!;
      expect(programme.steps[0]!.question.en, key).toBe(first);
      expect(programme.steps.at(-1)!.question.en, key).toBe(last);
    }
    expect(getBuiltinProgramme('undersokelsessyklusen')!.steps[3]!.question.nb).toBe(
      'Hva trenger vi å lære? Hvor henter vi ny kunnskap (kollega, forskning, kurs)?',
    );
    expect(getBuiltinProgramme('den-laerende-skolen')!.steps[4]!.question.nb).toBe(
      'Systemtenkning: Hvilke av våre tiltak motvirker hverandre? Hvor er det beste «vippepunktet»?',
    );
  });
});

describe('stepAt and isLastStep', () => {
  const p1 = getBuiltinProgramme('elevene-vare')!;

  it('returns steps by zero-based index and undefined outside the range', () => {
    expect(stepAt(p1, 0)?.key).toBe('p1-w1');
    expect(stepAt(p1, 5)?.key).toBe('p1-w6');
    expect(stepAt(p1, 6)).toBeUndefined();
    expect(stepAt(p1, -1)).toBeUndefined();
    expect(stepAt(p1, 1.5)).toBeUndefined();
  });

  it('recognises only the final index as the last step', () => {
    expect(isLastStep(p1, 5)).toBe(true);
    expect(isLastStep(p1, 4)).toBe(false);
    expect(isLastStep(p1, 6)).toBe(false);
    expect(isLastStep({ ...p1, steps: [] }, -1)).toBe(false);
  });
});
