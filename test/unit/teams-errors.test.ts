import { describe, expect, it } from 'vitest';
import { toCoreError } from '../../adapters/teams/errors.ts';
import { NotFoundError, PermanentDeliveryError, RateLimitedError } from '../../src/core/errors.ts';

const restError = (statusCode: number, code?: string, retryAfter?: string) => ({
  statusCode,
  code,
  response: { headers: { get: (name: string) => (name === 'retry-after' ? (retryAfter ?? null) : null) } },
});

describe('Bot Framework connector errors in the core’s terms', () => {
  it('429 waits for Retry-After', () => {
    const mapped = toCoreError(restError(429, 'Throttled', '3'));
    expect(mapped).toBeInstanceOf(RateLimitedError);
    expect((mapped as RateLimitedError).retryAfterMs).toBe(3_000);
  });

  it('a blocked person and a bot removed from the conversation are permanent, and say what is gone', () => {
    const blocked = toCoreError(restError(403, 'ConversationBlockedByUser'));
    expect(blocked).toBeInstanceOf(PermanentDeliveryError);
    expect((blocked as PermanentDeliveryError).unreachable).toBe('person');
    const removed = toCoreError(restError(403, 'BotNotInConversationRoster'));
    expect((removed as PermanentDeliveryError).unreachable).toBe('conversation');
  });

  it('a missing activity is NotFound; 412 and 5xx stay retryable', () => {
    expect(toCoreError(restError(404, 'ActivityNotFound'))).toBeInstanceOf(NotFoundError);
    for (const status of [412, 502, 503, 504]) {
      const original = restError(status);
      expect(toCoreError(original)).toBe(original);
    }
  });
});
