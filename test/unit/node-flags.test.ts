import { describe, expect, it } from 'vitest';
import { isWorker, SERVE_NODE_OPTIONS, serveNodeOptions } from '../../bin/node-flags.mjs';

describe('the V8 flags of `refleks serve --role worker`', () => {
  it('are for the worker role only: the web role’s backlog under overload needs the memory', () => {
    expect(isWorker(['serve', '--role', 'worker'])).toBe(true);
    expect(isWorker(['serve', '--role=worker'])).toBe(true);
    expect(isWorker(['serve', '--role', 'web'])).toBe(false);
    expect(isWorker(['serve'])).toBe(false);
    expect(isWorker(['seed', '--scale', 'oslo'])).toBe(false);
  });

  it('caps the heap, and lets an operator’s own NODE_OPTIONS come after ours (the last flag wins)', () => {
    expect(SERVE_NODE_OPTIONS).toMatch(/--max-old-space-size=\d+/);
    expect(serveNodeOptions()).toBe(SERVE_NODE_OPTIONS);
    expect(serveNodeOptions('--max-old-space-size=512')).toBe(
      `${SERVE_NODE_OPTIONS} --max-old-space-size=512`,
    );
  });
});
