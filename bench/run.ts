/**
 * `npm run bench`: fan-out, reads and inbound at Oslo scale, each against the targets of issue 9,
 * printed as one table and written to bench/results.md with the machine and the date. Numbers are
 * measured here and never asserted in the tests. BENCH_ONLY=fanout,reads,inbound runs a subset;
 * BENCH_SCALE=0.1 runs the fan-out on a tenth of Oslo's schools, to try it out.
 */
import { writeFileSync } from 'node:fs';
import { runFanoutBench } from './fanout-section.ts';
import { runInboundBench } from './inbound.ts';
import { runReadsBench } from './reads.ts';
import { renderResults } from './report.ts';
import type { BenchSection } from './result.ts';
import { startBenchServices } from './services.ts';

const only = new Set((process.env.BENCH_ONLY ?? 'fanout,reads,inbound').split(',').map((s) => s.trim()));
const scale = Number(process.env.BENCH_SCALE ?? 1);

const started = Date.now();
const services = await startBenchServices();
const sections: Array<[string, BenchSection]> = [];
try {
  const parts: Array<[string, () => Promise<BenchSection>]> = [
    ['fanout', () => runFanoutBench(services, scale)],
    ['reads', () => runReadsBench(services)],
    ['inbound', () => runInboundBench(services)],
  ];
  for (const [name, run] of parts) {
    if (!only.has(name)) continue;
    process.stdout.write(`bench: ${name}…\n`);
    sections.push([name, await run()]);
  }
} finally {
  await services.stop();
}
const { table, markdown } = renderResults(sections, { seconds: (Date.now() - started) / 1000, scale });
process.stdout.write(`\n${table}\n`);
if (only.size === 3 && scale === 1) {
  writeFileSync(new URL('./results.md', import.meta.url), markdown);
  process.stdout.write('written to bench/results.md\n');
} else {
  process.stdout.write('a partial run: bench/results.md left as it was\n');
}
