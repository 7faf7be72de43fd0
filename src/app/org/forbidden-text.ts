import { containsIdentityNumber } from '../../core/pii/identity-number.ts';
import type { OrgPath, PathIssue } from './errors.ts';

const IDENTITY_NUMBER =
  'looks like a national identity number (fødselsnummer or D number); Refleks never stores them: remove it';
const NUL = 'contains a NUL character (\\0), which a database text cannot hold: remove it';

/** A number written unquoted in YAML arrives as a number, and a leading zero is lost on the way. */
function candidates(value: number): string[] {
  const digits = String(value);
  return /^\d{10}$/.test(digits) ? [digits, `0${digits}`] : [digits];
}

function textIssue(text: string): string | null {
  if (containsIdentityNumber(text)) return IDENTITY_NUMBER;
  return text.includes('\u0000') ? NUL : null;
}

/**
 * Every place in a YAML file (organisation, calendar, programme) holding text that must not be
 * stored (an identity number) or cannot be (a NUL), keys included. The issue names the place, never
 * the value: the error goes to a terminal and a CI log, which must not hold an identity number either.
 */
export function forbiddenTextIssues(raw: unknown, path: OrgPath = []): PathIssue[] {
  if (typeof raw === 'string') {
    const message = textIssue(raw);
    return message ? [{ path, message }] : [];
  }
  if (typeof raw === 'number') {
    return candidates(raw).some(containsIdentityNumber) ? [{ path, message: IDENTITY_NUMBER }] : [];
  }
  if (Array.isArray(raw)) return raw.flatMap((item, i) => forbiddenTextIssues(item, [...path, i]));
  if (raw && typeof raw === 'object') {
    return Object.entries(raw).flatMap(([key, value]) => {
      const message = textIssue(key);
      return [...(message ? [{ path, key, message }] : []), ...forbiddenTextIssues(value, [...path, key])];
    });
  }
  return [];
}
