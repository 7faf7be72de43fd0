import { afterAll } from 'vitest';
import { createSlack } from '../../adapters/slack/index.ts';
import { openDatabase } from '../../src/db/client.ts';
import { startFakeSlack } from '../support/fake-slack.ts';
import { silentLogger } from '../support/loop-harness.ts';
import { describeChatAdapterContract } from './chat-adapter-contract.ts';

const fake = await startFakeSlack({
  teamId: 'T0000REFLEKS',
  users: { UKARI: { name: 'kari', real_name: 'Kari Nordmann', email: 'kari@sinsen.example' } },
});
// The token mode never touches the database; it is there because OAuth mode would.
const database = await openDatabase({ memory: true });
afterAll(async () => {
  await fake.close();
  await database.close();
});

describeChatAdapterContract('slack', async () => {
  const { adapter } = await createSlack(
    { mode: 'token', botToken: 'xoxb-contract', signingSecret: 's', apiUrl: fake.url },
    { db: database.db, logger: silentLogger },
  );
  const tenant = fake.teamId;
  return {
    adapter,
    channel: { platform: 'slack', tenantId: tenant, conversationId: 'C5TRINN' },
    knownUser: { platform: 'slack', tenantId: tenant, userId: 'UKARI' },
    knownUserName: 'Kari Nordmann',
    unknownUser: { platform: 'slack', tenantId: tenant, userId: 'UNOBODY' },
    foreignConversation: { platform: 'slack', tenantId: 'TOTHER', conversationId: 'C1' },
    async observe(ref) {
      const message = fake.messages(ref.conversation.conversationId).find((m) => m.ts === ref.messageId);
      return message
        ? {
            text: `${message.text}\n${JSON.stringify(message.blocks)}`,
            threadOf: message.thread_ts ?? null,
            conversationId: message.channel,
          }
        : null;
    },
  };
});
