import type { Locale } from '../locale.ts';
import type { CatalogShape, MessageKey } from './catalog-shape.ts';
import { en } from './en.ts';
import { nb } from './nb.ts';
import { nn } from './nn.ts';

export const catalogs: Record<Locale, CatalogShape> = { nb, nn, en };

export type MessageParams = Record<string, string | number>;

/** Looks a text up and fills `{name}` placeholders; an unknown placeholder is left visible, not dropped. */
export function t(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  return catalogs[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The placeholders a text uses, for the catalog's consistency test. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string).sort();
}

export type { MessageKey };
