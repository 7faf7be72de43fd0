import fc from 'fast-check';

/**
 * Shared generators for the hostile-input property tests (test/fuzz): text that breaks naive
 * handling, values of the wrong type, and mutations of a well-formed payload that drop a field,
 * retype it or turn it into text.
 */

/** Single units that have broken text handling somewhere: controls, lone surrogates, bidi, joiners. */
export const EDGE_UNITS = [
  '\u0000',
  '\u0001',
  '\u001b',
  '\u007f',
  '\uD800',
  '\uDBFF',
  '\uDC00',
  '\uDFFF',
  '\u200B',
  '\u200C',
  '\u200D',
  '\u200E',
  '\u200F',
  '\u202A',
  '\u202B',
  '\u202E',
  '\u2066',
  '\u2069',
  '\uFEFF',
  '\uFFFD',
  '\uFFFF',
  '\u2028',
  '\u2029',
  '\u0085',
  '\u00A0',
  '\t',
  '\r',
  '\n',
  '\r\n',
  'e\u0301',
  '\u0301',
  '👩‍👩‍👧‍👦',
  '🇳🇴',
  '🏳️‍🌈',
  '😀',
  '𝕏',
  'ﷺ',
  'שלום',
  'مرحبا',
  'ÆØÅæøå',
  'İ',
  'ß',
  'ﬀ',
  '<at>Refleks</at>',
  '<script>',
  '&amp;',
  '%00',
  '%',
  '+',
  '&',
  '=',
  '"',
  "'",
  '\\',
  '`',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a placeholder is hostile text here
  '${x}',
  '{{x}}',
  ':',
  '#',
  '*',
  '- ',
  '@here',
  '<!channel>',
  '<@UKARI>',
  ';messageid=',
  '__proto__',
  'constructor',
  ' ',
] as const;

export const edgeUnit: fc.Arbitrary<string> = fc.constantFrom(...EDGE_UNITS);

/** Mostly edge units, mixed with printable graphemes and arbitrary code points. */
export const edgeString = (maxLength = 40): fc.Arbitrary<string> =>
  fc.string({
    unit: fc.oneof(
      { arbitrary: edgeUnit, weight: 3 },
      { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), weight: 2 },
      { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 1 },
    ),
    maxLength,
  });

/** 1 KB to ~110 KB of one repeated unit. */
export const hugeString: fc.Arbitrary<string> = fc
  .tuple(fc.oneof(edgeUnit, fc.constantFrom('a', 'å', 'x y ')), fc.integer({ min: 1_000, max: 110_000 }))
  .map(([unit, length]) => unit.repeat(Math.max(1, Math.floor(length / unit.length))));

/** Any hostile text: edge-unit strings, plain strings, occasionally a huge one. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: edgeString(), weight: 6 },
  { arbitrary: fc.string(), weight: 2 },
  { arbitrary: hugeString, weight: 1 },
);

/** Keys a handler may look up (or be tricked by), and random ones. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'toString',
    'type',
    'event',
    'payload',
    'ssl_check',
    'user',
    'team',
    'view',
    'actions',
    'value',
    'id',
    'text',
    'formId',
    'verb',
    'data',
  ),
  edgeString(8),
);

/** Small JSON of any shape, with hostile strings in keys and values. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(0, -1, 1e308, -1e-308, 2 ** 53 + 1),
    edgeString(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** A value of some type, usually not the one a field expects. */
export const wrongTyped: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.constantFrom(0, -1, 1.5, 1e308, -0),
  fc.constant(''),
  hostileString,
  fc.constant([]),
  fc.constant({}),
  hostileJson,
);

/** JSON nested `depth` levels deep, as text (arrays or objects). */
export const deepJsonText: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 50, max: 20_000 }), fc.boolean())
  .map(([depth, objects]) =>
    objects ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`,
  );

type Path = (string | number)[];

/** Every path into a JSON value (objects and arrays), the value itself excluded. */
export function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (value === null || typeof value !== 'object') return out;
  for (const [key, child] of Object.entries(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    out.push(path);
    pathsOf(child, path, out);
  }
  return out;
}

export interface Mutation {
  at: number;
  op: 'set' | 'delete' | 'stringify' | 'wrap';
  value: unknown;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('set', 'delete', 'stringify', 'wrap'),
  value: wrongTyped,
});

/** Applies the mutations to a copy; a path whose parent was already replaced is left alone. */
export function applyMutations<T>(base: T, mutations: Mutation[]): T {
  const copy = structuredClone(base);
  const paths = pathsOf(base);
  if (!paths.length) return copy;
  for (const m of mutations) {
    const path = paths[m.at % paths.length] as Path;
    let parent: unknown = copy;
    for (const seg of path.slice(0, -1)) {
      parent =
        parent !== null && typeof parent === 'object' ? (parent as Record<string, unknown>)[seg] : null;
    }
    if (parent === null || typeof parent !== 'object') continue;
    const record = parent as Record<string | number, unknown>;
    const last = path[path.length - 1] as string | number;
    const old = record[last];
    if (m.op === 'delete') {
      if (Array.isArray(record) && typeof last === 'number') record.splice(last, 1);
      else delete record[last];
    } else if (m.op === 'stringify') record[last] = JSON.stringify(old) ?? 'undefined';
    else if (m.op === 'wrap') record[last] = [old];
    else record[last] = m.value;
  }
  return copy;
}

/** A well-formed base with one to four fields dropped, retyped, stringified or wrapped in a list. */
export function mutationsOf<T>(base: T): fc.Arbitrary<T> {
  return fc
    .array(mutation, { minLength: 1, maxLength: 4 })
    .map((mutations) => applyMutations(base, mutations));
}
