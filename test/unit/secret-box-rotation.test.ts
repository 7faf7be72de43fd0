import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, previousEncryptionKeys, redactedConfig } from '../../src/config.ts';
import { RefleksError } from '../../src/core/errors.ts';
import { createSecretBox } from '../../src/infra/secret-box.ts';

const OLD = 'the-old-refleks-key-0123456789-abcdef';
const OLDER = 'an-even-older-refleks-key-0123456789-xyz';
const NEW = 'the-new-refleks-key-9876543210-zyxwvu';

const refusal = (fn: () => unknown): RefleksError => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RefleksError);
    return error as RefleksError;
  }
  throw new Error('expected a refusal');
};

describe('the secret box with previous keys (REFLEKS_ENCRYPTION_KEY_PREVIOUS)', () => {
  it('opens a value sealed with an old key once the old key is listed as previous', () => {
    const sealed = createSecretBox(OLD).seal('xoxb-sealed-long-ago');
    expect(refusal(() => createSecretBox(NEW).open(sealed)).code).toBe('config_invalid');
    const rotating = createSecretBox(NEW, [OLDER, OLD]);
    expect(rotating.open(sealed)).toBe('xoxb-sealed-long-ago');
    expect(rotating.opensWithCurrentKey(sealed)).toBe(false);
  });

  it('seals with the current key only: the new key alone opens what it seals', () => {
    const rotating = createSecretBox(NEW, [OLD]);
    const sealed = rotating.seal('xoxb-fresh');
    expect(rotating.opensWithCurrentKey(sealed)).toBe(true);
    expect(createSecretBox(NEW).open(sealed)).toBe('xoxb-fresh');
    expect(refusal(() => createSecretBox(OLD).open(sealed)).code).toBe('config_invalid');
  });

  it('still refuses a value no key opens, naming both settings and echoing nothing secret', () => {
    const sealed = createSecretBox('a-key-nobody-has-anymore-0123456789').seal('xoxb-lost');
    const error = refusal(() => createSecretBox(NEW, [OLD]).open(sealed));
    expect(error.code).toBe('config_invalid');
    expect(error.message).toContain('REFLEKS_ENCRYPTION_KEY_PREVIOUS');
    for (const secret of ['xoxb', NEW, OLD]) expect(error.message).not.toContain(secret);
    expect(refusal(() => createSecretBox(NEW, ['short'])).message).toContain(
      'REFLEKS_ENCRYPTION_KEY_PREVIOUS',
    );
  });

  it('reads REFLEKS_ENCRYPTION_KEY_PREVIOUS as a comma-separated list and never shows it', () => {
    const config = loadConfig({
      REFLEKS_ENCRYPTION_KEY: NEW,
      REFLEKS_ENCRYPTION_KEY_PREVIOUS: ` ${OLD} ,${OLDER}`,
    });
    expect(previousEncryptionKeys(config.env)).toEqual([OLD, OLDER]);
    expect(redactedConfig(config).REFLEKS_ENCRYPTION_KEY_PREVIOUS).toBe('(set)');
    expect(previousEncryptionKeys(loadConfig({}).env)).toEqual([]);
  });

  it('refuses a short previous key, or previous keys without a current one, without echoing them', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).problems;
      }
      throw new Error('expected a ConfigError');
    };
    const short = problems({
      REFLEKS_ENCRYPTION_KEY: NEW,
      REFLEKS_ENCRYPTION_KEY_PREVIOUS: `${OLD},too-short`,
    });
    expect(short).toHaveLength(1);
    expect(short[0]).toMatch(/^REFLEKS_ENCRYPTION_KEY_PREVIOUS: .*32 characters/);
    expect(short[0]).not.toContain(OLD);
    expect(problems({ REFLEKS_ENCRYPTION_KEY_PREVIOUS: OLD })[0]).toMatch(
      /^REFLEKS_ENCRYPTION_KEY: .*PREVIOUS/,
    );
  });

  it('reads the limits with their defaults', () => {
    expect(loadConfig({}).env).toMatchObject({
      REFLEKS_MAX_BODY_BYTES: 1024 * 1024,
      REFLEKS_INBOUND_PER_TENANT_PER_SECOND: 50,
    });
    expect(() => loadConfig({ REFLEKS_INBOUND_PER_TENANT_PER_SECOND: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ REFLEKS_MAX_BODY_BYTES: 'lots' })).toThrow(ConfigError);
  });
});
