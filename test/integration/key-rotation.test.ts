import { Command } from 'commander';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SlackInstallationStore } from '../../adapters/slack/installation-store.ts';
import { registerRotateKeyCommand } from '../../src/cli/commands/rotate-key.ts';
import { loadConfig } from '../../src/config.ts';
import { RefleksError } from '../../src/core/errors.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { auditEvents, slackInstallations } from '../../src/db/schema/index.ts';
import { createSecretBox, type SecretBox } from '../../src/infra/secret-box.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { startWebRefleks, type WebRefleks } from '../support/security-harness.ts';
import { SLACK_CHANNEL, SLACK_TEAM } from '../support/slack-harness.ts';
import { slackCommandBody } from '../support/slack-requests.ts';

const OLD = 'the-old-refleks-key-0123456789-abcdef';
const NEW = 'the-new-refleks-key-9876543210-zyxwvu';
const LOST = 'a-key-nobody-has-anymore-0123456789-qq';
const TOKENS: Record<string, string> = { TOLD1: 'xoxb-old-one-0001', TOLD2: 'xoxb-old-two-0002' };

/** `refleks rotate-key` against real PostgreSQL: re-seals every token in one transaction. */
describe('refleks rotate-key', () => {
  let target: TestDatabase;
  let database: Database;
  const storeWith = (box: SecretBox) => new SlackInstallationStore(database.db, box);
  const install = (box: SecretBox, teamId: string, token: string) =>
    storeWith(box).storeInstallation({
      team: { id: teamId },
      enterprise: undefined,
      user: { id: 'UADMIN', token: undefined, scopes: undefined },
      bot: { token, scopes: ['chat:write'], id: 'B1', userId: 'UBOT' },
      tokenType: 'bot',
      isEnterpriseInstall: false,
      authVersion: 'v2',
    });
  const tokenOf = async (box: SecretBox, teamId: string) =>
    (await storeWith(box).fetchInstallation({ teamId, isEnterpriseInstall: false, enterpriseId: undefined }))
      .bot?.token;
  const sealedValues = async () =>
    (await database.db.select().from(slackInstallations))
      .map((r) => `${r.teamId}=${r.botTokenSealed}`)
      .sort();
  const rotations = () =>
    database.db.select().from(auditEvents).where(eq(auditEvents.action, 'secrets.rotated'));

  /** Runs the command as the CLI would, returning what it printed. */
  const rotateKey = async (env: Record<string, string>) => {
    const printed: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      const program = new Command('refleks').exitOverride();
      registerRotateKeyCommand(program, () => loadConfig({ DATABASE_URL: target.url, ...env }));
      await program.parseAsync(['node', 'refleks', 'rotate-key']);
    } finally {
      write.mockRestore();
    }
    return printed.join('');
  };

  beforeAll(async () => {
    target = await createTestDatabase();
    database = await openDatabase({ url: target.url });
    await migrateDatabase(database);
    for (const [teamId, token] of Object.entries(TOKENS)) await install(createSecretBox(OLD), teamId, token);
  });
  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  it('before rotation: the new key alone cannot open old tokens (config_invalid); with the old as previous it can', async () => {
    const error = await tokenOf(createSecretBox(NEW), 'TOLD1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefleksError);
    expect((error as RefleksError).code).toBe('config_invalid');
    expect((error as RefleksError).message).toContain('REFLEKS_ENCRYPTION_KEY');
    expect(await tokenOf(createSecretBox(NEW, [OLD]), 'TOLD1')).toBe(TOKENS.TOLD1);
  });

  it('changes nothing when one stored value opens with no key', async () => {
    await install(createSecretBox(LOST), 'TLOST', 'xoxb-lost-0003');
    const before = await sealedValues();
    const failed = await rotateKey({
      REFLEKS_ENCRYPTION_KEY: NEW,
      REFLEKS_ENCRYPTION_KEY_PREVIOUS: OLD,
    }).catch((e: unknown) => e);
    expect((failed as RefleksError).code).toBe('config_invalid');
    expect(await sealedValues()).toEqual(before);
    expect(await rotations()).toEqual([]);
    await database.db.delete(slackInstallations).where(eq(slackInstallations.teamId, 'TLOST'));
  });

  it('re-seals every token with the new key, printing and auditing counts only', async () => {
    // One token is sealed with the new key already: counted, not reported as from a previous key.
    await install(createSecretBox(NEW), 'TNEW', 'xoxb-new-0004');
    const printed = await rotateKey({ REFLEKS_ENCRYPTION_KEY: NEW, REFLEKS_ENCRYPTION_KEY_PREVIOUS: OLD });
    expect(printed).toContain('re-sealed 3 Slack bot token(s) with the current key (2 had been sealed');
    expect(printed).toContain('REFLEKS_ENCRYPTION_KEY_PREVIOUS can now be removed');
    for (const secret of ['xoxb', OLD, NEW]) expect(printed).not.toContain(secret);

    // The new key alone opens everything now; the old key opens nothing.
    const newOnly = createSecretBox(NEW);
    for (const [teamId, token] of Object.entries(TOKENS)) expect(await tokenOf(newOnly, teamId)).toBe(token);
    expect(await tokenOf(newOnly, 'TNEW')).toBe('xoxb-new-0004');
    const old = await tokenOf(createSecretBox(OLD), 'TOLD2').catch((e: unknown) => e);
    expect((old as RefleksError).code).toBe('config_invalid');

    const audited = await rotations();
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ actor: 'cli', details: { slackBotTokens: 3, fromPreviousKey: 2 } });
    expect(JSON.stringify(audited[0]!.details)).not.toContain('xoxb');
  });

  it('refuses to run without REFLEKS_ENCRYPTION_KEY', async () => {
    const failed = await rotateKey({}).catch((e: unknown) => e);
    expect((failed as RefleksError).code).toBe('config_invalid');
  });
});

/** A running Refleks (Slack OAuth) given the new key and the old one as previous keeps working. */
describe('Refleks with REFLEKS_ENCRYPTION_KEY_PREVIOUS, before rotate-key', () => {
  let w: WebRefleks;
  const token = 'xoxb-sealed-with-the-old-key-0005';

  beforeAll(async () => {
    w = await startWebRefleks({
      env: {
        SLACK_BOT_TOKEN: '',
        SLACK_CLIENT_ID: '1111.2222',
        SLACK_CLIENT_SECRET: 'client-secret',
        SLACK_STATE_SECRET: 'state-secret-for-tests',
        PUBLIC_URL: 'http://127.0.0.1:9',
        REFLEKS_ENCRYPTION_KEY: NEW,
        REFLEKS_ENCRYPTION_KEY_PREVIOUS: OLD,
      },
    });
    await new SlackInstallationStore(w.db, createSecretBox(OLD)).storeInstallation({
      team: { id: SLACK_TEAM },
      enterprise: undefined,
      user: { id: 'UADMIN', token: undefined, scopes: undefined },
      bot: { token, scopes: ['chat:write'], id: 'B1', userId: 'UBOT' },
      tokenType: 'bot',
      isEnterpriseInstall: false,
      authVersion: 'v2',
    });
  });
  afterAll(() => w?.stop());

  it('posts with a token sealed under the old key, and authorizes that workspace’s requests', async () => {
    await w.openSlackPrompt();
    expect(w.fake.callsTo('chat.postMessage').at(-1)?.token).toBe(token);
    const help = await w.slack(
      slackCommandBody({
        team_id: SLACK_TEAM,
        user_id: 'UOLA',
        channel_id: SLACK_CHANNEL,
        command: '/refleks',
        text: 'help',
      }),
    );
    expect(help.status).toBe(200);
    expect(JSON.parse(await help.text()).text).toContain('/refleks status');
  });
});
