import type { Command } from 'commander';
import { parseYamlText, readText } from '../../app/org/index.ts';
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
