/**
 * Whether this code runs in Cloudflare's workerd (Cloudflare Workers, `wrangler dev`, miniflare):
 * workerd's `navigator.userAgent` is `Cloudflare-Workers` (Node's is `Node.js/<major>`, Bun's
 * `Bun/<version>`, Deno's `Deno/<version>`; Node 20 has no `navigator`). Read when called, never
 * at import. There the SDK chooses the defaults a Worker needs: no Node.js runtime metrics (no
 * `process.cpuUsage`, event-loop or heap statistics) and log lines through `console.log` (no
 * file descriptor 1).
 *
 * @example
 * ```ts
 * import { onCloudflareWorkers } from './host-runtime.js';
 *
 * const collectRuntimeMetrics = !onCloudflareWorkers();
 * ```
 */
export function onCloudflareWorkers(): boolean {
  const host = (globalThis as { navigator?: { userAgent?: unknown } }).navigator;
  return host?.userAgent === 'Cloudflare-Workers';
}
