import { t } from '../i18n/index.ts';
import type { Locale } from '../locale.ts';
import { type PrivacyWarning, privacyWarnings } from './warnings.ts';

const PHRASE = {
  email: 'privacy.hint.email',
  phone: 'privacy.hint.phone',
  pupil_name: 'privacy.hint.pupilName',
  special_category: 'privacy.hint.specialCategory',
} as const;

function phrase(locale: Locale, warning: PrivacyWarning): string {
  return warning.kind === 'special_category'
    ? t(locale, PHRASE.special_category, { terms: warning.terms.join(', ') })
    : t(locale, PHRASE[warning.kind]);
}

/**
 * The soft warning after something was saved: what the text seems to hold, by kind (and the
 * special-category words, which are not personal data themselves), and how to rewrite it. Never the
 * address, number or name it found.
 */
export function privacyHint(
  locale: Locale,
  texts: readonly (string | null | undefined)[],
): { text: string; kinds: PrivacyWarning['kind'][] } | null {
  const warnings = privacyWarnings(texts.filter(Boolean).join('\n'));
  if (!warnings.length) return null;
  const list = warnings.map((w) => phrase(locale, w)).join('; ');
  return {
    text: `${t(locale, 'privacy.hint.intro')} ${list}. ${t(locale, 'privacy.hint.rewrite')}`,
    kinds: warnings.map((w) => w.kind),
  };
}
