import {
  NotFoundError,
  PermanentDeliveryError,
  RateLimitedError,
  type Unreachable,
} from '../../src/core/errors.ts';

/** Slack errors that no retry can fix, and what each says is gone: the channel, the person, or us. */
const PERMANENT: Record<string, Unreachable> = {
  not_in_channel: 'conversation',
  channel_not_found: 'conversation',
  is_archived: 'conversation',
  account_inactive: 'person',
  user_not_found: 'person',
  user_disabled: 'person',
  cannot_dm_bot: 'person',
  invalid_auth: 'installation',
  not_authed: 'installation',
  token_revoked: 'installation',
  token_expired: 'installation',
  team_access_not_granted: 'installation',
  missing_scope: 'installation',
  restricted_action: 'conversation',
};

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
    const unreachable = PERMANENT[slackError];
    if (unreachable) return new PermanentDeliveryError(`Slack: ${slackError}`, { cause: error, unreachable });
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
