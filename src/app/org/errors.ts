import { RefleksError } from '../../core/errors.ts';

export type OrgPath = (string | number)[];

/** A problem at a place in the file, before it is given a line: the path is the YAML path. */
export interface PathIssue {
  path: OrgPath;
  /** Without the path; `describeAt` puts the two together. */
  message: string;
  /** For an unknown key: the key inside the object at `path`, which is where the line points. */
  key?: string;
}

/** One problem in an organisation file; line and column are 1-based (0 when there is no place). */
export interface OrgIssue {
  file: string;
  line: number;
  column: number;
  /** Starts with the YAML path when there is one: `teams[0].schedule: unknown key "shedule"`. */
  message: string;
}

/** `teams[0].schedule`, the way an admin would point at it. */
export function formatPath(path: OrgPath): string {
  return path.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? seg : `.${seg}`)).join('');
}

/** `teams[0].schedule: required`; a problem with the whole file has no path to name. */
export function describeAt(issue: PathIssue): string {
  return issue.path.length > 0 ? `${formatPath(issue.path)}: ${issue.message}` : issue.message;
}

/** `org.yaml:12:5: teams[0].schedule: unknown key "shedule"`, the form editors and CI logs link. */
export function formatIssue(issue: OrgIssue): string {
  const place = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file;
  return `${place}: ${issue.message}`;
}

/**
 * Everything wrong with an organisation file, in one error: an admin fixing a file should see every
 * problem in one run, not one per attempt.
 */
export class OrgFileError extends RefleksError {
  readonly issues: readonly OrgIssue[];
  constructor(issues: OrgIssue[], options?: { cause?: unknown }) {
    super('org_invalid', issues.map(formatIssue).join('\n'), options);
    this.issues = issues;
  }
}
