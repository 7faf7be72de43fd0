import type { ChatAdapter } from '../core/chat/port.ts';
import { RateLimitedError } from '../core/errors.ts';
import type { Metrics } from '../http/metrics.ts';

/**
 * The same adapter, counting every call that goes to the platform by outcome, so /metrics shows the
 * sends and the 429s per platform without each adapter knowing about metrics.
 */
export function instrumentedAdapter(adapter: ChatAdapter, metrics: Metrics): ChatAdapter {
  const counted =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        const result = await call(...args);
        metrics.platformRequests.inc({ platform: adapter.platform, outcome: 'ok' });
        return result;
      } catch (error) {
        const outcome = error instanceof RateLimitedError ? 'rate_limited' : 'failed';
        metrics.platformRequests.inc({ platform: adapter.platform, outcome });
        throw error;
      }
    };
  return {
    platform: adapter.platform,
    post: counted(adapter.post.bind(adapter)),
    update: counted(adapter.update.bind(adapter)),
    reply: counted(adapter.reply.bind(adapter)),
    openDirect: counted(adapter.openDirect.bind(adapter)),
    lookupUser: counted(adapter.lookupUser.bind(adapter)),
    ...(adapter.publishHome ? { publishHome: counted(adapter.publishHome.bind(adapter)) } : {}),
  };
}
