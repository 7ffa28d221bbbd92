import { createServer, type Server } from 'node:http';
import { AggregatorRegistry, type Registry, type RegistryContentType } from 'prom-client';
import type { Observability } from './observability.js';
import { invalidOption } from './errors.js';

/**
 * Makes a cluster worker answer the primary's metric requests from this observability
 * object's registry. Call it once in each worker, after `createObservability()`.
 *
 * Under Node's cluster module the workers share the HTTP port, so a scrape of a worker's
 * `/metrics` sees one worker only. The documented way is: each worker calls this, and the
 * primary serves the sum of all workers on its own port with {@link serveClusterMetrics}.
 *
 * @example
 * ```ts
 * import cluster from 'node:cluster';
 * import { createObservability } from '@transcode-flow/observability';
 * import { exposeToClusterPrimary, serveClusterMetrics } from '@transcode-flow/observability/cluster';
 *
 * if (cluster.isPrimary) {
 *   for (let i = 0; i < 2; i++) cluster.fork();
 *   await serveClusterMetrics({ port: 9464 });
 * } else {
 *   const observability = createObservability({ groups: ['api', 'jobs'] });
 *   exposeToClusterPrimary(observability);
 *   // … start the HTTP server with an adapter …
 * }
 * ```
 */
export function exposeToClusterPrimary(observability: Pick<Observability, 'registry'>): void {
  exposedRegistries.add(observability.registry);
  AggregatorRegistry.setRegistries([...exposedRegistries]);
  // prom-client installs the worker's answering listener when an aggregator is constructed.
  workerListener ??= new AggregatorRegistry();
}

/** Registries this worker exposes to the primary (several observability objects add up). */
const exposedRegistries = new Set<Registry>();
let workerListener: AggregatorRegistry<RegistryContentType> | undefined;

/** The primary's view of every worker's metrics. */
export interface ClusterMetrics {
  /** The prom-client aggregator used underneath. */
  readonly aggregator: AggregatorRegistry<RegistryContentType>;
  /** Content type of {@link ClusterMetrics.metrics}' output. */
  readonly contentType: string;
  /** Asks every worker for its metrics and renders their aggregate (counters and histograms summed). */
  metrics(): Promise<string>;
}

/**
 * Creates the primary's aggregator. Use it to serve `/metrics` from a server of your own;
 * {@link serveClusterMetrics} does it for you.
 *
 * @example
 * ```ts
 * import { createClusterMetrics } from '@transcode-flow/observability/cluster';
 * const clusterMetrics = createClusterMetrics();
 * const text = await clusterMetrics.metrics();
 * ```
 */
export function createClusterMetrics(): ClusterMetrics {
  const aggregator = new AggregatorRegistry();
  return {
    aggregator,
    contentType: aggregator.contentType,
    metrics: () => aggregator.clusterMetrics(),
  };
}

/** Options of {@link serveClusterMetrics}. */
export interface ClusterMetricsServerOptions {
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** Interface to bind. Default: all interfaces. */
  host?: string;
  /** Path that serves the metrics. Default: `/metrics`. */
  path?: string;
}

/**
 * Serves the aggregated metrics of every cluster worker on a `node:http` server in the
 * primary. Resolves with the listening server; close it to stop. A worker that does not
 * answer makes the scrape fail with 500 and a message, never crashes the primary.
 *
 * @example
 * ```ts
 * import { serveClusterMetrics } from '@transcode-flow/observability/cluster';
 * const server = await serveClusterMetrics({ port: 9464, host: '127.0.0.1' });
 * // curl http://127.0.0.1:9464/metrics
 * server.close();
 * ```
 */
export async function serveClusterMetrics(options: ClusterMetricsServerOptions): Promise<Server> {
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw invalidOption('port', `is ${JSON.stringify(options.port)}`, 'a port number from 0 to 65535');
  }
  const path = options.path ?? '/metrics';
  const clusterMetrics = createClusterMetrics();
  const server = createServer((request, response) => {
    const url = (request.url ?? '/').split('?')[0];
    if (url !== path || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not Found\n');
      return;
    }
    clusterMetrics.metrics().then(
      (body) =>
        response
          .writeHead(200, { 'content-type': clusterMetrics.contentType })
          .end(request.method === 'HEAD' ? undefined : body),
      (error: Error) =>
        response
          .writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
          .end(`Could not aggregate cluster metrics: ${error.message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
