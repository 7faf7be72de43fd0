import { and, eq } from 'drizzle-orm';
import type { InboundResult } from '../../core/chat/port.ts';
import { RefleksError } from '../../core/errors.ts';
import { formatList, formatMoment } from '../../core/format.ts';
import { t } from '../../core/i18n/index.ts';
import type { Locale } from '../../core/locale.ts';
import type { Programme } from '../../core/programmes/index.ts';
import type { Db } from '../../db/client.ts';
import type { PersonRow, TeamRow } from '../../db/repositories/organisation.ts';
import { availableProgrammes, programmeVersion } from '../../db/repositories/programmes.ts';
import { programmeRuns } from '../../db/schema/index.ts';
import type { AppDeps } from '../deps.ts';
import { finishProgramme, startProgramme } from '../programmes/runs.ts';

const FINISH_WORDS = new Set(['finish', 'avslutt', 'slutt', 'stop', 'stopp']);

/** The programmes a team can choose from: those for its kind of team, by key and title. */
export async function choosableProgrammes(db: Db, leadershipTeam = false): Promise<Programme[]> {
  return [...(await availableProgrammes(db)).values()].filter(
    (p) => (p.audience === 'leadership') === leadershipTeam || p.audience === 'team',
  );
}

function choices(programmes: Programme[], locale: Locale): string {
  return formatList(
    programmes.map((p) => `${p.key} («${p.title[locale]}»)`),
    locale,
  );
}

/**
 * `/refleks programme` shows the team's programme and the others; `/refleks programme KEY` starts or
 * switches (team lead), `/refleks programme finish` ends it (team lead).
 */
export async function programmeCommand(
  deps: AppDeps,
  person: PersonRow,
  entry: { team: TeamRow; zone: string; roles: Set<string> },
  argument: string,
  locale: Locale,
): Promise<InboundResult> {
  const notice = (text: string): InboundResult => ({ type: 'notice', text });
  const { team, zone } = entry;
  const all = await choosableProgrammes(deps.db);
  const word = argument.trim().toLowerCase();
  if (!word) {
    const [run] = await deps.db
      .select()
      .from(programmeRuns)
      .where(and(eq(programmeRuns.teamId, team.id), eq(programmeRuns.status, 'active')));
    const current = run ? await programmeVersion(deps.db, run.programmeKey, run.programmeVersion) : undefined;
    if (!run || !current)
      return notice(t(locale, 'command.programme.none', { team: team.name, list: choices(all, locale) }));
    return notice(
      t(locale, 'command.programme.current', {
        team: team.name,
        programme: current.title[locale],
        step: Math.min(run.stepIndex + 1, current.steps.length),
        total: current.steps.length,
        list: choices(all, locale),
      }),
    );
  }
  if (!entry.roles.has('team_lead')) return notice(t(locale, 'command.programme.notLead'));
  const actor = { actor: 'person' as const, personId: person.id };
  const now = deps.clock.now();
  try {
    if (FINISH_WORDS.has(word)) {
      const { programme } = await finishProgramme(deps.db, { teamId: team.id, now, ...actor });
      const title = all.find((p) => p.key === programme)?.title[locale] ?? programme;
      return notice(t(locale, 'command.programme.finished', { team: team.name, programme: title }));
    }
    const chosen = all.find((p) => p.key === word);
    if (!chosen) return notice(t(locale, 'command.programme.unknown', { list: choices(all, locale) }));
    const { nextRunAt } = await startProgramme(deps.db, {
      teamId: team.id,
      programmeKey: chosen.key,
      now,
      ...actor,
    });
    return notice(
      t(locale, 'command.programme.started', {
        team: team.name,
        programme: chosen.title[locale],
        when: formatMoment(nextRunAt, locale, zone),
      }),
    );
  } catch (error) {
    // Nothing running to finish: said plainly, in the person's language.
    if (error instanceof RefleksError && error.code === 'validation_failed')
      return notice(t(locale, 'command.programme.notRunning', { team: team.name }));
    throw error;
  }
}
