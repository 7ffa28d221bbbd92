import { createObservability, defineMetric, getContext, getLogger } from '@transcode-flow/observability';

/**
 * The observability object of every options app (the contract test/runtimes/options-checks.ts
 * checks): every option of `createObservability` that issue 17 added, and the logger at `debug`
 * so that the access lines the `level` callback puts at `debug` are written.
 */
export function optionsObservability(serviceName: string) {
  return createObservability({
    serviceName,
    naming: 'otel',
    groups: ['api', 'jobs'],
    httpLabels: ['tenant'],
    customMetrics: {
      widgetsMade: defineMetric({
        name: 'widgets_made_total',
        type: 'counter',
        help: 'Widgets made by the handlers, by kind.',
        labelNames: ['kind'],
      }),
    },
    logger: { level: 'debug' },
    accessLog: {
      level: (status) => (status >= 500 ? 'critical' : status === 404 ? 'silent' : status >= 400 ? 'warning' : 'debug'),
      ignore: (request) => request.url?.startsWith('/quiet') === true,
      props: (request) => ({ tenant_header: request.headers['x-tenant'] ?? 'none' }),
    },
  });
}

/** What the adapter options compute from a request header, given the framework's own accessor. */
export function adapterOptions<R>(header: (request: R, name: string) => string | undefined) {
  return {
    customLabels: { tenant: (request: R) => header(request, 'x-tenant') },
    groupStatusCodes: true,
    exclude: (request: R) => header(request, 'x-exclude') === 'yes',
  };
}

/**
 * The work of `GET /jobs/:jobId`: wait a tick (the context must follow the request across an
 * await), count a widget, log one line, and answer with the request id the context holds.
 */
export async function makeWidget(
  observability: ReturnType<typeof optionsObservability>,
  jobId: string,
): Promise<{ jobId: string; requestId: unknown }> {
  await new Promise((resolve) => setTimeout(resolve, 1));
  observability.custom.widgetsMade.inc({ kind: 'job' });
  getLogger('handler').info({ job: jobId }, 'job requested');
  return { jobId, requestId: getContext().request_id ?? null };
}
