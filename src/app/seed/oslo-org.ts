import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RefleksError } from '../../core/errors.ts';
import type { SchoolCalendar } from '../../core/schedule/index.ts';
import { calendarFileSchema, toSchoolCalendar } from '../calendars/schema.ts';
import { type LoadedOrg, type OrgFileInput, orgFileSchema, parseYamlText } from '../org/index.ts';
import { checkReferences } from '../org/references.ts';
import { schoolName } from './phrases.ts';
import { createRng } from './random.ts';

/**
 * The Oslo-scale organisation: 184 schools (`oslo-s001`…), 9–13 teams each (`oslo-s001-t01`…, about
 * 2,000 in all), 6–8 teachers per team of whom one leads it, a rector per school, a department head
 * per four teams and one school owner: about 15,000 people. Every name is synthetic ("Lærer 00123",
 * schools from invented syllables) and every address is under the reserved .example domain.
 *
 * Each school draws from a PRNG seeded by its own key, so a smaller `scale` keeps the first schools
 * exactly as they are at full scale, and the same call always builds the same file.
 */

export const OSLO_SCHOOLS = 184;
export const OSLO_PROGRAMME = 'fire-sporsmal';
export const OSLO_CALENDAR_FILE = fileURLToPath(
  new URL('../../../calendars/oslo-2026-27.yaml', import.meta.url),
);

const TEAM_NAMES = [
  '1. trinn',
  '2. trinn',
  '3. trinn',
  '4. trinn',
  '5. trinn',
  '6. trinn',
  '7. trinn',
  '8. trinn',
  '9. trinn',
  '10. trinn',
  'Innføringsteam',
  'Fagteam realfag',
  'Fagteam språk',
] as const;
const WEEKDAYS = ['tuesday', 'wednesday', 'thursday'] as const;
const TIMES = ['13:30', '14:00', '14:30'] as const;

/** Who is in a team, by email, in file order: what the history needs besides the file. */
export interface SeedTeam {
  key: string;
  members: string[];
  lead: string;
}

export interface OsloOrg {
  org: LoadedOrg;
  calendar: SchoolCalendar;
  teams: SeedTeam[];
}

export function loadOsloCalendar(): SchoolCalendar {
  const text = readFileSync(OSLO_CALENDAR_FILE, 'utf8');
  return toSchoolCalendar(parseYamlText(text, OSLO_CALENDAR_FILE, calendarFileSchema));
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function schoolCount(scale = 1): number {
  if (!(scale > 0 && scale <= 1)) throw new RefleksError('validation_failed', 'scale must be in (0, 1]');
  return Math.max(1, Math.round(OSLO_SCHOOLS * scale));
}

/** Builds the file as an admin would write it and validates it as `refleks apply` would. */
export function buildOsloOrg(scale = 1): OsloOrg {
  const calendar = loadOsloCalendar();
  const input: OrgFileInput = {
    owner: { key: 'oslo', name: 'Oslo kommune (syntetiske data)' },
    calendars: [{ key: calendar.key, file: OSLO_CALENDAR_FILE }],
    schools: [],
    teams: [],
    people: [{ email: 'skoleeier@oslo.example', name: 'Skoleeier Oslo', roles: [{ role: 'school_owner' }] }],
  };
  const schools = input.schools ?? [];
  const teams = input.teams ?? [];
  const people = input.people ?? [];
  const seedTeams: SeedTeam[] = [];
  let teacher = 0;

  for (let s = 1; s <= schoolCount(scale); s++) {
    const school = `oslo-s${pad(s, 3)}`;
    const rng = createRng(school);
    const domain = `${school}.oslo.example`;
    schools.push({
      key: school,
      name: schoolName(s - 1),
      locale: rng.chance(0.1) ? 'nn' : 'nb',
      calendar: calendar.key,
    });
    people.push({
      email: `rektor@${domain}`,
      name: `Rektor ${pad(s, 3)}`,
      roles: [{ role: 'rector', school }],
    });

    const teamKeys: string[] = [];
    const teamCount = rng.int(9, 13);
    for (let t = 1; t <= teamCount; t++) {
      const key = `${school}-t${pad(t, 2)}`;
      teamKeys.push(key);
      teams.push({
        key,
        school,
        name: TEAM_NAMES[t - 1] as string,
        programme: OSLO_PROGRAMME,
        schedule: { weekday: rng.pick(WEEKDAYS), time: rng.pick(TIMES), cadence: 'weekly' },
      });
      const members: string[] = [];
      for (let m = rng.int(6, 8); m > 0; m--) {
        teacher++;
        const email = `laerer${pad(teacher, 5)}@${domain}`;
        members.push(email);
        const lead = members.length === 1;
        people.push({
          email,
          name: `Lærer ${pad(teacher, 5)}`,
          roles: lead
            ? [
                { role: 'member', team: key },
                { role: 'team_lead', team: key },
              ]
            : [{ role: 'member', team: key }],
        });
      }
      seedTeams.push({ key, members, lead: members[0] as string });
    }

    for (let d = 0; d * 4 < teamKeys.length; d++) {
      people.push({
        email: `avdelingsleder${d + 1}@${domain}`,
        name: `Avdelingsleder ${pad(s, 3)}-${d + 1}`,
        roles: [{ role: 'department_head', teams: teamKeys.slice(d * 4, d * 4 + 4) }],
      });
    }
  }

  const issues = checkReferences(input);
  const parsed = orgFileSchema.safeParse(input);
  if (!parsed.success || issues.length > 0) {
    throw new RefleksError('org_invalid', 'the generated Oslo organisation is not a valid organisation file');
  }
  return { org: { ...parsed.data, loadedCalendars: [calendar] }, calendar, teams: seedTeams };
}
