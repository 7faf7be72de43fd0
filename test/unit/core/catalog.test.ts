import { describe, expect, it } from 'vitest';
import { catalogs, placeholdersOf, t } from '../../../src/core/i18n/index.ts';
import { LOCALES } from '../../../src/core/locale.ts';

describe('message catalog', () => {
  const keys = Object.keys(catalogs.nb) as (keyof typeof catalogs.nb)[];

  it('has every key in every language, non-empty', () => {
    for (const locale of LOCALES) {
      expect(Object.keys(catalogs[locale]).sort()).toEqual([...keys].sort());
      for (const key of keys) expect(catalogs[locale][key].trim(), `${locale} ${key}`).not.toBe('');
    }
  });

  it('uses the same placeholders in every language', () => {
    for (const key of keys) {
      const expected = placeholdersOf(catalogs.nb[key]);
      for (const locale of LOCALES)
        expect(placeholdersOf(catalogs[locale][key]), `${locale} ${key}`).toEqual(expected);
    }
  });

  it('translates English for real, not by copying bokmål', () => {
    const same = keys.filter(
      (key) => catalogs.en[key] === catalogs.nb[key] && /[a-zæøå]{4}/i.test(catalogs.nb[key]),
    );
    // Words that are the same in both languages: "Send" is Norwegian imperative too, "Team" a loanword.
    const sameByNature = new Set(['dev.send', 'bind.form.label', 'bind.form.option']);
    expect(same.filter((k) => !sameByNature.has(k))).toEqual([]);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('en', 'prompt.progress', { answered: 2, expected: 3 })).toBe('2 of 3 have answered');
    expect(t('nn', 'prompt.progress', { answered: 2, expected: 3 })).toBe('2 av 3 har svart');
    expect(t('nb', 'prompt.progress', { answered: 2 })).toBe('2 av {expected} har svart');
  });
});
