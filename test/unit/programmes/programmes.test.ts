import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../../src/core/locale.ts';
import {
  builtinProgrammes,
  getBuiltinProgramme,
  isLastStep,
  type Programme,
  stepAt,
} from '../../../src/core/programmes/index.ts';

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
    expect(p1.steps.filter((s) => s.kind !== 'commitment').every((s) => s.kind === 'text')).toBe(true);
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
