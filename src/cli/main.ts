import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';
import { slackManifest } from '../../adapters/slack/manifest.ts';
import { teamsAppPackage } from '../../adapters/teams/app-package.ts';
import { createJobQueue } from '../../jobs/queue.ts';
import { createRedisConnection } from '../../jobs/redis.ts';
import { openCycleNow } from '../app/cycles/open-cycle-now.ts';
import { applyOrg, loadOrgFile } from '../app/org/index.ts';
import { loadConfig } from '../config.ts';
import { systemClock } from '../core/clock.ts';
import { RefleksError } from '../core/errors.ts';
import { DEMO_ORG_FILE } from '../runtime/demo.ts';
import { calendarCommand } from './commands/calendar.ts';
import { commitmentsCommand } from './commands/commitments.ts';
import { type DigestOptions, digestCommand } from './commands/digest.ts';
import { overviewCommand } from './commands/overview.ts';
import { registerPrivacyCommands } from './commands/privacy.ts';
import { registerProgrammeCommands } from './commands/programmes.ts';
import { registerRotateKeyCommand } from './commands/rotate-key.ts';
import { serveCommand } from './commands/serve.ts';
import { statusCommand } from './commands/status.ts';
import { withDatabase } from './with-database.ts';

const out = (text: string) => process.stdout.write(`${text}\n`);

function role(value: string) {
  if (value === 'web' || value === 'worker' || value === 'all') return value;
  throw new InvalidArgumentError('must be web, worker or all');
}

export function buildCli(): Command {
  const config = () => loadConfig(process.env);
  const program = new Command('refleks')
    .description('Refleks: the weekly learning loop of teacher teams, in Slack and Microsoft Teams')
    .showHelpAfterError();

  program
    .command('serve')
    .description('run the web server and the job worker (the embedded default needs no configuration)')
    .addOption(new Option('--role <role>', 'web, worker or all').argParser(role).default('all'))
    .action((opts: { role: 'web' | 'worker' | 'all' }) => serveCommand(config(), opts.role));

  program
    .command('migrate')
    .description('apply database migrations (serve does this too)')
    .action(async () => {
      await withDatabase(config(), async () => {});
      out('database is up to date');
    });

  program
    .command('apply')
    .description('apply an organisation file (idempotent: a second apply of the same file changes nothing)')
    .requiredOption('-f, --file <path>', 'the organisation YAML file')
    .action(async (opts: { file: string }) => {
      const org = await loadOrgFile(opts.file);
      const report = await withDatabase(config(), (db) =>
        applyOrg(db, org, { now: systemClock.now(), actor: 'cli' }),
      );
      out(
        `applied ${opts.file}: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.removedRoles} roles removed`,
      );
    });

  program
    .command('status')
    .description("each team's next prompt, open cycle and answers so far")
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) => statusCommand(config(), opts));

  registerProgrammeCommands(program, config);

  program
    .command('digest')
    .description("a school's weekly rector digest (--school), or the owner's termly figures (--owner --term)")
    .option('--school <key>', 'the school key: what its rector gets this week')
    .option('--owner <key>', "the school owner's key: figures for the status report")
    .option('--term <term>', 'with --owner: 2026H (autumn) or 2027V (spring)')
    .option('--format <format>', 'with --owner: md, csv or json', 'md')
    .option('--locale <locale>', 'with --owner: nb, nn or en', 'nb')
    .option('--dry-run', 'only print it')
    .option('--json', 'machine-readable output')
    .action((opts: DigestOptions) => digestCommand(config(), opts));

  program
    .command('overview')
    .description("exactly what a person's overview shows (App Home, the Teams card)")
    .requiredOption('--as <email>', 'the person')
    .option('--json', 'machine-readable output')
    .action((opts: { as: string; json?: boolean }) => overviewCommand(config(), opts));

  program
    .command('commitments')
    .description("a team's commitments: owners, dates, status and planned follow-ups")
    .requiredOption('--team <key>', 'the team key')
    .option('--status <status>', 'open, overdue, done or dropped (default: all)')
    .option('--json', 'machine-readable output')
    .action((opts: { team: string; status?: string; json?: boolean }) => commitmentsCommand(config(), opts));

  program
    .command('calendar')
    .description('when a team gets its prompt in each week of a school year, or why not')
    .requiredOption('--team <key>', 'the team key')
    .requiredOption('--year <year>', 'the school year, e.g. 2026-27')
    .option('--json', 'machine-readable output')
    .action((opts: { team: string; year: string; json?: boolean }) => calendarCommand(config(), opts));

  program
    .command('cycle')
    .description('cycles')
    .command('open')
    .description("open this week's cycle for a team now, even outside working hours")
    .requiredOption('--team <key>', 'the team key')
    .action(async (opts: { team: string }) => {
      const cfg = config();
      const result = await withDatabase(cfg, (db) =>
        openCycleNow({ db, clock: systemClock }, opts.team, 'cli'),
      );
      // With a shared Redis the prompt goes out now; otherwise the running worker's next tick sends it.
      if (cfg.env.REDIS_URL && result.outbox) {
        const redis = createRedisConnection(cfg.env.REDIS_URL);
        const queue = createJobQueue(redis);
        await queue.enqueueSends([result.outbox]);
        await queue.close();
        await redis.quit();
      }
      out(
        `opened cycle ${result.cycle.weekKey} for ${opts.team}; closes ${result.cycle.closesAt.toISOString()}`,
      );
    });

  registerPrivacyCommands(program, config);
  registerRotateKeyCommand(program, config);

  program
    .command('seed')
    .description('load sample data: the demo school, or a synthetic school owner at Oslo scale')
    .addOption(new Option('--scale <scale>', 'demo or oslo').choices(['demo', 'oslo']).default('demo'))
    .option('--until <date>', 'oslo: history up to the week of this day (YYYY-MM-DD; default last week)')
    .action(async (opts: { scale: string; until?: string }) => {
      if (opts.scale === 'oslo') {
        const { describeSeed, seedOslo } = await import('../app/seed/oslo.ts');
        if (opts.until !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.until))
          throw new RefleksError('validation_failed', '--until must be a date YYYY-MM-DD');
        const until = opts.until ? new Date(`${opts.until}T12:00:00Z`) : undefined;
        if (until && Number.isNaN(until.getTime()))
          throw new RefleksError('validation_failed', `--until ${opts.until} is not a date`);
        const report = await withDatabase(config(), (db) =>
          seedOslo(db, { now: systemClock.now(), ...(until ? { until } : {}) }),
        );
        out(describeSeed(report));
        return;
      }
      const org = await loadOrgFile(DEMO_ORG_FILE);
      const report = await withDatabase(config(), (db) =>
        applyOrg(db, org, { now: systemClock.now(), actor: 'cli' }),
      );
      out(`demo school seeded: ${report.created} created, ${report.updated} updated`);
    });

  program
    .command('slack-manifest')
    .description('print the Slack app manifest (JSON) for PUBLIC_URL, to paste into api.slack.com/apps')
    .addOption(
      new Option('--locale <locale>', 'language of what people see in Slack')
        .choices(['nb', 'nn', 'en'])
        .default('nb'),
    )
    .action((opts: { locale: 'nb' | 'nn' | 'en' }) => {
      const { PUBLIC_URL } = config().env;
      if (!PUBLIC_URL)
        throw new RefleksError(
          'validation_failed',
          'set PUBLIC_URL to the address Slack can reach Refleks at',
        );
      out(JSON.stringify(slackManifest(PUBLIC_URL, opts.locale), null, 2));
    });

  program
    .command('teams-package')
    .description('write the Microsoft Teams app package (zip) for MICROSOFT_APP_ID and PUBLIC_URL')
    .option('--out <path>', 'where to write the zip', 'refleks-teams.zip')
    .addOption(
      new Option('--locale <locale>', 'language of what people see in Teams')
        .choices(['nb', 'nn', 'en'])
        .default('nb'),
    )
    .action(async (opts: { out: string; locale: 'nb' | 'nn' | 'en' }) => {
      // Read through the one config schema like everything else; the same environment runs the bot.
      const { MICROSOFT_APP_ID, PUBLIC_URL } = config().env;
      const zip = teamsAppPackage({ appId: MICROSOFT_APP_ID, publicUrl: PUBLIC_URL, locale: opts.locale });
      await writeFile(opts.out, zip);
      out(`wrote ${opts.out}: upload it in the Teams admin center (Teams apps → Manage apps → Upload)`);
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildCli().parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    // A known problem gets its message alone; anything else its stack, since it is a bug.
    console.error(error instanceof RefleksError ? `refleks: ${error.message}` : error);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv).then((code) => process.exit(code));
}
