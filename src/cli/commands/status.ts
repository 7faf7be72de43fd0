import { teamStatuses } from '../../app/status.ts';
import type { Config } from '../../config.ts';
import { withDatabase } from '../with-database.ts';

export async function statusCommand(config: Config, options: { json?: boolean }): Promise<void> {
  const statuses = await withDatabase(config, (db) => teamStatuses(db));
  if (options.json) {
    process.stdout.write(`${JSON.stringify(statuses, null, 2)}\n`);
    return;
  }
  if (!statuses.length) {
    process.stdout.write('No teams yet. Apply an organisation file: refleks apply -f org.yaml\n');
    return;
  }
  for (const s of statuses) {
    const next = s.nextPromptAt ? `${s.nextPromptAt} (${s.nextPromptWeek})` : 'none scheduled';
    const open = s.openCycle
      ? `open ${s.openCycle.week}, step ${s.openCycle.step}: ${s.openCycle.answered} of ${s.openCycle.expected} answered, closes ${s.openCycle.closesAt}`
      : 'no open cycle';
    const reach = s.unreachable ? `; UNREACHABLE since ${s.unreachable.since}: ${s.unreachable.reason}` : '';
    const people = s.unreachablePeople.length
      ? `; cannot write to ${s.unreachablePeople.map((p) => `${p.email} (${p.reason})`).join(', ')}`
      : '';
    process.stdout.write(
      `${s.team} (${s.name}, ${s.platform}): next prompt ${next}; ${open}${reach}${people}\n`,
    );
  }
}
