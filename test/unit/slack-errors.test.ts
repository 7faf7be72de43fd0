import { describe, expect, it } from 'vitest';
import { toCoreError } from '../../adapters/slack/errors.ts';
import { NotFoundError, PermanentDeliveryError, RateLimitedError } from '../../src/core/errors.ts';

const platformError = (error: string) => ({
  code: 'slack_webapi_platform_error',
  data: { ok: false, error },
});

describe('Slack errors in the core’s terms', () => {
  it('a 429 becomes RateLimited with Slack’s Retry-After in milliseconds', () => {
    const mapped = toCoreError({ code: 'slack_webapi_rate_limited_error', retryAfter: 7 });
    expect(mapped).toBeInstanceOf(RateLimitedError);
    expect((mapped as RateLimitedError).retryAfterMs).toBe(7_000);
  });

  it('a gone channel, person or installation is permanent; a gone message is NotFound', () => {
    for (const error of [
      'not_in_channel',
      'channel_not_found',
      'is_archived',
      'account_inactive',
      'token_revoked',
    ]) {
      expect(toCoreError(platformError(error)), error).toBeInstanceOf(PermanentDeliveryError);
    }
    expect(toCoreError(platformError('message_not_found'))).toBeInstanceOf(NotFoundError);
  });

  it('anything else stays as it is, to be retried', () => {
    const original = platformError('internal_error');
    expect(toCoreError(original)).toBe(original);
    const network = new Error('socket hang up');
    expect(toCoreError(network)).toBe(network);
  });
});
