import type { Command } from 'commander';
import { parseYamlText, readText } from '../../app/org/index.ts';
import { finishProgramme, setTeamActive, startProgramme, teamIdByKey } from '../../app/programmes/runs.ts';
import { programmeFileSchema, toProgramme } from '../../app/programmes/schema.ts';
import type { Config } from '../../config.ts';
import { NotFoundError } from '../../core/errors.ts';
import { LOCALES } from '../../core/locale.ts';
import { builtinProgrammes, type Programme } from '../../core/programmes/index.ts';
import { availableProgrammes } from '../../db/repositories/programmes.ts';
import { withDatabase } from '../with-database.ts';

const out = (line: string) => process.stdout.write(`${line}\n`);

function summary(p: Programme) {
  return {
    key: p.key,
    version: p.version,
    builtin: builtinProgrammes.has(p.key),
    audience: p.audience,
    title: p.title,
    steps: p.steps.length,
  };
}

function printProgramme(p: Programme) {
  out(`${p.key} (version ${p.version}, ${p.steps.length} steps, for a ${p.audience} team)`);
  for (const locale of LOCALES) out(`  ${locale}: ${p.title[locale]} – ${p.why[locale]}`);
  p.steps.forEach((step, i) => {
    out(`  ${i + 1}. ${step.key} [${step.kind}]`);
    for (const locale of LOCALES) out(`     ${locale}: ${step.question[locale]}`);
  });
}

/** `refleks programmes list | show KEY | check FILE`, each with --json. */
export function registerProgrammeCommands(program: Command, config: () => Config) {
  const programmes = program.command('programmes').description('the built-in and custom programmes');
  registerRunCommands(programmes, config);

  programmes
    .command('list')
    .description('every programme a team can run')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const all = [...(await withDatabase(config(), availableProgrammes)).values()];
      if (opts.json) {
        out(JSON.stringify(all.map(summary), null, 2));
        return;
      }
      for (const p of all)
        out(
          `${p.key.padEnd(24)} ${String(p.steps.length).padStart(2)} steps  ${p.title.nb}${builtinProgrammes.has(p.key) ? '' : `  (custom, version ${p.version})`}`,
        );
    });

  programmes
    .command('show')
    .description('a programme with every question in nb, nn and en')
    .argument('<key>', 'the programme key')
    .option('--json', 'machine-readable output')
    .action(async (key: string, opts: { json?: boolean }) => {
      const p = (await withDatabase(config(), availableProgrammes)).get(key);
      if (!p) throw new NotFoundError(`no programme with key "${key}"; see refleks programmes list`);
      if (opts.json) out(JSON.stringify(p, null, 2));
      else printProgramme(p);
    });

  programmes
    .command('check')
    .description('check a programme file; errors name the line')
    .argument('<file>', 'a programme YAML file')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: { json?: boolean }) => {
      // Errors (an OrgFileError listing file:line:column) are printed by main's error handler.
      const p = toProgramme(parseYamlText(await readText(file), file, programmeFileSchema));
      if (opts.json) out(JSON.stringify(p, null, 2));
      else out(`${file}: ok – "${p.key}", ${p.steps.length} steps in nb, nn and en`);
    });
}

/** `refleks programmes start|switch|pause|resume|finish --team KEY`: an operator runs a team's programme. */
export function registerRunCommands(programmes: Command, config: () => Config) {
  const now = () => new Date();
  for (const verb of ['start', 'switch'] as const) {
    programmes
      .command(verb)
      .description(
        verb === 'start'
          ? 'start a programme for a team, from its first step'
          : 'move a team to another programme, from its first step',
      )
      .requiredOption('--team <key>', 'the team key')
      .requiredOption('--programme <key>', 'the programme key')
      .action(async (opts: { team: string; programme: string }) => {
        const result = await withDatabase(config(), async (db) =>
          startProgramme(db, {
            teamId: await teamIdByKey(db, opts.team),
            programmeKey: opts.programme,
            now: now(),
            actor: 'cli',
          }),
        );
        out(`${opts.team}: ${result.programme} from step 1; first prompt ${result.nextRunAt.toISOString()}`);
      });
  }
  programmes
    .command('finish')
    .description("end a team's programme now; no more prompts until another starts")
    .requiredOption('--team <key>', 'the team key')
    .action(async (opts: { team: string }) => {
      const result = await withDatabase(config(), async (db) =>
        finishProgramme(db, { teamId: await teamIdByKey(db, opts.team), now: now(), actor: 'cli' }),
      );
      out(`${opts.team}: ${result.programme} finished`);
    });
  for (const verb of ['pause', 'resume'] as const) {
    programmes
      .command(verb)
      .description(
        verb === 'pause' ? 'no prompts or reminders for the team until resumed' : 'resume a paused team',
      )
      .requiredOption('--team <key>', 'the team key')
      .action(async (opts: { team: string }) => {
        const result = await withDatabase(config(), async (db) =>
          setTeamActive(db, {
            teamId: await teamIdByKey(db, opts.team),
            active: verb === 'resume',
            now: now(),
            actor: 'cli',
          }),
        );
        out(
          `${opts.team}: ${verb === 'pause' ? 'paused' : `resumed; next prompt ${result.nextRunAt?.toISOString() ?? 'none'}`}`,
        );
      });
  }
}
