import { z } from 'zod';
import { formatPath, type OrgPath, type PathIssue } from './errors.ts';

/**
 * Turns zod's issues into sentences for an IT admin editing YAML: "expected a mapping, got a list"
 * rather than "Invalid input: expected object, received array", "required" for a missing key, and one
 * issue per unknown key with a suggestion when it looks like a typo of a key that belongs there.
 */
export function fromZodIssues(
  issues: readonly z.core.$ZodIssue[],
  raw: unknown,
  schema: z.ZodType,
): PathIssue[] {
  const out: PathIssue[] = [];
  const suggested = new Set<string>();
  for (const issue of issues) {
    const path = issue.path.filter((seg): seg is string | number => typeof seg !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const known = keysAt(schema, path);
      for (const key of issue.keys) {
        const guess = closest(key, known);
        if (guess) suggested.add(formatPath([...path, guess]));
        out.push({
          path,
          key,
          message: `unknown key "${key}"${guess ? ` (did you mean "${guess}"?)` : ''}`,
        });
      }
      continue;
    }
    out.push({ path, message: describe(issue, path, raw) });
  }
  // A typo of a required key also makes that key missing; the suggestion already says so.
  return out.filter(
    (issue) =>
      issue.key !== undefined || !(suggested.has(formatPath(issue.path)) && isMissing(raw, issue.path)),
  );
}

function describe(issue: z.core.$ZodIssue, path: OrgPath, raw: unknown): string {
  if (path.length === 0 && (raw === null || raw === undefined)) {
    return 'the file is empty; expected owner:, schools:, teams: and people:';
  }
  // A schema may say what is missing more precisely ("missing the nynorsk (nn) text").
  if (isMissing(raw, path)) return issue.message.startsWith('missing') ? issue.message : 'required';
  switch (issue.code) {
    case 'invalid_type':
      // zod's own wording ("Invalid input: expected object") is replaced; our schema's wording is kept.
      if (issue.message.startsWith('Invalid input')) {
        return `expected ${kindName(issue.expected)}, got ${valueName(valueAt(raw, path))}`;
      }
      return `${issue.message}, got ${valueName(valueAt(raw, path))}`;
    case 'invalid_union':
      return `${issue.message}, got ${valueName(valueAt(raw, path))}`;
    default:
      return issue.message;
  }
}

const KIND_NAMES: Record<string, string> = {
  object: 'a mapping (key: value)',
  array: 'a list',
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
};

function kindName(expected: string): string {
  return KIND_NAMES[expected] ?? expected;
}

function valueName(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  // YAML's .nan and .inf are numbers to JavaScript, but "got NaN" reads like a bug, not a hint.
  if (Number.isNaN(value)) return '.nan (not a number)';
  if (value === Number.POSITIVE_INFINITY || value === Number.NEGATIVE_INFINITY) return 'an infinity (.inf)';
  return String(value);
}

function valueAt(raw: unknown, path: OrgPath): unknown {
  let value = raw;
  for (const seg of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[seg];
  }
  return value;
}

/** The key is absent from an object that exists (as opposed to present with a wrong value). */
function isMissing(raw: unknown, path: OrgPath): boolean {
  if (path.length === 0) return raw === undefined;
  const parent = valueAt(raw, path.slice(0, -1));
  const last = path[path.length - 1] as string | number;
  return typeof parent === 'object' && parent !== null && !Array.isArray(parent) && !(last in parent);
}

/** The keys the schema allows in the object at `path` (all variants of a union together). */
function keysAt(schema: z.ZodType, path: OrgPath): string[] {
  const found = new Set<string>();
  const visit = (node: z.ZodType, rest: OrgPath): void => {
    if (node instanceof z.ZodOptional || node instanceof z.ZodDefault || node instanceof z.ZodNullable) {
      visit(node.unwrap() as z.ZodType, rest);
    } else if (node instanceof z.ZodPipe) {
      visit(node.in as z.ZodType, rest);
    } else if (node instanceof z.ZodUnion) {
      for (const option of node.options) visit(option as z.ZodType, rest);
    } else if (node instanceof z.ZodArray) {
      if (typeof rest[0] === 'number') visit(node.element as z.ZodType, rest.slice(1));
    } else if (node instanceof z.ZodObject) {
      const shape = node.shape as Record<string, z.ZodType>;
      const field = typeof rest[0] === 'string' ? shape[rest[0]] : undefined;
      if (rest.length === 0) for (const key of Object.keys(shape)) found.add(key);
      else if (field) visit(field, rest.slice(1));
    }
  };
  visit(schema, path);
  return [...found];
}

/** The allowed key a typo most likely meant: same letters in another case, or at most two edits away. */
function closest(key: string, known: string[]): string | undefined {
  const limit = key.length <= 4 ? 1 : 2;
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = candidate.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, candidate);
    if (distance <= limit && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}
