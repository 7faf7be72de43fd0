import type { TurnContext } from 'botbuilder';
import { NotFoundError, PermanentDeliveryError, RateLimitedError } from '../../src/core/errors.ts';

interface ConnectorError {
  statusCode?: number;
  code?: string;
  message?: string;
  response?: { headers?: { get?(name: string): string | null } | Record<string, string> };
  details?: { error?: { code?: string } };
}

function retryAfterMs(error: ConnectorError): number | null {
  const headers = error.response?.headers;
  const raw =
    typeof headers?.get === 'function'
      ? headers.get('retry-after')
      : (headers as Record<string, string> | undefined)?.['retry-after'];
  const seconds = Number(raw);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
}

/**
 * The Bot Framework connector's answers in the core's terms (reference/platforms.md): 429 waits for
 * Retry-After; 403 ConversationBlockedByUser / BotNotInConversationRoster will not get better by
 * retrying; 412/5xx are retried by the outbox with back-off.
 */
export function toCoreError(error: unknown): unknown {
  const e = (error ?? {}) as ConnectorError;
  const code = e.details?.error?.code ?? e.code ?? '';
  if (e.statusCode === 429) return new RateLimitedError(retryAfterMs(e) ?? 1_000);
  if (e.statusCode === 403 && code === 'ConversationBlockedByUser') {
    return new PermanentDeliveryError(`Teams: ${code}`, { cause: error, unreachable: 'person' });
  }
  if (e.statusCode === 403 && code === 'BotNotInConversationRoster') {
    return new PermanentDeliveryError(`Teams: ${code}`, { cause: error, unreachable: 'conversation' });
  }
  if (e.statusCode === 404) return new NotFoundError(`Teams: ${e.message ?? 'not found'}`);
  return error;
}

export async function teamsCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toCoreError(error);
  }
}

/**
 * Runs a proactive turn (continueConversationAsync). botbuilder hands an error thrown inside a turn to
 * the adapter's onTurnError, which only logs, and returns normally: a refused message would count as
 * sent. So the error is caught inside the turn and thrown again outside, in the core's terms.
 */
export async function proactive(
  start: (logic: (context: TurnContext) => Promise<void>) => Promise<void>,
  logic: (context: TurnContext) => Promise<void>,
): Promise<void> {
  let failure: { error: unknown } | null = null;
  await teamsCall(() =>
    start(async (context) => {
      try {
        await logic(context);
      } catch (error) {
        failure = { error };
      }
    }),
  );
  if (failure) throw toCoreError((failure as { error: unknown }).error);
}
