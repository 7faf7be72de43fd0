import { NotFoundError, PermanentDeliveryError, RateLimitedError } from '../../src/core/errors.ts';

/** Slack errors that no retry can fix: the channel, the person or the installation is gone. */
const PERMANENT = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'account_inactive',
  'user_not_found',
  'user_disabled',
  'cannot_dm_bot',
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'team_access_not_granted',
  'missing_scope',
  'restricted_action',
]);

interface SlackCallError {
  code?: string;
  retryAfter?: number;
  data?: { error?: string };
  message?: string;
}

/**
 * Translates a @slack/web-api error into the core's errors, so the outbox knows whether to wait
 * (429: Slack's own Retry-After), to give up (the channel is gone), or to try again later.
 */
export function toCoreError(error: unknown): unknown {
  const e = (error ?? {}) as SlackCallError;
  if (e.code === 'slack_webapi_rate_limited_error') return new RateLimitedError((e.retryAfter ?? 1) * 1000);
  const slackError = e.data?.error;
  if (e.code === 'slack_webapi_platform_error' && slackError) {
    if (slackError === 'message_not_found') return new NotFoundError(`Slack: ${slackError}`);
    if (PERMANENT.has(slackError))
      return new PermanentDeliveryError(`Slack: ${slackError}`, { cause: error });
  }
  return error;
}

export async function slackCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toCoreError(error);
  }
}
