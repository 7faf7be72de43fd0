import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createJobQueue } from '../../jobs/queue.ts';

describe('handing sends to the queue while Redis is away', () => {
  // Port 1: nothing listens, so the connection never becomes ready; as BullMQ wants it, commands
  // would wait in ioredis's offline queue for ever.
  const down = new Redis({ host: '127.0.0.1', port: 1, maxRetriesPerRequest: null, lazyConnect: false });
  down.on('error', () => {});
  const queue = createJobQueue(down);
  queue.queue.on('error', () => {});
  afterAll(async () => {
    await queue.close().catch(() => {});
    down.disconnect();
  });

  it('refuses at once instead of waiting: the rows are in PostgreSQL and the tick hands them over', async () => {
    await expect(
      queue.enqueueSends([{ id: '00000000-0000-4000-8000-000000000001', attempts: 0 }]),
    ).rejects.toMatchObject({ code: 'queue_unavailable' });
  });

  it('has nothing to refuse when there is nothing to hand over', async () => {
    await expect(queue.enqueueSends([])).resolves.toBeUndefined();
  });
});
