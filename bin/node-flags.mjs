// V8 flags for the long-running roles (`refleks serve`), shared by bin/refleks.mjs and the benchmarks.
// Without a cap V8 lets the heap grow long before it collects: the worker reached 440 MiB of RSS in
// the Oslo fan-out, and 220 MiB with this cap at the same speed (bench/results.md). 128 MB of old
// space holds the roles' live data with room to spare; CLI commands such as `seed --scale oslo` build
// far more at once and run without it. An operator's own NODE_OPTIONS come after ours and win.
export const SERVE_NODE_OPTIONS = '--max-old-space-size=128 --max-semi-space-size=4';

/** NODE_OPTIONS for a `serve` process: ours first, the operator's after them. */
export function serveNodeOptions(existing = '') {
  return `${SERVE_NODE_OPTIONS} ${existing}`.trim();
}
