/**
 * Every error Refleks raises on purpose carries a stable code, so callers (adapters, jobs, the CLI)
 * can decide by code and not by message text.
 */
export type ErrorCode =
  | 'config_invalid'
  | 'org_invalid'
  | 'validation_failed'
  | 'not_found'
  | 'forbidden'
  | 'cycle_closed'
  | 'rate_limited'
  | 'permanent_delivery'
  | 'dependency_missing'
  | 'link_rejected'
  | 'queue_unavailable';

export class RefleksError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A platform asked us to slow down; `retryAfterMs` is what it told us (or our best guess). */
export class RateLimitedError extends RefleksError {
  readonly retryAfterMs: number;
  constructor(retryAfterMs: number, message = 'rate limited by the chat platform') {
    super('rate_limited', message);
    this.retryAfterMs = retryAfterMs;
  }
}

/** What a permanent failure says is out of reach, so the right thing can be marked unreachable. */
export type Unreachable = 'conversation' | 'person' | 'installation';

/** Retrying will not help: the channel is gone, the bot was removed, the user blocked us. */
export class PermanentDeliveryError extends RefleksError {
  readonly unreachable: Unreachable | undefined;
  constructor(message: string, options?: { cause?: unknown; unreachable?: Unreachable }) {
    super('permanent_delivery', message, options);
    this.unreachable = options?.unreachable;
  }
}

export class NotFoundError extends RefleksError {
  constructor(message: string) {
    super('not_found', message);
  }
}

/** Input a person typed was rejected; `field` names the form field, `messageKey` the catalog text. */
export class ValidationError extends RefleksError {
  readonly fieldErrors: Record<string, string>;
  constructor(fieldErrors: Record<string, string>, message = 'validation failed') {
    super('validation_failed', message);
    this.fieldErrors = fieldErrors;
  }
}

export class CycleClosedError extends RefleksError {
  constructor(cycleId: string) {
    super('cycle_closed', `cycle ${cycleId} is closed`);
  }
}
