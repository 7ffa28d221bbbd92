/**
 * What the HTTP bench measures, named once: the frameworks, the variants served for each (see
 * `bench/http-overhead-servers.ts`) and the peers. The bench and the generator of
 * docs/performance.md both read these, so a table never disagrees with what ran.
 */

export const FRAMEWORKS = ['express', 'fastify', 'koa', 'hono'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

export const FRAMEWORK_NAMES: Record<Framework, string> = {
  express: 'Express 5',
  fastify: 'Fastify 5',
  koa: 'Koa 3',
  hono: 'Hono 4',
};

export const VARIANTS = ['bare', 'floor', 'als', 'peer', 'hand', 'default', 'metrics', 'log', 'pino'] as const;
export type Variant = (typeof VARIANTS)[number];

export const VARIANT_DESCRIPTIONS: Record<Variant, string> = {
  bare: 'the framework alone',
  floor: 'bare plus one middleware (or onRequest hook) that does nothing: the least any middleware costs',
  als: 'bare plus an AsyncLocalStorage entered per request, as under a tracing context manager',
  peer: "the framework's usual Prometheus middleware, with its defaults",
  hand: 'a careful hand-rolled prom-client middleware: templates as labels, bound children cached, one timer',
  default: 'ours: `createObservability({ accessLog: false })` and the adapter with its defaults (request context on)',
  metrics: 'ours, metrics only: the same plus `requestContext: false`',
  log: 'ours with the access log on (the `createObservability()` default), one line per request into a file',
  pino: 'bare plus one plain pino line per request (method, path, status, duration) into a file',
};

/**
 * Variants the servers also serve, for `bench/ab.ts` only (the main bench leaves them out to keep
 * its rounds short). `end`: `floor` plus one `close` listener on Node's response that does
 * nothing: the least that observing a response's end costs, which every recording middleware
 * (ours, the peers', the hand-rolled one) pays on top of `floor`.
 */
export const EXTRA_VARIANTS = ['end'] as const;

export const EXTRA_VARIANT_DESCRIPTIONS: Record<(typeof EXTRA_VARIANTS)[number], string> = {
  end: "floor plus one `close` listener on Node's response that does nothing: the least that watching a response end costs",
};

export const PEERS: Record<Framework, string> = {
  express: 'express-prom-bundle 8',
  fastify: 'fastify-metrics 13',
  koa: 'prometheus-api-metrics 4',
  hono: '@hono/prometheus 1',
};
