// V8 flags for the worker role (`refleks serve --role worker`), shared by bin/refleks.mjs and the
// benchmarks. Without a cap V8 lets the heap grow long before it collects: the worker reached 440 MiB
// of RSS in the Oslo fan-out, and 230 MiB with this cap at the same speed (bench/results.md). 128 MB
// of old space holds its live data with room to spare. The web role is left uncapped: under more
// requests than it can answer its backlog needs the memory, and a cap turned that into a crash.
// CLI commands such as `seed --scale oslo` build far more at once. An operator's own NODE_OPTIONS
// come after ours and win.
export const SERVE_NODE_OPTIONS = '--max-old-space-size=128 --max-semi-space-size=4';

/** NODE_OPTIONS for a worker process: ours first, the operator's after them. */
export function serveNodeOptions(existing = '') {
  return `${SERVE_NODE_OPTIONS} ${existing}`.trim();
}

/** `serve --role worker` (or `--role=worker`): the process the cap is for. */
export function isWorker(args) {
  if (args[0] !== 'serve') return false;
  const i = args.indexOf('--role');
  return args.includes('--role=worker') || (i >= 0 && args[i + 1] === 'worker');
}
