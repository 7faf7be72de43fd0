import { describe, expect, it } from 'vitest';
import { OrgFileError, parseOrgText } from '../../src/app/org/index.ts';

const BASE = `owner: { key: oslo, name: Oslo kommune }
schools:
  - key: sinsen
    name: Sinsen skole
teams:
  - key: sinsen-5trinn
    school: sinsen
    name: 5. trinn
    programme: elevene-vare
    schedule: { weekday: thu, time: "14:00" }
people:
  - email: Kari@Sinsen.example
    name: Kari Nordmann
    roles: [ { role: member, team: sinsen-5trinn } ]
`;

/** The error a text gives; fails the test when it parses. */
function errorOf(text: string): OrgFileError {
  try {
    parseOrgText(text, 'org.yaml');
  } catch (error) {
    if (error instanceof OrgFileError) return error;
    throw error;
  }
  throw new Error('expected the file to be rejected');
}

/** 1-based line and column of the first `needle` in `text`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  return { line: line + 1, column: (lines[line] as string).indexOf(needle) + 1 };
}

describe('parseOrgText', () => {
  it('accepts a valid file and fills in the defaults', () => {
    const org = parseOrgText(BASE, 'org.yaml');
    expect(org.schools[0]).toEqual({
      key: 'sinsen',
      name: 'Sinsen skole',
      locale: 'nb',
      timezone: 'Europe/Oslo',
      working_hours: {
        days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
        from: '07:30',
        to: '16:30',
      },
    });
    expect(org.teams[0]?.schedule).toEqual({ weekday: 'thursday', time: '14:00', cadence: 'weekly' });
    expect(org.teams[0]?.reminders).toEqual({ via: 'dm', after_hours: [48] });
    expect(org.teams[0]?.close_after_hours).toBe(144);
    expect(org.people[0]?.email).toBe('kari@sinsen.example');
    expect(org.calendars).toEqual([]);
  });

  it('names the line and column of a misspelt key', () => {
    const text = BASE.replace('schedule:', 'shedule:');
    const error = errorOf(text);
    expect(error.code).toBe('org_invalid');
    expect(error.issues).toEqual([
      {
        file: 'org.yaml',
        ...positionOf(text, 'shedule'),
        message: 'teams[0]: unknown key "shedule" (did you mean "schedule"?)',
      },
    ]);
    expect(error.message).toBe('org.yaml:10:5: teams[0]: unknown key "shedule" (did you mean "schedule"?)');
  });

  it('names the line of an unknown team in a role', () => {
    const text = BASE.replace('team: sinsen-5trinn', 'team: sinsen-6trinn');
    const [issue, ...rest] = errorOf(text).issues;
    expect(rest).toEqual([]);
    expect(issue).toEqual({
      file: 'org.yaml',
      ...positionOf(text, 'sinsen-6trinn'),
      message: 'people[0].roles[0].team: unknown team "sinsen-6trinn"',
    });
    expect(issue?.line).toBe(14);
  });

  it('names the line of a YAML syntax error', () => {
    const text = BASE.replace('    name: 5. trinn', '    name: "5. trinn');
    const error = errorOf(text);
    expect(error.issues.length).toBeGreaterThan(0);
    expect(error.issues[0]?.line).toBe(8);
    expect(error.issues[0]?.message).toMatch(/^YAML syntax: /);
  });

  it('reports every problem at once, in file order', () => {
    const text = BASE.replace('name: Sinsen skole', 'name: Sinsen skole\n    locale: se')
      .replace('school: sinsen', 'school: sinsn')
      .replace('time: "14:00"', 'time: "25:00"')
      .replace('role: member', 'role: memmber');
    const error = errorOf(text);
    expect(error.issues.map((i) => [i.line, i.message])).toEqual([
      [5, 'schools[0].locale: expected one of nb, nn, en'],
      [8, 'teams[0].school: unknown school "sinsn"'],
      [11, 'teams[0].schedule.time: expected a time "HH:MM" on the 24-hour clock, e.g. "14:00"'],
      [
        15,
        'people[0].roles[0].role: expected a role: member, team_lead, department_head, rector, school_owner, got "memmber"',
      ],
    ]);
    expect(error.message.split('\n')).toHaveLength(4);
    expect(error.message.split('\n')[0]).toBe('org.yaml:5:13: schools[0].locale: expected one of nb, nn, en');
  });

  it('reports a missing key and an email listed twice (in any case)', () => {
    const text = `${BASE}  - email: kari@sinsen.example
    name: Kari Again
    roles: []
`.replace('    programme: elevene-vare\n', '');
    expect(errorOf(text).issues.map((i) => [i.line, i.column, i.message])).toEqual([
      [6, 5, 'teams[0].programme: required'],
      [14, 12, 'people[1].email: duplicate email "kari@sinsen.example": people[0] already uses it'],
    ]);
  });

  it('rejects a team bound to both Slack and Teams', () => {
    const text = BASE.replace(
      '    school: sinsen\n',
      '    school: sinsen\n    slack: { team_id: T1, channel_id: C1 }\n    teams: { conversation_id: "19:x@thread.tacv2" }\n',
    );
    const [issue] = errorOf(text).issues;
    expect(issue).toMatchObject({ line: 9, column: 12 });
    expect(issue?.message).toBe(
      'teams[0].teams: a team is bound to at most one platform: give slack or teams, not both',
    );
  });

  it('checks time zones, working hours and calendar references', () => {
    const text = BASE.replace(
      'name: Sinsen skole',
      'name: Sinsen skole\n    timezone: Europe/Osloo\n    calendar: oslo-2026-27\n    working_hours: { from: "16:00", to: "08:00" }',
    );
    expect(errorOf(text).issues.map((i) => i.message)).toEqual([
      'schools[0].timezone: unknown time zone; use an IANA name such as "Europe/Oslo"',
      'schools[0].calendar: unknown calendar "oslo-2026-27"; list it under calendars: first',
      'schools[0].working_hours.to: must be later than from (16:00)',
    ]);
  });

  it('says so when the file is empty', () => {
    expect(errorOf('').message).toBe(
      'org.yaml:1:1: the file is empty; expected owner:, schools:, teams: and people:',
    );
  });
});
