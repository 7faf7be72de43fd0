import { describe, expect, it } from 'vitest';
import { buildAnswerForm, parseAnswer } from '../../../src/core/loop/answer-form.ts';
import { aggregateRatings, parseRating } from '../../../src/core/loop/rating.ts';

describe('ratings', () => {
  it('are shown as an average only when enough have rated, and never for fewer than 3', () => {
    expect(aggregateRatings([4, 5, 3, 4], 5)).toEqual({ shown: false, count: 4, needed: 5 });
    expect(aggregateRatings([4, 5, 3, 4, 3], 5)).toEqual({ shown: true, average: 3.8, count: 5 });
    // A misconfigured minimum of 1 is raised to the floor: one rating must never be shown as "the average".
    expect(aggregateRatings([2], 1)).toEqual({ shown: false, count: 1, needed: 3 });
    expect(aggregateRatings([2, 3, 4], 3)).toMatchObject({ shown: true, average: 3 });
  });

  it('accept only a whole 1–5', () => {
    expect(['1', ' 5 ', ['3']].map(parseRating)).toEqual([1, 5, 3]);
    expect(['0', '6', '2.5', '', 'fem', undefined].map(parseRating)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('a rating step’s form asks for 1–5, the comment optional, and refuses a missing rating or an identity number', () => {
    const form = buildAnswerForm({
      locale: 'nn',
      cycleId: 'c1',
      question: 'Felles verdiar?',
      kind: 'rating',
    });
    expect(form.inputs.map((i) => [i.id, i.type, i.required ?? false])).toEqual([
      ['rating', 'select', true],
      ['body', 'text', false],
    ]);
    expect(form.inputs[0]!.type === 'select' && form.inputs[0]!.options.at(-1)!.label).toBe(
      '5 – stemmer heilt',
    );
    expect(parseAnswer({ rating: '4', body: '' }, 'nb', 'rating')).toEqual({
      ok: true,
      value: { rating: 4, body: null },
    });
    const missing = parseAnswer({ body: 'fint' }, 'nb', 'rating');
    expect(missing.ok || missing.errors).toEqual({ rating: 'Velg et tall fra 1 til 5.' });
    const pii = parseAnswer({ rating: '3', body: 'Eleven 01819010001' }, 'nb', 'rating');
    expect(pii.ok || pii.identityNumberBlocked).toBe(true);
    // A text step still needs its text.
    expect(parseAnswer({ body: '' }, 'nb').ok).toBe(false);
  });
});
