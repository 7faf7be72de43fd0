import { and, eq, inArray } from 'drizzle-orm';
import type { InboundEvent, InboundResult } from '../../core/chat/port.ts';
import { formatMoment } from '../../core/format.ts';
import { t } from '../../core/i18n/index.ts';
import { isLocale, type Locale } from '../../core/locale.ts';
import { buildCommitmentForm } from '../../core/loop/commitment-form.ts';
import { containsIdentityNumber } from '../../core/pii/identity-number.ts';
import type { Db } from '../../db/client.ts';
import { answeredCount, openCycleOfTeam } from '../../db/repositories/cycles.ts';
import { recordPiiBlock } from '../../db/repositories/events.ts';
import {
  ANSWERING_ROLES,
  membersOf,
  type PersonRow,
  type TeamRow,
} from '../../db/repositories/organisation.ts';
import { people, roleAssignments, schools, teams } from '../../db/schema/index.ts';
import type { AppDeps } from '../deps.ts';
import { overviewCard } from '../home/overview-card.ts';
import { resolveLocale } from '../locale.ts';
import { setTeamActive } from '../programmes/runs.ts';
import { ledgerCommand } from './ledger-command.ts';
import { showMyData } from './my-data.ts';
import { programmeCommand } from './programme-command.ts';
import { openSupportRequest } from './support.ts';

type Command = Extract<InboundEvent, { kind: 'command' }>;

/** The teams a person answers in, with the roles they hold there. */
async function myTeams(db: Db, personId: string) {
  const rows = await db
    .select({ team: teams, school: schools, role: roleAssignments.role })
    .from(roleAssignments)
    .innerJoin(teams, eq(teams.id, roleAssignments.scopeId))
    .innerJoin(schools, eq(schools.id, teams.schoolId))
    .where(
      and(
        eq(roleAssignments.personId, personId),
        eq(roleAssignments.scopeKind, 'team'),
        inArray(roleAssignments.role, ANSWERING_ROLES),
      ),
    );
  const byTeam = new Map<string, { team: TeamRow; zone: string; roles: Set<string> }>();
  for (const row of rows) {
    const entry = byTeam.get(row.team.id) ?? {
      team: row.team,
      zone: row.school.timezone,
      roles: new Set<string>(),
    };
    entry.roles.add(row.role);
    byTeam.set(row.team.id, entry);
  }
  return [...byTeam.values()];
}

/** The team a command is about: the one whose channel it was typed in, or the person's only team. */
function teamOf(event: Command, mine: Awaited<ReturnType<typeof myTeams>>) {
  const here = event.conversation;
  const inChannel = here
    ? mine.find((m) => m.team.platform === here.platform && m.team.channelId === here.conversationId)
    : undefined;
  return inChannel ?? (mine.length === 1 ? mine[0] : undefined);
}

async function statusLine(db: Db, entry: Awaited<ReturnType<typeof myTeams>>[number], locale: Locale) {
  const { team, zone } = entry;
  if (!team.active) return t(locale, 'command.status.paused', { team: team.name });
  const open = await openCycleOfTeam(db, team.id);
  if (open) {
    const [answered, members] = await Promise.all([answeredCount(db, open.id), membersOf(db, team.id)]);
    return t(locale, 'command.status.open', {
      team: team.name,
      when: formatMoment(open.closesAt, locale, zone),
      answered,
      expected: members.length,
    });
  }
  return team.nextRunAt
    ? t(locale, 'command.status.waiting', {
        team: team.name,
        when: formatMoment(team.nextRunAt, locale, zone),
      })
    : t(locale, 'command.status.done', { team: team.name });
}

/** Commands are understood in bokmål, nynorsk and English; typed to the bot, not only as /refleks. */
const VERBS: Record<string, string> = {
  help: 'help',
  hjelp: 'help',
  status: 'status',
  commit: 'commit',
  commitment: 'commit',
  forpliktelse: 'commit',
  forplikting: 'commit',
  pause: 'pause',
  resume: 'resume',
  fortsett: 'resume',
  gjenoppta: 'resume',
  language: 'language',
  språk: 'language',
  sprak: 'language',
  commitments: 'commitments',
  forpliktelser: 'commitments',
  forpliktingar: 'commitments',
  ledger: 'commitments',
  programme: 'programme',
  program: 'programme',
  support: 'support',
  støtte: 'support',
  stotte: 'support',
  overview: 'overview',
  oversikt: 'overview',
  oversyn: 'overview',
  home: 'overview',
  hjem: 'overview',
  heim: 'overview',
  'my-data': 'mydata',
  mydata: 'mydata',
  'mine-data': 'mydata',
  minedata: 'mydata',
  data: 'mydata',
  personvern: 'mydata',
  privacy: 'mydata',
};

function canonicalVerb(word: string): string {
  return VERBS[word.toLowerCase()] ?? word.toLowerCase();
}

/** `/refleks help | status | overview | commit <text> | pause | resume | language nb|nn|en`, answered privately. */
export async function handleCommand(
  deps: AppDeps,
  person: PersonRow,
  event: Command,
): Promise<InboundResult> {
  const [verb = 'help', ...rest] = event.text.trim().split(/\s+/).filter(Boolean);
  const argument = rest.join(' ');
  const locale = resolveLocale(person.locale);
  const notice = (text: string): InboundResult => ({ type: 'notice', text });
  const mine = await myTeams(deps.db, person.id);
  // Refused before anything is done with it: a command's text can prefill a form that Teams shows in
  // the channel, and it would come back from the platform in the form's initial value.
  if (containsIdentityNumber(event.text)) {
    const here = teamOf(event, mine);
    await recordPiiBlock(deps.db, {
      kind: 'identity_number',
      place: 'command',
      teamId: here?.team.id ?? null,
    });
    return { type: 'notice', text: t(locale, 'error.identityNumberCommand'), private: true };
  }

  switch (canonicalVerb(verb)) {
    case 'help':
      return notice(t(locale, 'command.help'));
    // The same view as Slack's App Home, for platforms without one (Teams): a leader's part of it
    // holds team-level figures only.
    case 'overview': {
      return {
        type: 'show_home',
        card: await overviewCard(deps, person),
        movedNotice: t(locale, 'command.overview.sentPrivately'),
      };
    }
    case 'mydata':
      return showMyData(deps, person);
    case 'status': {
      if (!mine.length) return notice(t(locale, 'command.noTeam'));
      const lines = await Promise.all(mine.map((entry) => statusLine(deps.db, entry, locale)));
      return notice(lines.join('\n'));
    }
    case 'language': {
      const chosen = argument.toLowerCase();
      if (!isLocale(chosen)) return notice(t(locale, 'command.language.invalid'));
      await deps.db
        .update(people)
        .set({ locale: chosen, updatedAt: deps.clock.now() })
        .where(eq(people.id, person.id));
      return notice(t(chosen, 'command.language.set'));
    }
    case 'pause':
    case 'resume': {
      const entry = teamOf(event, mine);
      if (!entry) return notice(t(locale, mine.length ? 'command.noTeamHere' : 'command.noTeam'));
      if (!entry.roles.has('team_lead')) return notice(t(locale, 'command.notLead'));
      const resume = canonicalVerb(verb) === 'resume';
      await setTeamActive(deps.db, {
        teamId: entry.team.id,
        active: resume,
        now: deps.clock.now(),
        actor: 'person',
        personId: person.id,
      });
      return notice(t(locale, resume ? 'command.resumed' : 'command.paused', { team: entry.team.name }));
    }
    case 'commitments': {
      const entry = teamOf(event, mine);
      if (!entry) return notice(t(locale, mine.length ? 'command.noTeamHere' : 'command.noTeam'));
      return ledgerCommand(deps, entry.team, argument, locale);
    }
    case 'programme': {
      const entry = teamOf(event, mine);
      if (!entry) return notice(t(locale, mine.length ? 'command.noTeamHere' : 'command.noTeam'));
      return programmeCommand(deps, person, entry, argument, locale);
    }
    case 'support': {
      // On the team's behalf: only a team lead, in the team's channel or as lead of just one team.
      const led = mine.filter((m) => m.roles.has('team_lead'));
      if (!led.length) return notice(t(locale, 'support.onlyLead'));
      const entry = teamOf(event, led);
      if (!entry) return notice(t(locale, 'command.noTeamHere'));
      return openSupportRequest(entry.team, person, argument);
    }
    case 'commit': {
      const entry = teamOf(event, mine);
      if (!entry) return notice(t(locale, mine.length ? 'command.noTeamHere' : 'command.noTeam'));
      const open = await openCycleOfTeam(deps.db, entry.team.id);
      if (!open) return notice(t(locale, 'command.noOpenCycle'));
      const members = await membersOf(deps.db, entry.team.id);
      const formLocale = resolveLocale(person.locale, entry.team.locale);
      return {
        type: 'open_form',
        form: buildCommitmentForm({ locale: formLocale, cycleId: open.id, members, initialWhat: argument }),
      };
    }
    default:
      return notice(t(locale, 'command.unknown'));
  }
}
