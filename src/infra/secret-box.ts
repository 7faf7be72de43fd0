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
 *
 * Key rotation: the box may also hold previous keys (REFLEKS_ENCRYPTION_KEY_PREVIOUS). `open` tries the
 * current key first, then each previous one in order; `seal` always uses the current key. GCM's tag
 * tells a wrong key apart from the right one, so trying keys in turn never yields a wrong plaintext.
 * `refleks rotate-key` re-seals every stored value with the current key; then the old ones can go.
 */
export interface SecretBox {
  seal(plain: string): string;
  /** Throws RefleksError('config_invalid') when no key opens it or the value was altered. */
  open(sealed: string): string;
  /** Whether the current key (not a previous one) opens it; throws like `open` when none does. */
  opensWithCurrentKey(sealed: string): boolean;
}

const SALT = 'refleks/secret-box/v1';
const INFO = 'aes-256-gcm token encryption';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MIN_KEY_LENGTH = 32;

function deriveKey(key: string, name: string): Buffer {
  if (key.length < MIN_KEY_LENGTH) {
    throw new RefleksError(
      'config_invalid',
      `${name} must be at least ${MIN_KEY_LENGTH} characters (e.g. \`openssl rand -base64 32\`)`,
    );
  }
  return Buffer.from(hkdfSync('sha256', Buffer.from(key, 'utf8'), SALT, INFO, 32));
}

function decrypt(aesKey: Buffer, iv: Buffer, tag: Buffer, data: Buffer): string | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', aesKey, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** `previousKeys`: older keys that may still open values sealed before a rotation, newest first. */
export function createSecretBox(key: string, previousKeys: readonly string[] = []): SecretBox {
  const aesKey = deriveKey(key, 'REFLEKS_ENCRYPTION_KEY');
  const keys = [
    aesKey,
    ...previousKeys.map((previous) => deriveKey(previous, 'REFLEKS_ENCRYPTION_KEY_PREVIOUS')),
  ];

  /** The plaintext and the index of the key that opened it (0: the current key). */
  const openWithIndex = (sealed: string): { plain: string; index: number } => {
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
    const data = Buffer.from(data64 ?? '', 'base64');
    for (const [index, candidate] of keys.entries()) {
      const plain = decrypt(candidate, iv, tag, data);
      if (plain !== null) return { plain, index };
    }
    throw new RefleksError(
      'config_invalid',
      keys.length > 1
        ? 'a stored secret cannot be decrypted: neither REFLEKS_ENCRYPTION_KEY nor any key in REFLEKS_ENCRYPTION_KEY_PREVIOUS is the key it was sealed with, or the stored value was altered'
        : 'a stored secret cannot be decrypted: REFLEKS_ENCRYPTION_KEY is not the key it was sealed with, or the stored value was altered',
    );
  };

  return {
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', aesKey, iv, { authTagLength: TAG_BYTES });
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return ['v1', iv.toString('base64'), tag.toString('base64'), ciphertext.toString('base64')].join(':');
    },
    open: (sealed) => openWithIndex(sealed).plain,
    opensWithCurrentKey: (sealed) => openWithIndex(sealed).index === 0,
  };
}
