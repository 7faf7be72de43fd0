#!/usr/bin/env node
// `npm audit --omit=dev` for CI: fails on a high or critical advisory in what Refleks ships. When the
// advisory service cannot be reached (offline, or a registry proxy that refuses its POST), it says so
// plainly and does not fail: an unreachable service is not a finding, but it is not a pass either.
import { spawnSync } from 'node:child_process';

const say = (line) => process.stdout.write(`${line}\n`);

const result = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
let report;
try {
  report = JSON.parse(result.stdout || '{}');
} catch {
  report = {};
}

const counts = report.metadata?.vulnerabilities;
if (counts) {
  const serious = (counts.high ?? 0) + (counts.critical ?? 0);
  say(
    `npm audit --omit=dev: ${counts.critical ?? 0} critical, ${counts.high ?? 0} high, ${counts.moderate ?? 0} moderate, ${counts.low ?? 0} low`,
  );
  if (serious > 0) {
    for (const [name, v] of Object.entries(report.vulnerabilities ?? {})) {
      if (v.severity === 'high' || v.severity === 'critical') say(`  ${v.severity}: ${name} (${v.range})`);
    }
    process.exit(1);
  }
  process.exit(0);
}

const why = report.error?.summary || report.message || result.stderr.trim().split('\n').pop() || 'no answer';
say(`npm audit --omit=dev: NOT CHECKED, the advisory service could not be reached (${why})`);
