import { afterAll, describe, expect, it } from 'vitest';
import { createTeams } from '../../adapters/teams/index.ts';
import { saveReference } from '../../adapters/teams/references.ts';
import { NotFoundError, PermanentDeliveryError } from '../../src/core/errors.ts';
import { openDatabase } from '../../src/db/client.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { people, platformIdentities } from '../../src/db/schema/index.ts';
import { startFakeConnector } from '../support/fake-connector.ts';
import { silentLogger } from '../support/loop-harness.ts';
import { describeChatAdapterContract } from './chat-adapter-contract.ts';

const TENANT = 'tenant-1';
const CHANNEL = '19:5trinn@thread.tacv2';
const connector = await startFakeConnector({ tenantId: TENANT });
const database = await openDatabase({ memory: true });
await migrateDatabase(database);
const [kari] = await database.db
  .insert(people)
  .values({ email: 'kari@x.example', name: 'Kari Nordmann' })
  .returning();
await database.db
  .insert(platformIdentities)
  .values({ personId: kari!.id, platform: 'teams', tenantId: TENANT, userId: 'aad-kari' });
await saveReference(database.db, {
  conversationId: CHANNEL,
  tenantId: TENANT,
  kind: 'channel',
  reference: {
    serviceUrl: connector.serviceUrl,
    channelId: 'msteams',
    conversation: { id: CHANNEL, isGroup: true, conversationType: 'channel', tenantId: TENANT, name: '' },
    bot: { id: '28:bot', name: 'Refleks' },
  },
});
afterAll(async () => {
  await connector.close();
  await database.close();
});

describeChatAdapterContract('teams', async () => ({
  adapter: createTeams({ appId: '' }, { db: database.db, logger: silentLogger }).adapter,
  channel: { platform: 'teams', tenantId: TENANT, conversationId: CHANNEL },
  knownUser: { platform: 'teams', tenantId: TENANT, userId: 'aad-kari' },
  knownUserName: 'Kari Nordmann',
  unknownUser: { platform: 'teams', tenantId: TENANT, userId: 'aad-nobody' },
  foreignConversation: { platform: 'teams', tenantId: TENANT, conversationId: '19:never-added@thread.tacv2' },
  async observe(ref) {
    const activity = connector.activities().find((a) => a.id === ref.messageId);
    if (!activity) return null;
    const [channel, root] = activity.conversationId.split(';messageid=');
    return {
      text: JSON.stringify(activity.attachments ?? activity.text ?? ''),
      threadOf: root ?? null,
      conversationId: channel!,
    };
  },
}));

/**
 * botbuilder hands an error thrown inside a proactive turn to onTurnError and returns normally; the
 * adapter must still reject, or a refused message would be recorded as sent.
 */
describe('Teams adapter: what the connector refuses is not taken for sent', () => {
  const adapter = createTeams({ appId: '' }, { db: database.db, logger: silentLogger }).adapter;
  const channel = { platform: 'teams' as const, tenantId: TENANT, conversationId: CHANNEL };
  const card = { fallbackText: 'Hei', blocks: [{ type: 'text' as const, text: 'Hei' }] };

  it('rejects a post the connector answers 403 BotNotInConversationRoster, naming the conversation', async () => {
    connector.failNext(
      { method: 'POST', pathIncludes: CHANNEL },
      { status: 403, code: 'BotNotInConversationRoster' },
    );
    const refused = await adapter.post(channel, card).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PermanentDeliveryError);
    expect((refused as PermanentDeliveryError).unreachable).toBe('conversation');
  });

  it('rejects an update the connector answers 404, and a post answered 412 as a plain (retryable) error', async () => {
    const posted = await adapter.post(channel, card);
    connector.failNext({ method: 'PUT' }, { status: 404 });
    await expect(adapter.update(posted, card)).rejects.toBeInstanceOf(NotFoundError);
    connector.failNext({ method: 'POST', pathIncludes: CHANNEL }, { status: 412 });
    const failed = await adapter.post(channel, card).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(Error);
    expect(failed).not.toBeInstanceOf(PermanentDeliveryError);
  });
});
