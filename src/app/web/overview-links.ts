import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { sign, verify } from 'hono/jwt';
import type { Clock } from '../../core/clock.ts';
import { RefleksError } from '../../core/errors.ts';
import { isUuid } from '../../core/loop/ids.ts';
import type { Db } from '../../db/client.ts';
import { roleAssignments } from '../../db/schema/index.ts';
import { overviewLinkSecret } from './link-secret.ts';

export type LinkRejection = 'invalid' | 'expired' | 'scope_changed';

/** A link that does not open the overview, and why; `personId` only when the signature was good. */
export class LinkRejectedError extends RefleksError {
  readonly reason: LinkRejection;
  readonly personId: string | undefined;
  constructor(reason: LinkRejection, personId?: string) {
    super('link_rejected', `overview link rejected: ${reason}`);
    this.reason = reason;
    this.personId = personId;
  }
}

export interface OverviewLinks {
  /** A link for this person (and their roles as they are now), valid for `hours` (default: configured). */
  issue(personId: string, options?: { hours?: number }): Promise<{ url: string; expiresAt: Date }>;
  /** The person the link was made for; throws LinkRejectedError. */
  verify(token: string): Promise<{ personId: string; expiresAt: Date }>;
}

/** What a link opens: the path it lives under, and whether a change of roles ends it. */
export interface LinkKind {
  purpose: string;
  path: string;
  /** A leader's overview shows what their roles allow: new roles, new link. A person's own data does not. */
  scoped: boolean;
}

const OVERVIEW: LinkKind = { purpose: 'overview', path: 'overview', scoped: true };
/** A person's own data (`/refleks my-data`): short-lived, since it is everything they wrote. */
export const MY_DATA: LinkKind = { purpose: 'my-data', path: 'my-data', scoped: false };
export const MY_DATA_LINK_HOURS = 1;

/**
 * The person's roles, hashed: a link carries this, so a link made before a department head lost a
 * team (or a rector moved school) stops working instead of showing the old scope.
 */
async function scopeFingerprint(db: Db, personId: string): Promise<string> {
  const roles = await db.select().from(roleAssignments).where(eq(roleAssignments.personId, personId));
  const lines = roles.map((r) => `${r.role}:${r.scopeKind}:${r.scopeId}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('base64url').slice(0, 22);
}

/**
 * Signed, expiring links to the web overview: HS256 JWTs (hono/jwt) checked for signature by the
 * library and for expiry against Refleks's own clock, so tests with a manual clock see real expiry.
 */
export function createOverviewLinks(options: {
  db: Db;
  clock: Clock;
  encryptionKey?: string | undefined;
  /** Where people reach this server: PUBLIC_URL, or the address it listens on. */
  baseUrl: () => string;
  hours: number;
  kind?: LinkKind;
}): OverviewLinks {
  const { db, clock } = options;
  const kind = options.kind ?? OVERVIEW;
  const fingerprint = (personId: string) => (kind.scoped ? scopeFingerprint(db, personId) : 'person');
  let secret: Promise<string> | null = null;
  const key = () => {
    secret ??= overviewLinkSecret(db, options.encryptionKey).catch((error) => {
      secret = null;
      throw error;
    });
    return secret;
  };

  return {
    async issue(personId, issueOptions = {}) {
      const now = Math.floor(clock.now().getTime() / 1000);
      const exp = now + Math.round((issueOptions.hours ?? options.hours) * 3600);
      const payload = {
        sub: personId,
        scope: await fingerprint(personId),
        purpose: kind.purpose,
        iat: now,
        exp,
      };
      const token = await sign(payload, await key(), 'HS256');
      return {
        url: `${options.baseUrl().replace(/\/$/, '')}/${kind.path}/${token}`,
        expiresAt: new Date(exp * 1000),
      };
    },

    async verify(token) {
      // Outside the try: a database that is briefly gone is an outage, not a bad link.
      const secretKey = await key();
      let payload: Record<string, unknown>;
      try {
        payload = await verify(token, secretKey, { alg: 'HS256', exp: false, nbf: false, iat: false });
      } catch {
        throw new LinkRejectedError('invalid');
      }
      const { sub, exp, scope, purpose } = payload;
      if (purpose !== kind.purpose || typeof sub !== 'string' || !isUuid(sub) || typeof exp !== 'number')
        throw new LinkRejectedError('invalid');
      if (exp * 1000 <= clock.now().getTime()) throw new LinkRejectedError('expired', sub);
      if (scope !== (await fingerprint(sub))) throw new LinkRejectedError('scope_changed', sub);
      return { personId: sub, expiresAt: new Date(exp * 1000) };
    },
  };
}
