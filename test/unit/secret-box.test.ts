import { describe, expect, it } from 'vitest';
import { RefleksError } from '../../src/core/errors.ts';
import { createSecretBox } from '../../src/infra/secret-box.ts';

const KEY = 'refleks-test-key-0123456789-abcdefghij';
const OTHER_KEY = 'another-refleks-test-key-0123456789';

const refusal = (fn: () => unknown): RefleksError => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RefleksError);
    return error as RefleksError;
  }
  throw new Error('expected a refusal');
};

describe('the secret box (AES-256-GCM, key from REFLEKS_ENCRYPTION_KEY)', () => {
  const box = createSecretBox(KEY);

  it('opens what it sealed, in the documented v1 format', () => {
    const plain = 'xoxb-1234-5678-abcdefghijklmnop æøå';
    const sealed = box.seal(plain);
    expect(sealed).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]*$/);
    const [, iv, tag] = sealed.split(':');
    expect(Buffer.from(iv!, 'base64')).toHaveLength(12);
    expect(Buffer.from(tag!, 'base64')).toHaveLength(16);
    expect(sealed).not.toContain('xoxb');
    expect(box.open(sealed)).toBe(plain);
    expect(createSecretBox(KEY).open(sealed)).toBe(plain);
    expect(box.open(box.seal(''))).toBe('');
  });

  it('seals the same plaintext differently every time', () => {
    const a = box.seal('xoxb-same');
    const b = box.seal('xoxb-same');
    expect(a).not.toBe(b);
    expect(a.split(':')[1]).not.toBe(b.split(':')[1]);
    expect(box.open(a)).toBe(box.open(b));
  });

  it('detects tampering with the ciphertext, the tag or the IV', () => {
    const sealed = box.seal('xoxb-tamper-me');
    const [v, iv, tag, data] = sealed.split(':') as [string, string, string, string];
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      return bytes.toString('base64');
    };
    for (const altered of [
      [v, iv, tag, flip(data)],
      [v, iv, flip(tag), data],
      [v, flip(iv), tag, data],
    ]) {
      const error = refusal(() => box.open(altered.join(':')));
      expect(error.code).toBe('config_invalid');
      expect(error.message).toMatch(/REFLEKS_ENCRYPTION_KEY|altered/);
    }
    expect(refusal(() => box.open('xoxb-plain-token')).code).toBe('config_invalid');
    expect(refusal(() => box.open(`v2:${iv}:${tag}:${data}`)).message).toMatch(/sealed format/);
  });

  it('refuses to open with the wrong key, saying so and not echoing anything secret', () => {
    const sealed = box.seal('xoxb-secret-token');
    const error = refusal(() => createSecretBox(OTHER_KEY).open(sealed));
    expect(error.code).toBe('config_invalid');
    expect(error.message).toContain('REFLEKS_ENCRYPTION_KEY');
    expect(error.message).not.toContain('xoxb');
    expect(error.message).not.toContain(OTHER_KEY);
  });

  it('refuses a key shorter than 32 characters', () => {
    expect(refusal(() => createSecretBox('too-short')).code).toBe('config_invalid');
  });
});
