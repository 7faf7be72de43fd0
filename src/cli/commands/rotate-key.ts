import type { Command } from 'commander';
import { resealBotTokens } from '../../../adapters/slack/installation-store.ts';
import { type Config, previousEncryptionKeys } from '../../config.ts';
import { RefleksError } from '../../core/errors.ts';
import type { Db } from '../../db/client.ts';
import { audit } from '../../db/repositories/events.ts';
import { createSecretBox, type SecretBox } from '../../infra/secret-box.ts';
import { withDatabase } from '../with-database.ts';

const out = (line: string) => process.stdout.write(`${line}\n`);

/** How many values of each kind were re-sealed, and how many of them a previous key had sealed. */
export interface RotationCounts {
  slackBotTokens: number;
  fromPreviousKey: number;
}

/**
 * Every sealed value in the database, re-sealed with the current key in one transaction, with an audit
 * record of the counts. If any value opens with no key, nothing is changed (the error says so).
 *
 * The sealed values today: Slack bot tokens (`slack_installations.bot_token_sealed`). `app_secrets`
 * holds the overview-link key only when no REFLEKS_ENCRYPTION_KEY is set, so there is nothing to seal it
 * with; with a key set, link signing derives from it and needs no stored secret.
 */
export async function rotateSealedValues(db: Db, secretBox: SecretBox): Promise<RotationCounts> {
  return db.transaction(async (tx) => {
    const slack = await resealBotTokens(tx, secretBox);
    const counts = { slackBotTokens: slack.resealed, fromPreviousKey: slack.fromPreviousKey };
    await audit(tx, {
      actor: 'cli',
      action: 'secrets.rotated',
      subjectKind: 'secret_box',
      details: { ...counts },
    });
    return counts;
  });
}

/** `refleks rotate-key`: after setting a new REFLEKS_ENCRYPTION_KEY and the old one in …_PREVIOUS. */
export function registerRotateKeyCommand(program: Command, config: () => Config) {
  program
    .command('rotate-key')
    .description(
      're-seal every stored secret with REFLEKS_ENCRYPTION_KEY (old keys in REFLEKS_ENCRYPTION_KEY_PREVIOUS)',
    )
    .action(async () => {
      const cfg = config();
      const key = cfg.env.REFLEKS_ENCRYPTION_KEY;
      if (!key) {
        throw new RefleksError(
          'config_invalid',
          'set REFLEKS_ENCRYPTION_KEY to the new key, and the old one in REFLEKS_ENCRYPTION_KEY_PREVIOUS',
        );
      }
      const previous = previousEncryptionKeys(cfg.env);
      const counts = await withDatabase(cfg, (db) => rotateSealedValues(db, createSecretBox(key, previous)));
      out(
        `re-sealed ${counts.slackBotTokens} Slack bot token(s) with the current key (${counts.fromPreviousKey} had been sealed with a previous key)`,
      );
      if (previous.length) out('REFLEKS_ENCRYPTION_KEY_PREVIOUS can now be removed');
    });
}
