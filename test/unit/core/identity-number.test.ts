import { describe, expect, it } from 'vitest';
import { containsIdentityNumber, isIdentityNumber } from '../../../src/core/pii/identity-number.ts';

// Synthetic numbers only (month + 80), computed by hand from the rules in the reference.
const SYNTHETIC = '01819010001';
const SYNTHETIC_D_NUMBER = '41819010186';
const SYNTHETIC_NEW_RULE_2032 = '01819010028';

// The reference's rules, written out again so the tests do not lean on the code under test.
const K1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const K2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
const weighted = (digits: string, weights: number[]) =>
  weights.reduce((sum, w, i) => sum + w * Number(digits[i]), 0);

/** k = 11 − (sum mod 11); 11 → 0; 10 → no valid digit. */
function checkDigit(sum: number): number | null {
  const k = 11 - (sum % 11);
  return k === 11 ? 0 : k === 10 ? null : k;
}

/** Digits 1–10 and their k2, or null when k2 would be 10. */
function withK2(ten: string): string | null {
  const k2 = checkDigit(weighted(ten, K2));
  return k2 === null ? null : `${ten}${k2}`;
}

/** Birth date and individual number with classic check digits, or null when k1 or k2 would be 10. */
function classic(nine: string): string | null {
  const k1 = checkDigit(weighted(nine, K1));
  return k1 === null ? null : withK2(`${nine}${k1}`);
}

/** A k1 whose sum over digits 1–10 (weight 1 on k1) leaves `remainders` mod 11; 0 is the classic k1. */
function withK1Remainder(nine: string, remainders: number[]): string | null {
  for (let k1 = 0; k1 <= 9; k1++) {
    const number = withK2(`${nine}${k1}`);
    if (number && remainders.includes((weighted(nine, K1) + k1) % 11)) return number;
  }
  return null;
}

/** The first individual number (100–199) that gives this birth date valid classic check digits. */
function classicFor(birth: string): string {
  for (let individual = 100; individual < 200; individual++) {
    const number = classic(`${birth}${individual}`);
    if (number) return number;
  }
  throw new Error(`no classic number for ${birth}`);
}

/** A number the guard must accept: never one that could be a real person's (month + 40 or + 80). */
function safe(number: string | null): string {
  if (!number) throw new Error('no valid check digits');
  if (Number(number.slice(2, 4)) < 41) throw new Error(`${number} could be a real person's number`);
  return number;
}

const spaced = (n: string, separator: string) => `${n.slice(0, 6)}${separator}${n.slice(6)}`;

describe('identity number guard', () => {
  it('accepts valid synthetic, D- and 2032-rule numbers', () => {
    expect(isIdentityNumber(SYNTHETIC)).toBe(true);
    expect(isIdentityNumber(SYNTHETIC_D_NUMBER)).toBe(true);
    expect(isIdentityNumber(SYNTHETIC_NEW_RULE_2032)).toBe(true);
  });

  it('rejects a wrong check digit and an impossible date', () => {
    expect(isIdentityNumber('01819010002')).toBe(false);
    expect(isIdentityNumber('32819010001')).toBe(false);
    expect(isIdentityNumber('0181901000')).toBe(false);
  });

  it('finds a number in text, also with a space or dot after the birth date', () => {
    expect(containsIdentityNumber(`Eleven har nr ${SYNTHETIC} i systemet`)).toBe(true);
    expect(containsIdentityNumber('Se 018190 10001 her')).toBe(true);
    expect(containsIdentityNumber('Se 018190.10001 her')).toBe(true);
  });

  it('the helper agrees with the hand-computed numbers', () => {
    expect(classic('018190100')).toBe(SYNTHETIC);
    expect(classic('418190101')).toBe(SYNTHETIC_D_NUMBER);
    expect(withK1Remainder('018190100', [2])).toBe(SYNTHETIC_NEW_RULE_2032);
  });

  it('accepts synthetic, D-, H- and combined numbers at the edges of their date offsets', () => {
    for (const birth of [
      '018190', // synthetic, 1 January 1990
      '319290', // synthetic, last day of the last month
      '154190', // H-number, month + 40
      '315290', // H-number, December
      '418190', // D-number on a synthetic number: day + 40
      '718190', // D-number, day 31
      '514290', // D-number on an H-number
    ]) {
      const number = safe(classicFor(birth));
      expect(isIdentityNumber(number), number).toBe(true);
      expect(containsIdentityNumber(`nr ${number}`), number).toBe(true);
    }
  });

  it('accepts a number valid only by the 2032 rule, also where the classic k1 would be 10', () => {
    const newRule = safe(withK1Remainder('018190100', [1, 3]));
    expect(classic(newRule.slice(0, 9))?.[9]).not.toBe(newRule[9]);
    expect(isIdentityNumber(newRule)).toBe(true);

    const noClassicK1 = '018190106'; // weighted sum leaves 1: classic k1 = 10
    expect(classic(noClassicK1)).toBeNull();
    const rescued = safe(withK1Remainder(noClassicK1, [1, 2, 3]));
    expect(isIdentityNumber(rescued)).toBe(true);
  });

  it('rejects a number that fails both the classic and the 2032 rule, even with a right k2', () => {
    const failing = [4, 5, 6, 7, 8, 9, 10]
      .map((remainder) => withK1Remainder('018190100', [remainder]))
      .filter((n): n is string => n !== null);
    expect(failing.length).toBeGreaterThan(3);
    for (const number of failing) expect(isIdentityNumber(number), number).toBe(false);
    expect(isIdentityNumber(`${SYNTHETIC.slice(0, 10)}${(Number(SYNTHETIC[10]) + 1) % 10}`)).toBe(false);
  });

  it('rejects impossible dates even when both check digits are right', () => {
    for (const birth of [
      '328190', // day 32
      '008190', // day 00
      '728190', // D-number day 32
      '408190', // D-number day 00
      '011390', // month 13
      '010090', // month 00
      '015390', // H-number month 13
      '018090', // synthetic month 00
      '019390', // synthetic month 13
    ]) {
      const number = classicFor(birth);
      expect(isIdentityNumber(number), number).toBe(false);
      expect(containsIdentityNumber(`nr ${number}`), number).toBe(false);
    }
  });

  it('finds a number in bokmål and nynorsk sentences, spaced, dotted and next to punctuation', () => {
    const h = safe(classicFor('154190'));
    for (const text of [
      `Fødselsnummeret til eleven er ${SYNTHETIC}, ikke del det.`,
      `Eleven sitt fødselsnummer er ${spaced(h, ' ')} og står i mappa.`,
      `Ho har D-nummer ${spaced(SYNTHETIC_D_NUMBER, '.')}.`,
      `(${SYNTHETIC})`,
      `nr.${SYNTHETIC},`,
      `«${h}»`,
      `fnr:${SYNTHETIC_NEW_RULE_2032}`,
      `${SYNTHETIC}\nneste linje`,
    ]) {
      expect(containsIdentityNumber(text), text).toBe(true);
    }
  });

  it('finds a number pasted with a no-break space, a narrow no-break space or a hyphen after the date', () => {
    expect(containsIdentityNumber('Se 018190\u00a010001 her')).toBe(true);
    expect(containsIdentityNumber('Se 018190\u202f10001 her')).toBe(true);
    expect(containsIdentityNumber('Se 018190-10001 her')).toBe(true);
    // Two separators are not one number.
    expect(containsIdentityNumber('Se 018190 - 10001 her')).toBe(false);
  });

  it('checks every number in a text, not only the first', () => {
    const wrong = `${SYNTHETIC.slice(0, 10)}9`;
    expect(containsIdentityNumber(`Feil: ${wrong}, rett: ${SYNTHETIC}`)).toBe(true);
    expect(containsIdentityNumber(`${SYNTHETIC} ${SYNTHETIC_D_NUMBER}`)).toBe(true);
    expect(containsIdentityNumber(`Feil: ${wrong} og ${classicFor('328190')}`)).toBe(false);
  });

  it('does not flag a valid number inside a longer digit run', () => {
    for (const text of [
      `${SYNTHETIC}9`,
      `${SYNTHETIC}${SYNTHETIC}`,
      `1${spaced(SYNTHETIC, ' ')}`,
      `${spaced(SYNTHETIC, ' ')}0`,
      `konto 12${SYNTHETIC_D_NUMBER}`,
    ]) {
      expect(containsIdentityNumber(text), text).toBe(false);
    }
    // The same number standing on its own is found, so the run is what kept it out.
    expect(containsIdentityNumber(`1 ${spaced(SYNTHETIC, ' ')} 0`)).toBe(true);
  });

  it('does not flag ordinary numbers or a number inside a longer digit run', () => {
    expect(containsIdentityNumber('Gruppen på 24 elever, mål 3 av 5, tlf 22334455')).toBe(false);
    expect(containsIdentityNumber(`9${SYNTHETIC}`)).toBe(false);
  });
});
