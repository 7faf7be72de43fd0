import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { redactIdentityNumbers } from '../../core/pii/identity-number.ts';
import type { Programme } from '../../core/programmes/index.ts';
import type { SchoolCalendar } from '../../core/schedule/index.ts';
import { calendarFileSchema, toSchoolCalendar } from '../calendars/schema.ts';
import { programmeFileSchema, toProgramme } from '../programmes/schema.ts';
import { describeAt, OrgFileError, type OrgIssue, type PathIssue } from './errors.ts';
import { forbiddenTextIssues } from './forbidden-text.ts';
import { locate } from './locate.ts';
import { checkReferences } from './references.ts';
import { type OrgFile, orgFileSchema } from './schema.ts';
import { fromZodIssues } from './zod-issues.ts';

/**
 * Reads an organisation file. Returns the validated, normalised file or throws one OrgFileError
 * listing every problem with its line: YAML syntax first (nothing else can be trusted until the
 * text parses), then schema and cross-reference problems together.
 */
export function parseOrgText(text: string, fileName: string): OrgFile {
  return parseYamlText(text, fileName, orgFileSchema, checkReferences);
}

/**
 * Any YAML file Refleks reads (organisation, calendar, programme): validated with `schema`, every
 * problem named with its file, line and column in one OrgFileError.
 */
const tooDeep = (file: string) =>
  new OrgFileError([{ file, line: 0, column: 0, message: 'YAML: the file is nested too deeply to read' }]);

export function parseYamlText<S extends z.ZodType>(
  text: string,
  fileName: string,
  schema: S,
  check: (raw: unknown) => PathIssue[] = () => [],
): z.output<S> {
  const lines = new LineCounter();
  // prettyErrors off: the message stays one short sentence and the position comes from the counter.
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  } catch (error) {
    // Thousands of nested lists (`- - - - …`) overflow the parser's own stack.
    if (!(error instanceof RangeError)) throw error;
    throw tooDeep(fileName);
  }

  if (doc.errors.length > 0) {
    throw new OrgFileError(
      sortIssues(
        doc.errors.map((error) => {
          const { line, col } = lines.linePos(error.pos[0]);
          // The parser quotes the token it choked on: that must not put an identity number on screen.
          const message = redactIdentityNumbers(error.message);
          return { file: fileName, line, column: col, message: `YAML syntax: ${message}` };
        }),
      ),
    );
  }

  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (error) {
    // An alias to no anchor, or an alias bomb ("billion laughs"): yaml refuses while building values.
    const why = redactIdentityNumbers(error instanceof Error ? error.message : String(error));
    throw new OrgFileError([{ file: fileName, line: 0, column: 0, message: `YAML: ${why}` }]);
  }
  // Checked first and alone: other messages may quote a value (an unknown key), and an identity
  // number must not reach the terminal or a CI log.
  let blocked: PathIssue[];
  let result: z.ZodSafeParseResult<z.output<S>>;
  let pathIssues: PathIssue[];
  try {
    blocked = forbiddenTextIssues(raw);
    result = schema.safeParse(raw) as z.ZodSafeParseResult<z.output<S>>;
    pathIssues = blocked.length
      ? blocked
      : [...(result.success ? [] : fromZodIssues(result.error.issues, raw, schema)), ...check(raw)];
  } catch (error) {
    // Thousands of nested lists (`- - - - …`) overflow the stack of any walk over the value.
    if (!(error instanceof RangeError)) throw error;
    throw tooDeep(fileName);
  }
  if (result.success && pathIssues.length === 0) return result.data;

  const located = pathIssues.map((issue): OrgIssue => {
    const { line, column } = locate(doc, lines, issue.path, issue.key);
    return { file: fileName, line, column, message: describeAt(issue) };
  });
  throw new OrgFileError(sortIssues(located));
}

/** An organisation file with the calendar and programme files it lists, read relative to it. */
export type LoadedOrg = OrgFile & { loadedCalendars?: SchoolCalendar[]; loadedProgrammes?: Programme[] };

/** Reads and checks one listed file; its problems are added to `issues` rather than thrown. */
async function readListed<T>(
  orgPath: string,
  entry: { key: string; file: string },
  parse: (text: string, file: string) => T & { key: string },
  issues: OrgIssue[],
): Promise<T | null> {
  const file = resolve(dirname(orgPath), entry.file);
  try {
    const parsed = parse(await readText(file), file);
    if (parsed.key === entry.key) return parsed;
    issues.push({
      file,
      line: 1,
      column: 1,
      message: `key: "${parsed.key}" does not match "${entry.key}", the key ${orgPath} gives this file`,
    });
  } catch (error) {
    if (!(error instanceof OrgFileError)) throw error;
    issues.push(...error.issues);
  }
  return null;
}

export async function loadOrgFile(path: string): Promise<LoadedOrg> {
  const org = parseOrgText(await readText(path), path);
  const issues: OrgIssue[] = [];
  const loadedCalendars: SchoolCalendar[] = [];
  for (const entry of org.calendars) {
    const parsed = await readListed(
      path,
      entry,
      (text, file) => parseYamlText(text, file, calendarFileSchema),
      issues,
    );
    if (parsed) loadedCalendars.push(toSchoolCalendar(parsed));
  }
  const loadedProgrammes: Programme[] = [];
  for (const entry of org.programmes) {
    const parsed = await readListed(
      path,
      entry,
      (text, file) => parseYamlText(text, file, programmeFileSchema),
      issues,
    );
    if (parsed) loadedProgrammes.push(toProgramme(parsed));
  }
  if (issues.length) throw new OrgFileError(issues);
  return { ...org, loadedCalendars, loadedProgrammes };
}

/** A file's text, or an OrgFileError naming the file when it cannot be read. */
export async function readText(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new OrgFileError(
      [{ file: path, line: 0, column: 0, message: `cannot read the file (${reason})` }],
      {
        cause: error,
      },
    );
  }
  return text;
}

/** In file order, as an editor would list them; an identical repeat is dropped. */
function sortIssues(issues: OrgIssue[]): OrgIssue[] {
  const seen = new Set<string>();
  return [...issues]
    .sort((a, b) => a.line - b.line || a.column - b.column)
    .filter((issue) => {
      const id = `${issue.line}:${issue.column}:${issue.message}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
}
