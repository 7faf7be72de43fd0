import { eq } from 'drizzle-orm';
import { afterAll } from 'vitest';
import { LOCAL_TENANT, LocalAdapter } from '../../adapters/local/adapter.ts';
import type { Card } from '../../src/core/ui/model.ts';
import { openDatabase } from '../../src/db/client.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { localMessages, people, platformIdentities } from '../../src/db/schema/index.ts';
import { describeChatAdapterContract } from './chat-adapter-contract.ts';

const database = await openDatabase({ memory: true });
await migrateDatabase(database);
const [person] = await database.db
  .insert(people)
  .values({ email: 'kari@demo.example', name: 'Kari Nordmann' })
  .returning();
await database.db
  .insert(platformIdentities)
  .values({ personId: person!.id, platform: 'local', tenantId: LOCAL_TENANT, userId: 'kari@demo.example' });
afterAll(() => database.close());

const cardText = (card: Card) =>
  card.blocks
    .map((b) =>
      b.type === 'text' ? b.text : b.type === 'fields' ? b.fields.map((f) => f.value).join(' ') : '',
    )
    .join('\n');

describeChatAdapterContract('local', async () => ({
  adapter: new LocalAdapter(database.db),
  channel: { platform: 'local', tenantId: LOCAL_TENANT, conversationId: 'demo-5trinn' },
  knownUser: { platform: 'local', tenantId: LOCAL_TENANT, userId: 'kari@demo.example' },
  knownUserName: 'Kari Nordmann',
  unknownUser: { platform: 'local', tenantId: LOCAL_TENANT, userId: 'nobody@demo.example' },
  foreignConversation: { platform: 'slack', tenantId: 'T1', conversationId: 'C1' },
  async observe(ref) {
    const [row] = await database.db.select().from(localMessages).where(eq(localMessages.id, ref.messageId));
    return row
      ? { text: cardText(row.card as Card), threadOf: row.threadId, conversationId: row.conversationId }
      : null;
  },
}));
