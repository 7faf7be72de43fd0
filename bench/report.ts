import { execFileSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';
import type { BenchRow, BenchSection } from './result.ts';

/** The machine a run was on: the numbers mean little without it. */
function machine(): string {
  const cpu = cpus();
  let postgres = 'PostgreSQL (version unknown)';
  let redis = 'Redis (version unknown)';
  try {
    postgres = execFileSync('postgres', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    try {
      const bin = execFileSync('sh', ['-c', 'ls -d /usr/lib/postgresql/*/bin | tail -1'], {
        encoding: 'utf8',
      });
      postgres = execFileSync(`${bin.trim()}/postgres`, ['--version'], { encoding: 'utf8' }).trim();
    } catch {}
  }
  try {
    redis = execFileSync('redis-server', ['--version'], { encoding: 'utf8' }).split(' sha=')[0]!.trim();
  } catch {}
  return [
    `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}`,
    `${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM`,
    `Linux ${release()}`,
    `Node ${process.version}`,
    postgres,
    redis,
  ].join(', ');
}

const mark = (met: boolean | null) => (met === null ? '' : met ? 'met' : 'MISSED');

export function renderResults(
  sections: Array<[string, BenchSection]>,
  run: { seconds: number; scale: number },
): { table: string; markdown: string } {
  const rows: BenchRow[] = sections.flatMap(([, s]) => s.rows);
  const width = (pick: (r: BenchRow) => string) => Math.max(...rows.map((r) => pick(r).length), 4);
  const [wm, wv, wt] = [width((r) => r.measure), width((r) => r.value), width((r) => r.target)];
  const table = rows
    .map(
      (r) =>
        `${r.area.padEnd(8)} ${r.measure.padEnd(wm)}  ${r.value.padEnd(wv)}  ${r.target.padEnd(wt)}  ${mark(r.met)}`,
    )
    .join('\n');
  const missed = rows.filter((r) => r.met === false);
  const cell = (text: string) => text.replaceAll('|', '\\|');
  const markdown = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC in ${(run.seconds / 60).toFixed(1)} minutes.`,
    '',
    `Machine: ${machine()}. Load average ${loadavg()[0]?.toFixed(1)} at the end of the run.`,
    '',
    missed.length
      ? `**${missed.length} of ${rows.filter((r) => r.met !== null).length} targets missed** (see the notes and docs/performance.md for why).`
      : `All ${rows.filter((r) => r.met !== null).length} targets met.`,
    '',
    '| area | measure | value | target | |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) => `| ${r.area} | ${cell(r.measure)} | ${cell(r.value)} | ${cell(r.target)} | ${mark(r.met)} |`,
    ),
    '',
    '## Notes',
    '',
    ...rows.filter((r) => r.note).map((r) => `- **${cell(r.measure)}**: ${r.note}`),
    '',
    '## Set-up',
    '',
    ...sections.flatMap(([, s]) => s.setup.map((line) => `- ${line}`)),
    '',
  ].join('\n');
  return { table, markdown };
}
