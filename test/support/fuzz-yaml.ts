import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { builtinProgrammes } from '../../src/core/programmes/index.ts';
import { applyMutations, edgeString, mutation, pathsOf } from './fuzz-arbitraries.ts';

/**
 * Generators for the YAML files Refleks reads (organisation, custom programme, school calendar):
 * valid files of random content and mutations of a valid file's value. Text-level damage, aliases
 * and deep nesting are in fuzz-yaml-text.ts. See test/fuzz/yaml-loaders.test.ts and
 * org-apply-rejected.test.ts.
 */

const repoFile = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
export const DEMO_ORG_TEXT = repoFile('src/app/demo/demo-org.yaml');
export const PROGRAMME_TEXT = repoFile('programmes/example-lesing.yaml');
export const CALENDAR_TEXT = repoFile('calendars/oslo-2026-27.yaml');

const DEMO = parse(DEMO_ORG_TEXT) as {
  owner: { key: string };
  schools: { key: string }[];
  teams: { key: string }[];
  people: { email: string }[];
};

/** A valid key, often one the demo file already uses (so an apply updates rows, not only inserts). */
export const orgKey = (existing: string[] = []): fc.Arbitrary<string> =>
  fc.oneof(
    fc.stringMatching(/^[a-z0-9]{1,6}(-[a-z0-9]{1,4}){0,2}$/),
    ...(existing.length ? [fc.constantFrom(...existing)] : []),
  );

/** Text the schema accepts as a name: not blank after trimming; no NUL (the database refuses it). */
export const validName: fc.Arbitrary<string> = fc
  .oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 24 }), edgeString(24))
  .filter((s) => s.trim().length > 0 && !s.includes('\u0000'));

const weekday = fc.constantFrom('monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'mon', 'thu', 'fri');
const clock = fc.stringMatching(/^([01]\d|2[0-3]):[0-5]\d$/);
const programmeKey = fc.constantFrom(...builtinProgrammes.keys());

/** A valid organisation file as a JS object: references resolve, keys, e-mails and channels are unique. */
export const validOrgObject: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    owner: fc.record({ key: orgKey([DEMO.owner.key]), name: validName }),
    schools: fc.uniqueArray(
      fc.record({
        key: orgKey(DEMO.schools.map((s) => s.key)),
        name: validName,
        locale: fc.constantFrom('nb', 'nn', 'en'),
        timezone: fc.constantFrom('Europe/Oslo', 'UTC', 'America/New_York'),
      }),
      { minLength: 1, maxLength: 3, selector: (s) => s.key },
    ),
    teams: fc.uniqueArray(
      fc.record({
        key: orgKey(DEMO.teams.map((t) => t.key)),
        name: validName,
        school: fc.nat(),
        programme: programmeKey,
        schedule: fc.record({ weekday, time: clock }),
        binding: fc.constantFrom('none', 'slack', 'teams'),
        channel: validName,
      }),
      { maxLength: 4, selector: (t) => t.key },
    ),
    people: fc.uniqueArray(
      fc.record({
        email: fc.oneof(
          fc.constantFrom(...DEMO.people.map((p) => p.email)),
          fc.stringMatching(/^[a-z]{1,8}@[a-z]{1,6}\.no$/),
        ),
        name: validName,
        account: fc.constantFrom('none', 'slack', 'teams'),
        user: validName,
        roles: fc.array(
          fc.record({
            role: fc.constantFrom('member', 'team_lead', 'department_head', 'rector', 'school_owner'),
            at: fc.nat(),
          }),
          { maxLength: 3 },
        ),
      }),
      { maxLength: 6, selector: (p) => p.email },
    ),
  })
  .map(({ owner, schools, teams, people }) => {
    const pick = <T>(list: T[], i: number) => list[i % list.length] as T;
    const schoolKeys = schools.map((s) => s.key);
    const teamKeys = teams.map((t) => t.key);
    return {
      owner,
      schools,
      teams: teams.map(({ binding, channel, school, ...t }, i) => ({
        ...t,
        school: pick(schoolKeys, school),
        ...(binding === 'slack' ? { slack: { team_id: 'T1', channel_id: `${channel}#${i}` } } : {}),
        ...(binding === 'teams' ? { teams: { conversation_id: `${channel}#${i}` } } : {}),
      })),
      people: people.map(({ account, user, roles, ...p }, i) => ({
        ...p,
        ...(account === 'slack' ? { slack: { team_id: 'T1', user_id: `${user}#${i}` } } : {}),
        ...(account === 'teams' ? { teams: { aad_object_id: `${user}#${i}` } } : {}),
        roles: roles.map(({ role, at }) => {
          if ((role === 'member' || role === 'team_lead') && teamKeys.length)
            return { role, team: pick(teamKeys, at) };
          if (role === 'department_head' && teamKeys.length) return { role, teams: [pick(teamKeys, at)] };
          if (role === 'department_head' || role === 'rector') return { role, school: pick(schoolKeys, at) };
          return { role: 'school_owner' };
        }),
      })),
    };
  });

/** How the YAML is written: block or flow style, plain or quoted strings. */
export const yamlStyle = fc.constantFrom(
  {},
  { defaultStringType: 'QUOTE_DOUBLE' as const },
  { collectionStyle: 'flow' as const },
  { indent: 4, defaultKeyType: 'PLAIN' as const },
);

export const toYaml = (value: unknown, style: object = {}) =>
  stringify(value, { aliasDuplicateObjects: false, ...style });

/** A key with one letter doubled, dropped or changed: the typos an admin makes. */
function typo(key: string, at: number, letter: string): string {
  const i = at % (key.length + 1);
  return [key.slice(0, i) + letter + key.slice(i), key.slice(0, i) + key.slice(i + 1), key.toUpperCase()][
    at % 3
  ] as string;
}

/** A valid value with fields dropped, retyped, stringified, wrapped, or a key misspelt. */
export function damaged(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      valid,
      fc.array(mutation, { minLength: 1, maxLength: 3 }),
      fc.nat(),
      fc.constantFrom('s', 'e', '_', 'x'),
      fc.boolean(),
    )
    .map(([value, mutations, at, letter, rename]) => {
      const copy = applyMutations(value, mutations);
      if (!rename) return copy;
      const objects = pathsOf(copy).filter((path) => typeof path[path.length - 1] === 'string');
      const path = objects[at % Math.max(1, objects.length)];
      if (!path) return copy;
      let parent: unknown = copy;
      for (const seg of path.slice(0, -1))
        parent = parent && typeof parent === 'object' ? (parent as Record<string, unknown>)[seg] : undefined;
      const key = path[path.length - 1] as string;
      if (parent && typeof parent === 'object' && key in parent) {
        const record = parent as Record<string, unknown>;
        record[typo(key, at, letter)] = record[key];
        delete record[key];
      }
      return copy;
    });
}
