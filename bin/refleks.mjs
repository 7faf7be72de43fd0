#!/usr/bin/env node
// The operator command. Runs the TypeScript sources through tsx, so there is no build step to forget.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isWorker, serveNodeOptions } from './node-flags.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    env: isWorker(process.argv.slice(2))
      ? { ...process.env, NODE_OPTIONS: serveNodeOptions(process.env.NODE_OPTIONS) }
      : process.env,
  },
);
process.exit(result.status ?? 1);
