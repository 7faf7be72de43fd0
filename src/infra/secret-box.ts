import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { RefleksError } from '../core/errors.ts';

/**
 * Seals secrets (platform tokens) for storage at rest, with AES-256-GCM.
 *
 * The 256-bit key is derived from REFLEKS_ENCRYPTION_KEY with HKDF-SHA256 and a fixed salt and info
 * (below). They are not secret; they only separate this use of the key from any other. Changing either
 * makes every sealed value unreadable, so they never change: a new scheme gets a new version prefix.
 *
 * Sealed form: `v1:<base64 iv>:<base64 tag>:<base64 ciphertext>` with a random 12-byte IV per seal,
 * so the same plaintext seals differently every time.
 */
export interface SecretBox {
  seal(plain: string): string;
  /** Throws RefleksError('config_invalid') when the key is wrong or the value was altered. */
  open(sealed: string): string;
}

const SALT = 'refleks/secret-box/v1';
const INFO = 'aes-256-gcm token encryption';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MIN_KEY_LENGTH = 32;

export function createSecretBox(key: string): SecretBox {
  if (key.length < MIN_KEY_LENGTH) {
    throw new RefleksError(
      'config_invalid',
      `REFLEKS_ENCRYPTION_KEY must be at least ${MIN_KEY_LENGTH} characters (e.g. \`openssl rand -base64 32\`)`,
    );
  }
  const aesKey = Buffer.from(hkdfSync('sha256', Buffer.from(key, 'utf8'), SALT, INFO, 32));

  return {
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', aesKey, iv, { authTagLength: TAG_BYTES });
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return ['v1', iv.toString('base64'), tag.toString('base64'), ciphertext.toString('base64')].join(':');
    },

    open(sealed) {
      const parts = sealed.split(':');
      const [version, iv64, tag64, data64] = parts;
      if (parts.length !== 4 || version !== 'v1' || iv64 === undefined || tag64 === undefined) {
        throw new RefleksError(
          'config_invalid',
          'a stored secret is not in the sealed format Refleks writes (expected v1:iv:tag:ciphertext)',
        );
      }
      const iv = Buffer.from(iv64, 'base64');
      const tag = Buffer.from(tag64, 'base64');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
        throw new RefleksError('config_invalid', 'a stored secret is damaged (bad IV or tag length)');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', aesKey, iv, { authTagLength: TAG_BYTES });
        decipher.setAuthTag(tag);
        return Buffer.concat([
          decipher.update(Buffer.from(data64 ?? '', 'base64')),
          decipher.final(),
        ]).toString('utf8');
      } catch (error) {
        throw new RefleksError(
          'config_invalid',
          'a stored secret cannot be decrypted: REFLEKS_ENCRYPTION_KEY is not the key it was sealed with, or the stored value was altered',
          { cause: error },
        );
      }
    },
  };
}
