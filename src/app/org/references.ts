import { builtinProgrammes } from '../../core/programmes/index.ts';
import { formatPath, type PathIssue } from './errors.ts';

type Raw = Record<string, unknown>;

const isRecord = (value: unknown): value is Raw =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const entries = (value: unknown): [number, Raw][] =>
  Array.isArray(value)
    ? value.flatMap((item, i) => (isRecord(item) ? [[i, item] as [number, Raw]] : []))
    : [];

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Checks what the schema cannot see one object at a time: duplicates and references between entries.
 * It reads the raw YAML value, not the validated one, so that a file with a typo in one team and an
 * unknown school in another gets both reported in one run. Entries whose shape is wrong are skipped:
 * the schema already reports those.
 *
 * Deliberately not checked: a team bound to one Slack workspace with a member whose Slack identity is
 * in another (Slack Connect and Enterprise Grid make that legitimate).
 */
export function checkReferences(raw: unknown): PathIssue[] {
  if (!isRecord(raw)) return [];
  const issues: PathIssue[] = [];

  /** Returns the keys seen, reporting each repeat at the repeated entry. */
  const unique = (list: string, field: string, what: string, normalise = (v: string) => v) => {
    const seen = new Map<string, number>();
    for (const [i, item] of entries(raw[list])) {
      const value = text(item[field]);
      if (value === undefined) continue;
      const norm = normalise(value);
      const first = seen.get(norm);
      if (first === undefined) seen.set(norm, i);
      else
        issues.push({
          path: [list, i, field],
          message: `duplicate ${what} "${value}": ${list}[${first}] already uses it`,
        });
    }
    return new Set(seen.keys());
  };

  const calendars = unique('calendars', 'key', 'calendar key');
  const custom = unique('programmes', 'key', 'programme key');
  const schools = unique('schools', 'key', 'school key');
  const teams = unique('teams', 'key', 'team key');
  unique('people', 'email', 'email', (email) => email.trim().toLowerCase());

  for (const [i, school] of entries(raw.schools)) {
    const calendar = text(school.calendar);
    if (calendar !== undefined && !calendars.has(calendar)) {
      issues.push({
        path: ['schools', i, 'calendar'],
        message: `unknown calendar "${calendar}"; list it under calendars: first`,
      });
    }
  }

  const channels = new Map<string, number>();
  for (const [i, team] of entries(raw.teams)) {
    const school = text(team.school);
    if (school !== undefined && !schools.has(school)) {
      issues.push({ path: ['teams', i, 'school'], message: `unknown school "${school}"` });
    }
    const teamCalendar = text(team.calendar);
    if (teamCalendar !== undefined && !calendars.has(teamCalendar)) {
      issues.push({
        path: ['teams', i, 'calendar'],
        message: `unknown calendar "${teamCalendar}"; list it under calendars: first`,
      });
    }
    const programme = text(team.programme);
    if (programme !== undefined && !builtinProgrammes.has(programme) && !custom.has(programme)) {
      issues.push({
        path: ['teams', i, 'programme'],
        message: `unknown programme "${programme}"; built-in programmes: ${[...builtinProgrammes.keys()].join(', ')} (or list your own under programmes:)`,
      });
    }
    // Inbound messages find their team by channel: two teams in one channel could not be told apart.
    const binding = channelOf(team);
    if (binding) {
      const first = channels.get(binding.id);
      if (first === undefined) channels.set(binding.id, i);
      else
        issues.push({
          path: ['teams', i, binding.field],
          message: `this channel is already bound to teams[${first}]; each team needs its own channel`,
        });
    }
  }

  const identities = new Map<string, string>();
  for (const [i, person] of entries(raw.people)) {
    // One chat account is one person: the unique index on platform identities would refuse a second.
    for (const identity of identitiesOf(person)) {
      const first = identities.get(identity.id);
      if (first === undefined) identities.set(identity.id, formatPath(['people', i]));
      else
        issues.push({
          path: ['people', i, identity.field],
          message: `this ${identity.field} account is already given to ${first}`,
        });
    }
    for (const [j, role] of entries(person.roles)) {
      const base = ['people', i, 'roles', j];
      const team = text(role.team);
      if (team !== undefined && !teams.has(team)) {
        issues.push({ path: [...base, 'team'], message: `unknown team "${team}"` });
      }
      if (Array.isArray(role.teams)) {
        role.teams.forEach((key, k) => {
          if (typeof key === 'string' && !teams.has(key)) {
            issues.push({ path: [...base, 'teams', k], message: `unknown team "${key}"` });
          }
        });
      }
      const school = text(role.school);
      if (school !== undefined && !schools.has(school)) {
        issues.push({ path: [...base, 'school'], message: `unknown school "${school}"` });
      }
    }
  }
  return issues;
}

function channelOf(team: Raw): { field: 'slack' | 'teams'; id: string } | null {
  if (isRecord(team.slack) && text(team.slack.team_id) && text(team.slack.channel_id)) {
    return { field: 'slack', id: `slack:${team.slack.team_id}:${team.slack.channel_id}` };
  }
  if (isRecord(team.teams) && text(team.teams.conversation_id)) {
    return { field: 'teams', id: `teams:${team.teams.conversation_id}` };
  }
  return null;
}

function identitiesOf(person: Raw): { field: 'slack' | 'teams'; id: string }[] {
  const found: { field: 'slack' | 'teams'; id: string }[] = [];
  if (isRecord(person.slack) && text(person.slack.team_id) && text(person.slack.user_id)) {
    found.push({ field: 'slack', id: `slack:${person.slack.team_id}:${person.slack.user_id}` });
  }
  if (isRecord(person.teams) && text(person.teams.aad_object_id)) {
    found.push({
      field: 'teams',
      id: `teams:${text(person.teams.tenant_id) ?? ''}:${person.teams.aad_object_id}`,
    });
  }
  return found;
}
