import type { InboundResult } from '../../core/chat/port.ts';
import type { Locale } from '../../core/locale.ts';
import { privacyHint } from '../../core/pii/privacy-hint.ts';
import type { FormValues } from '../../core/ui/model.ts';
import { recordPiiBlock } from '../../db/repositories/events.ts';
import type { AppDeps } from '../deps.ts';

/** The words a person typed into a form: every text value, whatever the field. */
export function typedTexts(values: FormValues): string[] {
  return Object.values(values).filter((v): v is string => typeof v === 'string');
}

/**
 * After something was saved: if its words hold an e-mail address, a phone number, a pupil's name or
 * special-category words, the person gets a private hint to rewrite it (not a block), and the kind
 * and place are logged like a blocked identity number (never the words).
 */
export async function withPrivacyHint(
  deps: AppDeps,
  saved: InboundResult,
  input: { texts: (string | null | undefined)[]; place: string; teamId: string | null; locale: Locale },
): Promise<InboundResult> {
  const hint = privacyHint(input.locale, input.texts);
  if (!hint) return saved;
  for (const kind of hint.kinds) {
    await recordPiiBlock(deps.db, { kind: `${kind}_warning`, place: input.place, teamId: input.teamId });
  }
  const text = saved.type === 'notice' ? `${saved.text}\n\n${hint.text}` : hint.text;
  return { type: 'notice', text, private: true };
}
