import { datasamtalen } from './builtin/datasamtalen.ts';
import { denLaerendeSkolen } from './builtin/den-laerende-skolen.ts';
import { eleveneVare } from './builtin/elevene-vare.ts';
import { fellesskapssjekken } from './builtin/fellesskapssjekken.ts';
import { fireSporsmal } from './builtin/fire-sporsmal.ts';
import { ledelseForLaering } from './builtin/ledelse-for-laering.ts';
import { feiring, forpliktelse, kollegabesok } from './builtin/micro-routines.ts';
import { skolebasertVurdering } from './builtin/skolebasert-vurdering.ts';
import { undersokelsessyklusen } from './builtin/undersokelsessyklusen.ts';
import type { Programme } from './model.ts';

const microRoutines: readonly Programme[] = [forpliktelse, kollegabesok, feiring];

/** P1–P8, then the micro-routines M1–M3. */
const all: readonly Programme[] = [
  eleveneVare,
  undersokelsessyklusen,
  fireSporsmal,
  datasamtalen,
  skolebasertVurdering,
  fellesskapssjekken,
  ledelseForLaering,
  denLaerendeSkolen,
  ...microRoutines,
];

/** Built-in programmes by key, in library order (P1–P8, then M1–M3). */
export const builtinProgrammes: ReadonlyMap<string, Programme> = new Map(all.map((p) => [p.key, p]));

/** Keys of the short micro-routines (M1–M3) that any programme can insert. */
export const microRoutineKeys: ReadonlySet<string> = new Set(microRoutines.map((p) => p.key));

export function getBuiltinProgramme(key: string): Programme | undefined {
  return builtinProgrammes.get(key);
}
