import { isLocale, type Locale } from '../core/locale.ts';

/** The person's own choice wins, then the team's, then the school's. */
export function resolveLocale(...choices: (string | null | undefined)[]): Locale {
  for (const choice of choices) if (isLocale(choice)) return choice;
  return 'nb';
}
