import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { calendarFileSchema } from '../../src/app/calendars/schema.ts';
import { OrgFileError, parseOrgText, parseYamlText } from '../../src/app/org/index.ts';
import { programmeFileSchema } from '../../src/app/programmes/schema.ts';
import { RefleksError } from '../../src/core/errors.ts';
import { edgeString, hostileJson, hostileString, hugeString } from '../support/fuzz-arbitraries.ts';
import {
  CALENDAR_TEXT,
  DEMO_ORG_TEXT,
  damaged,
  PROGRAMME_TEXT,
  toYaml,
  validOrgObject,
  yamlStyle,
} from '../support/fuzz-yaml.ts';
import {
  billionLaughs,
  damagedText,
  deepYamlText,
  smallAliasText,
  vocabularyValue,
  withCrlf,
  withTabs,
} from '../support/fuzz-yaml-text.ts';

/**
 * The YAML loaders with hostile text (issue "Hostile input"): the organisation file, custom
 * programme files and school calendar files either parse or throw one OrgFileError (a RefleksError,
 * code org_invalid) whose every issue names the file, a line and a sentence. Never a TypeError, a
 * RangeError or a hang. Reading listed files from disk is in yaml-files.test.ts.
 */

type Kind = 'org' | 'programme' | 'calendar';
const FILE = { org: 'org.yaml', programme: 'programmes/p.yaml', calendar: 'calendars/c.yaml' } as const;
const LOAD: Record<Kind, (text: string) => unknown> = {
  org: (text) => parseOrgText(text, FILE.org),
  programme: (text) => parseYamlText(text, FILE.programme, programmeFileSchema),
  calendar: (text) => parseYamlText(text, FILE.calendar, calendarFileSchema),
};
const kind = fc.constantFrom<Kind>('org', 'programme', 'calendar');

/** Parses, or throws an OrgFileError that says where and what, in words. */
function parsesOrSaysWhy(kind: Kind, text: string): void {
  try {
    LOAD[kind](text);
  } catch (error) {
    if (!(error instanceof RefleksError)) {
      const e = error as Error;
      expect.fail(`${kind} loader threw ${e?.constructor?.name}: ${e?.message}`);
    }
    expect(error).toBeInstanceOf(OrgFileError);
    expect(error.code).toBe('org_invalid');
    const { issues } = error as OrgFileError;
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) {
      expect(issue.file).toBe(FILE[kind]);
      expect(issue.line).toBeGreaterThanOrEqual(0);
      expect(issue.column).toBeGreaterThanOrEqual(0);
      expect(issue.message.trim().length).toBeGreaterThan(0);
      expect(issue.message).not.toMatch(/\[object Object\]|got undefined|got NaN/);
    }
  }
}

const VALID: Record<Kind, string> = {
  org: DEMO_ORG_TEXT,
  programme: PROGRAMME_TEXT,
  calendar: CALENDAR_TEXT,
};

function readsBack(text: string): boolean {
  try {
    parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('YAML loaders with hostile input', () => {
  it('accept the repository’s own files and random valid organisation files', () => {
    for (const k of ['org', 'programme', 'calendar'] as const) LOAD[k](VALID[k]);
    fc.assert(
      fc.property(validOrgObject, yamlStyle, (org, style) => {
        const text = toYaml(org, style);
        // The yaml library cannot always read back what it wrote in flow style (a name like ":\n&"):
        // that is its round trip, not our loader, so such a text is not a valid file to test with.
        fc.pre(readsBack(text));
        LOAD.org(text);
      }),
      { numRuns: 200 },
    );
  });

  it('random text as a whole file: parse or a typed error', () => {
    const text = fc.oneof(hostileString, edgeString(200), fc.string({ unit: 'binary', maxLength: 300 }));
    fc.assert(
      fc.property(kind, text, (k, t) => parsesOrSaysWhy(k, t)),
      { numRuns: 400 },
    );
  });

  it('random structures serialised as YAML: parse or a typed error', () => {
    const value = fc.oneof(hostileJson, vocabularyValue);
    fc.assert(
      fc.property(kind, value, yamlStyle, (k, v, style) => parsesOrSaysWhy(k, toYaml(v, style))),
      { numRuns: 500 },
    );
  });

  it('a valid file with keys dropped, retyped, stringified or misspelt: parse or a typed error', () => {
    const damagedFile = fc.oneof(
      fc.tuple(fc.constant<Kind>('org'), damaged(validOrgObject)),
      fc.tuple(fc.constant<Kind>('org'), damaged(fc.constant(parse(DEMO_ORG_TEXT)))),
      fc.tuple(fc.constant<Kind>('programme'), damaged(fc.constant(parse(PROGRAMME_TEXT)))),
      fc.tuple(fc.constant<Kind>('calendar'), damaged(fc.constant(parse(CALENDAR_TEXT)))),
    );
    fc.assert(
      fc.property(damagedFile, yamlStyle, ([k, value], style) => parsesOrSaysWhy(k, toYaml(value, style))),
      { numRuns: 600 },
    );
  });

  it('a valid file’s text with punctuation inserted, spans deleted, lines doubled, tabs: parse or a typed error', () => {
    const edited = kind.chain((k) =>
      fc.tuple(
        fc.constant(k),
        fc.oneof(
          damagedText(VALID[k]),
          damagedText(VALID[k]).map(withTabs),
          fc.constant(withTabs(VALID[k])),
          damagedText(withCrlf(VALID[k])),
        ),
      ),
    );
    fc.assert(
      fc.property(edited, ([k, text]) => parsesOrSaysWhy(k, text)),
      { numRuns: 600 },
    );
  });

  it('aliases, deep nesting and huge strings: parse or a typed error, without hanging', () => {
    const text = fc.oneof(
      smallAliasText,
      deepYamlText,
      hugeString.map((s) => `owner: { key: a, name: ${JSON.stringify(s)} }`),
      hugeString.map((s) => `key: ${JSON.stringify(s)}\nname: x`),
      fc.integer({ min: 1, max: 3_000 }).map((n) => `owner: {key: a, name: b}\n${'x: 1\n'.repeat(n)}`),
    );
    fc.assert(
      fc.property(kind, text, (k, t) => parsesOrSaysWhy(k, t)),
      { numRuns: 100 },
    );
  });

  it('refuses billion laughs with an OrgFileError, not a ReferenceError from yaml', () => {
    for (const k of ['org', 'programme', 'calendar'] as const) parsesOrSaysWhy(k, billionLaughs());
  });

  it('refuses an alias to an undefined anchor with an OrgFileError', () => {
    parsesOrSaysWhy('org', 'owner: *typo');
  });
});
