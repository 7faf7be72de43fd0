import fc from 'fast-check';
import { edgeString, hostileString } from './fuzz-arbitraries.ts';

/**
 * Text-level generators for the YAML loaders (test/fuzz/yaml-loaders.test.ts): damage to a valid
 * file's text, tabs and CRLF, anchors and aliases, deep nesting, and random structures made of the
 * words the schemas know. Value-level generators are in fuzz-yaml.ts.
 */

const YAML_TOKENS = [
  ':',
  ': ',
  '- ',
  '-',
  '{',
  '}',
  '[',
  ']',
  ',',
  '&a ',
  '*a',
  '*b',
  '&b ',
  '!!str ',
  '!!map ',
  '!!binary ',
  '!foo ',
  '? ',
  '|',
  '>',
  '#',
  '%YAML 1.1\n',
  '---\n',
  '...\n',
  '"',
  "'",
  '\t',
  '\n',
  '\n  ',
  '  ',
  '<<: ',
  '@',
  '`',
  '\\',
  'null',
  '~',
  '0x1F',
  '.inf',
  '1e999',
  'yes',
];

/** Valid YAML text with a few edits: YAML punctuation or hostile text inserted, a span deleted, a line doubled. */
export function damagedText(text: string): fc.Arbitrary<string> {
  const edit = fc.record({
    at: fc.nat(),
    drop: fc.nat({ max: 8 }),
    insert: fc.oneof(fc.constantFrom(...YAML_TOKENS), edgeString(6), hostileString),
    duplicateLine: fc.boolean(),
  });
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
    let out = text;
    for (const e of edits) {
      if (e.duplicateLine) {
        const lines = out.split('\n');
        const i = e.at % lines.length;
        lines.splice(i, 0, lines[i] as string);
        out = lines.join('\n');
        continue;
      }
      const i = e.at % (out.length + 1);
      out = out.slice(0, i) + e.insert + out.slice(i + e.drop);
    }
    return out;
  });
}

/** Indentation by tabs, and Windows line ends. */
export const withTabs = (text: string) => text.replace(/^( {2})+/gm, (m) => '\t'.repeat(m.length / 2));
export const withCrlf = (text: string) => text.replace(/\n/g, '\r\n');

/** Anchors used a few times each (well below any alias limit), at random places of a valid file. */
export const smallAliasText: fc.Arbitrary<string> = fc
  .tuple(
    fc.integer({ min: 1, max: 3 }),
    fc.integer({ min: 1, max: 3 }),
    fc.constantFrom('owner', 'schools', 'teams', 'people', 'calendars'),
  )
  .map(([width, depth, key]) => {
    const lines = ['a0: &a0 [x, y]'];
    for (let d = 1; d <= depth; d++)
      lines.push(
        `a${d}: &a${d} [${Array(width)
          .fill(`*a${d - 1}`)
          .join(', ')}]`,
      );
    lines.push(`${key}: *a${depth}`);
    return lines.join('\n');
  });

/** Billion laughs: nine anchors, each a list of nine aliases of the one before. */
export function billionLaughs(width = 9, depth = 9): string {
  const lines = [`a0: &a0 [${Array(width).fill('"lol"').join(', ')}]`];
  for (let d = 1; d <= depth; d++)
    lines.push(
      `a${d}: &a${d} [${Array(width)
        .fill(`*a${d - 1}`)
        .join(', ')}]`,
    );
  return lines.join('\n');
}

/** Nesting deep enough to exhaust a recursive parser, under a key the schema reads. */
export const deepYamlText: fc.Arbitrary<string> = fc
  .tuple(
    fc.integer({ min: 10, max: 4_000 }),
    fc.constantFrom('flow-list', 'flow-map', 'block-map', 'block-list'),
    fc.constantFrom('owner', 'teams', 'people', 'steps', 'holidays'),
  )
  .map(([depth, kind, key]) => {
    if (kind === 'flow-list') return `${key}: ${'['.repeat(depth)}${']'.repeat(depth)}`;
    if (kind === 'flow-map') return `${key}: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`;
    if (kind === 'block-map')
      return `${key}:\n${Array.from({ length: depth }, (_, i) => `${' '.repeat(i + 1)}a:`).join('\n')} 1`;
    return `${key}:\n${Array.from({ length: depth }, (_, i) => `${' '.repeat(2 * i)}-`).join('\n')} 1`;
  });

/** Words the three schemas know, to build random structures that get past the first checks. */
const VOCABULARY = [
  'owner',
  'schools',
  'teams',
  'people',
  'calendars',
  'programmes',
  'key',
  'name',
  'file',
  'school',
  'programme',
  'schedule',
  'weekday',
  'time',
  'roles',
  'role',
  'team',
  'email',
  'slack',
  'locale',
  'timezone',
  'working_hours',
  'days',
  'from',
  'to',
  'title',
  'summary',
  'why',
  'steps',
  'kind',
  'question',
  'nb',
  'nn',
  'en',
  'school_year',
  'first_day',
  'last_day',
  'holidays',
  'days_off',
  'planning_days',
  'date',
  'reminders',
  'after_hours',
  'min_group_size',
];
const LEAVES = [
  'thursday',
  '14:00',
  '25:00',
  'nb',
  'xx',
  'member',
  'department_head',
  'rector',
  'a@b.no',
  'not-an-email',
  'elevene-vare',
  '2026-27',
  '2026-08-17',
  '2026-02-30',
  'text',
  'rating',
  'Europe/Oslo',
  'Mars/Base',
  'weekly',
];

export const vocabularyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...LEAVES),
    fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.double(), edgeString(12)),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...VOCABULARY), edgeString(6)), tie('value'), { maxKeys: 6 }),
  ),
})).value;
