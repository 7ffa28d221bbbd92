import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createObservability, getLogger, type Observability } from '@transcode-flow/observability';
import { createApiKeyAuth } from './api-keys.js';
import { createApp } from './app.js';
import type { ServiceConfig } from './config.js';
import { type FfmpegBinaries, findFfmpegBinaries } from './ffmpeg-binaries.js';
import { healthChecks } from './health.js';
import { createJobStore, type JobStore } from './job-store.js';
import { createBullMQQueue } from './queue/bullmq-queue.js';
import type { JobQueue, JobSettled } from './queue/job-queue.js';
import { createMemoryQueue } from './queue/memory-queue.js';
import { createLocalStorage } from './storage.js';
import { whisperTranscriber } from './transcribers/whisper.js';
import { countedJobStore, serviceMetrics } from './service-metrics.js';
import { sendCompletionWebhook } from './webhooks.js';
import { createTranscodeWorker, describeFailure } from './worker.js';

/** A running transcode service. */
export interface RunningService {
  /** `http://host:port`. */
  readonly url: string;
  /** The key generated at start when `API_KEYS` was empty. */
  readonly generatedKey: string | undefined;
  /** A key clients may use: the generated one, else the first of `API_KEYS`. */
  readonly apiKey: string;
  readonly observability: Observability;
  readonly store: JobStore;
  readonly queue: JobQueue;
  readonly binaries: FfmpegBinaries;
  /** Stops accepting connections, lets requests and jobs finish (see `SHUTDOWN_TIMEOUT_MS`), then resolves. */
  stop(): Promise<void>;
}

const QUEUE_NAME = 'transcode';

function isCancellation(error: unknown): boolean {
  const name = (error as { name?: unknown } | undefined)?.name;
  const reason = (error as { reason?: unknown } | undefined)?.reason;
  return name === 'AbortError' || name === 'QueueClosedError' || reason === 'cancelled';
}

/**
 * Builds and starts the service from its configuration: observability, storage, the queue
 * (BullMQ when `redisUrl` is set, else in memory), the worker, the API-key check and the
 * Express app, listening on `host:port`.
 *
 * @param config - From `loadConfig`.
 * @returns The running service.
 * @example
 * ```ts
 * const service = await startService(loadConfig(process.env, []));
 * process.once('SIGTERM', () => void service.stop().then(() => process.exit(0)));
 * ```
 */
export async function startService(config: ServiceConfig): Promise<RunningService> {
  const observability = createObservability({
    serviceName: 'transcode-service',
    groups: ['api', 'jobs', 'video', 'storage', 'webhooks', 'api_keys', 'queue_workers'],
    customMetrics: serviceMetrics,
  });
  const log = getLogger('transcode-service');
  const binaries = findFfmpegBinaries(process.env);
  await mkdir(config.dataDir, { recursive: true });
  const storage = await createLocalStorage(observability, join(config.dataDir, 'storage'));
  const store = countedJobStore(createJobStore(), observability.custom.jobStoreRecords);
  const workDir = join(config.dataDir, 'work');
  const queue =
    config.redisUrl === undefined
      ? createMemoryQueue(observability, {
          name: QUEUE_NAME,
          concurrency: config.concurrency,
          timeoutMs: config.jobTimeoutMs,
        })
      : createBullMQQueue(observability, {
          name: QUEUE_NAME,
          redisUrl: config.redisUrl,
          concurrency: config.concurrency,
          timeoutMs: config.jobTimeoutMs,
          queueStateLeaseMs: config.queueStateLeaseMs,
        });
  const worker = createTranscodeWorker({
    observability,
    store,
    storage,
    binaries,
    workDir,
    transcriber: config.transcriber === 'whisper' ? whisperTranscriber(config.whisperCmd) : undefined,
  });
  const settled: JobSettled = async (data, error) => {
    if (error !== undefined) {
      const status = isCancellation(error) ? 'cancelled' : 'failed';
      store.update(data.jobId, { status, error: describeFailure(error) });
      log.warning({ job_id: data.jobId, err: error }, `job ${status}`);
    }
    await sendCompletionWebhook(observability, store, data.jobId, config.webhook);
  };
  await queue.start(worker, settled);

  const auth = createApiKeyAuth(observability, config.apiKeys);
  const app = createApp({
    observability,
    auth,
    store,
    queue,
    storage,
    sourceDirs: config.sourceDirs,
    deniedDirs: [storage.root, workDir],
    maxUploadBytes: config.maxUploadBytes,
    healthChecks: healthChecks({ dataDir: config.dataDir, binaries, redis: queue.redis }),
    metricsToken: config.metricsToken,
  });
  const server: Server = app.listen(config.port, config.host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host}:${port}`;
  log.info({ url, queue: queue.kind, data_dir: config.dataDir, ffmpeg: binaries.ffmpegPath }, 'service started');

  let stopping: Promise<void> | undefined;
  return {
    url,
    generatedKey: auth.generatedKey,
    apiKey: auth.generatedKey ?? config.apiKeys[0]!,
    observability,
    store,
    queue,
    binaries,
    stop() {
      stopping ??= (async () => {
        log.info('shutting down: no new connections, draining jobs');
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await queue.drain(config.shutdownTimeoutMs);
        server.closeAllConnections();
        await closed;
        log.info('shutdown complete');
      })();
      return stopping;
    },
  };
}
