import type { Server } from 'node:http';
import type { Observability } from './observability.js';
import { invalidOption } from './errors.js';
import type { HttpObservabilityOptions } from './http/http-options.js';
import { pathOf } from './http/route-label.js';

/** Options of {@link serveMetrics}. */
export interface ServeMetricsOptions extends Pick<
  HttpObservabilityOptions,
  | 'metricsPath'
  | 'healthPath'
  | 'detailedHealthPath'
  | 'metricsToken'
  | 'healthChecks'
  | 'healthTimeoutMs'
  | 'healthCacheMs'
  | 'healthToken'
> {
  /** Port to listen on; `0` picks a free one. Default: `9464`. */
  port?: number;
  /** Address to listen on. Default: `'0.0.0.0'`. */
  host?: string;
}

/**
 * Serves `/metrics` (and, unless turned off, `/health` and `/health/detailed`) on a separate
 * port with `node:http`, so scrapes never reach the application's port. Same content
 * negotiation, bearer token and health checks as the adapters; every other path is 404. Close
 * it with `server.close()`.
 *
 * @param observability - The object from `createObservability()`.
 * @param options - Port (default 9464), host (default `0.0.0.0`) and the endpoint options.
 * @returns The listening server.
 * @example
 * ```ts
 * import { createObservability, serveMetrics } from '@transcode-flow/observability';
 *
 * const observability = createObservability({ serviceName: 'transcoder' });
 * const server = await serveMetrics(observability, { port: 9464, metricsToken: process.env.METRICS_TOKEN });
 * server.close();
 * ```
 */
export async function serveMetrics(observability: Observability, options: ServeMetricsOptions = {}): Promise<Server> {
  const { port = 9464, host = '0.0.0.0', ...endpointOptions } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw invalidOption('port', `is ${JSON.stringify(port)}`, 'an integer from 0 to 65535');
  if (typeof host !== 'string' || host === '')
    throw invalidOption('host', `is ${JSON.stringify(host)}`, 'an address such as 0.0.0.0 or 127.0.0.1');
  // Loaded here, not when the entry is imported: services that never call serveMetrics (and
  // serverless and Workers runtimes) pay at start for neither node:http nor the HTTP core
  // (path-to-regexp among it).
  const [{ createServer }, { createHttpCore }] = await Promise.all([
    import('node:http'),
    import('./http/http-core.js'),
  ]);
  const core = createHttpCore(observability, endpointOptions, 'serveMetrics');
  const server = createServer((request, response) => {
    const kind = core.classify(pathOf(request.url));
    if (kind === undefined || kind === 'excluded' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not Found\n');
      return;
    }
    void core.respond(kind, request.headers).then((answer) => {
      response.writeHead(answer.status, answer.headers).end(request.method === 'HEAD' ? undefined : answer.body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
