/**
 * Finds Norwegian national identity numbers (fødselsnummer, D-, H- and synthetic numbers) in free
 * text, so that they are refused before anything is stored. Rules: reference/privacy-and-calendar.md.
 * A bank account number will sometimes match; that is the accepted price of never storing a real one.
 */
// One separator after the birth date: a space or a dot (the reference), and also what pasting from a
// document or a form brings along: a no-break space, a narrow no-break space or a hyphen.
const CANDIDATE = /(?<!\d)(\d{6})[ .\u00a0\u202f-]?(\d{5})(?!\d)/g;

const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const K1_WEIGHTS_2032 = [3, 7, 6, 1, 8, 9, 4, 5, 2, 1];
const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

function weightedSum(digits: number[], weights: number[]): number {
  return weights.reduce((sum, w, i) => sum + w * (digits[i] ?? 0), 0);
}

function controlDigit(digits: number[], weights: number[]): number | null {
  const k = 11 - (weightedSum(digits, weights) % 11);
  if (k === 11) return 0;
  return k === 10 ? null : k;
}

function checksumsHold(digits: number[]): boolean {
  const k2 = controlDigit(digits, K2_WEIGHTS);
  if (k2 === null || k2 !== digits[10]) return false;
  const k1 = controlDigit(digits, K1_WEIGHTS);
  const classic = k1 !== null && k1 === digits[9];
  // From 2032 the first check digit only has to leave remainder 0–3 over digits 1–10.
  const from2032 = weightedSum(digits, K1_WEIGHTS_2032) % 11 <= 3;
  return classic || from2032;
}

function plausibleDate(digits: number[]): boolean {
  let day = (digits[0] ?? 0) * 10 + (digits[1] ?? 0);
  let month = (digits[2] ?? 0) * 10 + (digits[3] ?? 0);
  if (day > 40) day -= 40; // D-number
  if (month > 80)
    month -= 80; // synthetic test number
  else if (month > 40) month -= 40; // H-number
  return day >= 1 && day <= 31 && month >= 1 && month <= 12;
}

export function isIdentityNumber(elevenDigits: string): boolean {
  if (!/^\d{11}$/.test(elevenDigits)) return false;
  const digits = [...elevenDigits].map(Number);
  return plausibleDate(digits) && checksumsHold(digits);
}

/** True when the text holds something that must never be stored. */
export function containsIdentityNumber(text: string): boolean {
  for (const match of text.matchAll(CANDIDATE)) {
    if (isIdentityNumber(`${match[1]}${match[2]}`)) return true;
  }
  return false;
}

/** The text with every identity number in it replaced, for messages that quote what was typed. */
export function redactIdentityNumbers(text: string, replacement = '[identity number]'): string {
  return text.replace(CANDIDATE, (match, birth: string, rest: string) =>
    isIdentityNumber(`${birth}${rest}`) ? replacement : match,
  );
}
