import { eleveneVare } from './builtin/elevene-vare.ts';
import type { Programme } from './model.ts';

const all: readonly Programme[] = [eleveneVare];

/** Built-in programmes by key. */
export const builtinProgrammes: ReadonlyMap<string, Programme> = new Map(all.map((p) => [p.key, p]));

export function getBuiltinProgramme(key: string): Programme | undefined {
  return builtinProgrammes.get(key);
}
