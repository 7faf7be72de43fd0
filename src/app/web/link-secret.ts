import { hkdfSync, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { appSecrets } from '../../db/schema/index.ts';

const NAME = 'overview_link_hmac';
const SALT = 'refleks/overview-links/v1';
const INFO = 'hs256 overview link signing';

/**
 * The key that signs web-overview links. From REFLEKS_ENCRYPTION_KEY when the operator set one (so
 * rotating that key also ends every link); otherwise a random key Refleks makes once and keeps in the
 * database, so the web and worker processes agree without any configuration (docs/adr/0008).
 */
export async function overviewLinkSecret(db: Db, encryptionKey: string | undefined): Promise<string> {
  if (encryptionKey)
    return Buffer.from(hkdfSync('sha256', encryptionKey, SALT, INFO, 32)).toString('base64url');
  // Two processes starting at once: the first insert wins and both read the winner.
  await db
    .insert(appSecrets)
    .values({ name: NAME, value: randomBytes(32).toString('base64url') })
    .onConflictDoNothing();
  const [row] = await db.select().from(appSecrets).where(eq(appSecrets.name, NAME));
  if (!row) throw new Error('the overview link key could not be stored');
  return row.value;
}
