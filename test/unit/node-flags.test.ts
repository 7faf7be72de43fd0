import { describe, expect, it } from 'vitest';
import { SERVE_NODE_OPTIONS, serveNodeOptions } from '../../bin/node-flags.mjs';

describe('the V8 flags of `refleks serve`', () => {
  it('caps the heap, and lets an operator’s own NODE_OPTIONS come after ours (the last flag wins)', () => {
    expect(SERVE_NODE_OPTIONS).toMatch(/--max-old-space-size=\d+/);
    expect(serveNodeOptions()).toBe(SERVE_NODE_OPTIONS);
    expect(serveNodeOptions('--max-old-space-size=512')).toBe(
      `${SERVE_NODE_OPTIONS} --max-old-space-size=512`,
    );
  });
});
