import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadOrgFile, OrgFileError } from '../../src/app/org/index.ts';
import { edgeString, hostileString } from '../support/fuzz-arbitraries.ts';
import { CALENDAR_TEXT, damaged, PROGRAMME_TEXT, toYaml, validOrgObject } from '../support/fuzz-yaml.ts';
import { damagedText } from '../support/fuzz-yaml-text.ts';

/**
 * loadOrgFile with the calendar and programme files an organisation file lists, as they may be on
 * disk: valid, damaged, empty, binary, missing, a directory, a path no file system takes. It resolves,
 * or rejects with one OrgFileError naming files that are really involved; nothing else escapes.
 */

let dir: string;
let n = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'refleks-fuzz-files-'));
  mkdirSync(join(dir, 'a-directory.yaml'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CALENDAR = parse(CALENDAR_TEXT) as { key: string };
const PROGRAMME = parse(PROGRAMME_TEXT) as { key: string };

type Listed = {
  kind: 'calendar' | 'programme';
  key: string;
  file: string;
  content: string | Uint8Array | null;
};

/** One listed file: what the entry says, and what (if anything) is on disk under that name. */
const listedFile = fc
  .record({
    kind: fc.constantFrom('calendar' as const, 'programme' as const),
    key: fc.oneof(fc.constant('own-key'), fc.stringMatching(/^[a-z]{1,6}$/)),
    name: fc.oneof(
      fc.stringMatching(/^[a-z]{1,8}\.yaml$/),
      edgeString(10).map((s) => `${s}.yaml`),
    ),
    disk: fc.constantFrom(
      'valid',
      'damaged',
      'damaged text',
      'empty',
      'binary',
      'hostile',
      'missing',
      'directory',
      'nul path',
    ),
    damage: fc.nat(),
  })
  .chain((f) => {
    const valid = f.kind === 'calendar' ? CALENDAR_TEXT : PROGRAMME_TEXT;
    const content: fc.Arbitrary<string | Uint8Array | null> =
      f.disk === 'valid'
        ? fc.constant(valid)
        : f.disk === 'damaged'
          ? damaged(fc.constant(parse(valid))).map((v) => toYaml(v))
          : f.disk === 'damaged text'
            ? damagedText(valid)
            : f.disk === 'empty'
              ? fc.constant('')
              : f.disk === 'binary'
                ? fc.uint8Array({ maxLength: 200 })
                : f.disk === 'hostile'
                  ? hostileString
                  : fc.constant(null);
    return content.map((c): Listed => {
      const ownKey = f.kind === 'calendar' ? CALENDAR.key : PROGRAMME.key;
      const file =
        f.disk === 'directory'
          ? 'a-directory.yaml'
          : f.disk === 'nul path'
            ? `x\u0000${f.name}`
            : `f${++n}-${f.name.replace(/[/\\]/g, '_')}`;
      return { kind: f.kind, key: f.key === 'own-key' ? ownKey : f.key, file, content: c };
    });
  });

describe('loadOrgFile with hostile listed files', () => {
  it('resolves, or rejects with one OrgFileError; nothing else escapes', async () => {
    await fc.assert(
      fc.asyncProperty(validOrgObject, fc.array(listedFile, { maxLength: 4 }), async (org, listed) => {
        const written: string[] = [];
        for (const f of listed) {
          if (f.content === null || f.file.includes('\u0000')) continue;
          try {
            writeFileSync(join(dir, f.file), f.content);
            written.push(f.file);
          } catch {
            // A name this file system will not take is a missing file to the loader.
          }
        }
        // Keys must be unique in the organisation file itself: one entry per key (the last).
        const entries = (kind: Listed['kind']) => [
          ...new Map(
            listed.filter((f) => f.kind === kind).map((f) => [f.key, { key: f.key, file: f.file }]),
          ).values(),
        ];
        const orgPath = join(dir, `org-${++n}.yaml`);
        writeFileSync(
          orgPath,
          toYaml({ ...org, calendars: entries('calendar'), programmes: entries('programme') }),
        );
        try {
          const loaded = await loadOrgFile(orgPath);
          expect(loaded.loadedCalendars?.length ?? 0).toBe(entries('calendar').length);
          expect(loaded.loadedProgrammes?.length ?? 0).toBe(entries('programme').length);
        } catch (error) {
          if (error instanceof ReferenceError && /^Unresolved alias|^Excessive alias/.test(error.message))
            return; // known, reported: see yaml-loaders.test.ts
          if (!(error instanceof OrgFileError))
            expect.fail(
              `loadOrgFile threw ${(error as Error)?.constructor?.name}: ${(error as Error)?.message}`,
            );
          for (const issue of error.issues) {
            expect(issue.file.startsWith(dir), issue.file).toBe(true);
            expect(issue.message.trim().length).toBeGreaterThan(0);
          }
        }
        for (const f of written) rmSync(join(dir, f), { force: true });
        rmSync(orgPath, { force: true });
      }),
      { numRuns: 200 },
    );
  });
});
