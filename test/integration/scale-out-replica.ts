/**
 * One replica for the Redis load test (`scale-out-redis-load.test.ts`): an observability object,
 * two BullMQ queues on REDIS_PORT, one reported under the lease (`LEASE_QUEUE`, the default)
 * and one by every process at every scrape (`EVERY_QUEUE`, `collectQueueState: true`), and
 * `/metrics` on a free port, which it prints on stdout as `{"port":N}`. SIGTERM stops it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { instrumentBullMQ } from '../../src/entries/bullmq.js';
import { createObservability } from '../../src/index.js';

const connection = { host: '127.0.0.1', port: Number(process.env.REDIS_PORT), maxRetriesPerRequest: null };
const observability = createObservability({ groups: 'all', defaultMetrics: false });
const leased = new Queue(process.env.LEASE_QUEUE!, { connection });
const every = new Queue(process.env.EVERY_QUEUE!, { connection });
const instrumentations = [
  instrumentBullMQ(observability, { queues: [leased] }),
  instrumentBullMQ(observability, { queues: [every], collectQueueState: true }),
];
const server = createServer((request, response) => {
  observability.scrape().then(
    ({ body, contentType }) => response.writeHead(200, { 'content-type': contentType }).end(body),
    (error: unknown) => response.writeHead(500).end(String(error)),
  );
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.once('SIGTERM', () => {
  for (const instrumentation of instrumentations) instrumentation.stop();
  server.close();
  void Promise.all([leased.close(), every.close()]).finally(() => process.exit(0));
});
