import { describe, expect, it } from 'vitest';
import { containsIdentityNumber, isIdentityNumber } from '../../../src/core/pii/identity-number.ts';

// Synthetic numbers only (month + 80), computed by hand from the rules in the reference.
const SYNTHETIC = '01819010001';
const SYNTHETIC_D_NUMBER = '41819010186';
const SYNTHETIC_NEW_RULE_2032 = '01819010028';

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

  it('does not flag ordinary numbers or a number inside a longer digit run', () => {
    expect(containsIdentityNumber('Gruppen på 24 elever, mål 3 av 5, tlf 22334455')).toBe(false);
    expect(containsIdentityNumber(`9${SYNTHETIC}`)).toBe(false);
  });
});
