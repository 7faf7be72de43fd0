import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactedConfig } from '../../src/config.ts';

describe('configuration', () => {
  it('with nothing set, is the embedded default with the local chat and the demo', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      embedded: true,
      localChat: true,
      demo: true,
      platforms: { slack: false, teams: false },
    });
    expect(config.env.PORT).toBe(3000);
    expect(config.env.HOST).toBe('127.0.0.1');
  });

  it('leaves the embedded default and turns the local chat off once a platform is configured', () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      DATABASE_URL: 'postgres://h/db',
    });
    expect(config).toMatchObject({
      embedded: false,
      localChat: false,
      demo: false,
      platforms: { slack: true },
    });
    expect(
      loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', REFLEKS_LOCAL_CHAT: 'on' })
        .localChat,
    ).toBe(true);
  });

  it('sizes the PostgreSQL pool per process: 10 unless DATABASE_POOL_MAX says otherwise, 1–200', () => {
    expect(loadConfig({}).env.DATABASE_POOL_MAX).toBe(10);
    expect(loadConfig({ DATABASE_POOL_MAX: '4' }).env.DATABASE_POOL_MAX).toBe(4);
    expect(() => loadConfig({ DATABASE_POOL_MAX: '0' })).toThrow(/DATABASE_POOL_MAX/);
  });

  it('reports every problem at once, one line each, naming the variable', () => {
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(3);
      expect(problems.find((p) => p.startsWith('PORT:'))).toContain('"abc"');
      expect(problems.find((p) => p.startsWith('DATABASE_URL:'))).toContain('postgres://');
      expect(problems.join('\n')).not.toContain('mysql://x');
      expect(problems.some((p) => p.startsWith('LOG_LEVEL:'))).toBe(true);
    }
  });

  it('never echoes a secret, not even a malformed one', () => {
    try {
      loadConfig({ SLACK_BOT_TOKEN: 'hunter2-secret' });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).message).not.toContain('hunter2');
      expect((error as ConfigError).message).toContain('SLACK_BOT_TOKEN: must start with xoxb-');
      expect((error as ConfigError).message).toContain('SLACK_SIGNING_SECRET: is required');
    }
  });

  it('does not echo a malformed URL, which may hold a password', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgress://refleks:hunter2@db/x' })).toThrow(ConfigError);
    try {
      loadConfig({ DATABASE_URL: 'postgress://refleks:hunter2@db/x', REDIS_URL: 'redis//:redispass@x' });
    } catch (error) {
      expect((error as ConfigError).message).not.toMatch(/hunter2|redispass/);
      expect((error as ConfigError).problems).toHaveLength(2);
    }
  });

  it('asks for an encryption key and a public URL when Slack OAuth is configured', () => {
    try {
      loadConfig({
        SLACK_CLIENT_ID: '1.2',
        SLACK_CLIENT_SECRET: 'c',
        SLACK_STATE_SECRET: 's',
        SLACK_SIGNING_SECRET: 'x',
      });
      expect.unreachable();
    } catch (error) {
      const names = (error as ConfigError).problems.map((p) => p.split(':')[0]).sort();
      expect(names).toEqual(['PUBLIC_URL', 'REFLEKS_ENCRYPTION_KEY']);
    }
  });

  it('Socket Mode needs the bot token beside the app token, but no signing secret', () => {
    expect(() => loadConfig({ SLACK_APP_TOKEN: 'xapp-1' })).toThrow(
      /SLACK_BOT_TOKEN: is required with SLACK_APP_TOKEN/,
    );
    expect(loadConfig({ SLACK_APP_TOKEN: 'xapp-1', SLACK_BOT_TOKEN: 'xoxb-1' }).platforms.slack).toBe(true);
  });

  it('logs only whether secrets and URLs are set', () => {
    const shown = redactedConfig(
      loadConfig({ DATABASE_URL: 'postgres://u:pw@h/db', REFLEKS_ENCRYPTION_KEY: 'k'.repeat(40) }),
    );
    expect(shown.DATABASE_URL).toBe('(set)');
    expect(shown.REFLEKS_ENCRYPTION_KEY).toBe('(set)');
    expect(JSON.stringify(shown)).not.toContain('pw');
  });
});
