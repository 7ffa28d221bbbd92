import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CATALOGUE } from '../../src/catalogue/index.js';
import type { MetricNaming } from '../../src/catalogue/naming.js';
import { createObservability, type Observability } from '../../src/create-observability.js';

/** Label values that make every preset query find data (ratios need both sides, quantiles need spread). */
const VALUES: Record<string, string[]> = {
  method: ['GET', 'POST'],
  route: ['/jobs/:jobId', '/jobs'],
  status_code: ['200', '404', '500'],
  status: ['completed', 'failed', 'queued'],
  state: ['waiting', 'active'],
  outcome: ['success', 'failure', 'error', 'completed'],
  operation: ['hit', 'miss', 'write', 'select'],
};

function labelSets(names: readonly string[]): Record<string, string>[] {
  return names.reduce<Record<string, string>[]>(
    (sets, name) => sets.flatMap((set) => (VALUES[name] ?? [`${name}-1`]).map((value) => ({ ...set, [name]: value }))),
    [{}],
  );
}

interface LooseHandle {
  inc(labels: Record<string, string>, value?: number): void;
  set(labels: Record<string, string>, value: number): void;
  observe(labels: Record<string, string>, value: number): void;
}

/** Records into every catalogue metric once: counters grow, gauges move, histograms spread over their buckets. */
function touchEverything(observability: Observability, round: number): void {
  for (const [key, definition] of Object.entries(CATALOGUE)) {
    if (definition.group === 'app') continue;
    const handle = observability.metrics[key as keyof typeof CATALOGUE] as unknown as LooseHandle;
    labelSets(definition.labelNames).forEach((labels, index) => {
      if (definition.type === 'counter') handle.inc(labels, 1 + index);
      else if (definition.type === 'gauge') handle.set(labels, 1 + ((round + index) % 5));
      else {
        const buckets = definition.buckets ?? [1];
        handle.observe(labels, buckets[(round + index) % buckets.length]! * 0.9);
      }
    });
  }
}

/** A plain node:http server using the SDK, serving `/metrics` and recording continuously. */
export async function startSdkServer(
  prefix: string,
  naming: MetricNaming = 'prometheus',
): Promise<{ port: number; close: () => Promise<void> }> {
  const observability = createObservability({ prefix, naming, serviceName: 'preset-e2e', groups: 'all' });
  let round = 0;
  touchEverything(observability, round);
  const timer = setInterval(() => touchEverything(observability, ++round), 250);
  const server: Server = createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    observability
      .scrape()
      .then(({ contentType, body }) => response.writeHead(200, { 'content-type': contentType }).end(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      clearInterval(timer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      observability.close();
    },
  };
}
