import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { checkOptionsApp } from '../runtimes/options-checks.js';
import { startServer, userProject } from '../runtimes/user-project.js';
import { BUNDLE_FORMATS, bundleApp } from './esbuild-bundle.js';

/**
 * The options of issue 17 in apps bundled with esbuild (ESM and CommonJS, everything bundled),
 * one per adapter: `createObservability({ httpLabels, groups, naming: 'otel', customMetrics,
 * accessLog: { level, ignore, props } })` and the adapter's `customLabels`, `groupStatusCodes`,
 * `exclude` (and Fastify's route `config: { observability: false }`). Each bundle runs as a
 * real process on 127.0.0.1 and is scraped (test/runtimes/options-checks.ts).
 */
const ADAPTERS = ['express', 'fastify', 'koa', 'hono'] as const;
let project: ReturnType<typeof userProject>;

beforeAll(() => {
  project = userProject('bundle-options', join(import.meta.dirname, 'bundle-apps'));
});
afterAll(() => project?.remove());

describe.each(BUNDLE_FORMATS)('a bundled app with every HTTP, naming, group and access-log option (%s)', (format) => {
  it.each(ADAPTERS)(
    '%s: custom labels, status classes, exclusions, OpenTelemetry names, groups, custom metric, access-log level/ignore/props',
    async (adapter) => {
      const outfile = await bundleApp(
        project.dir,
        join(project.dir, `options-${adapter}.ts`),
        `options-${adapter}`,
        format,
      );
      const server = await startServer(process.execPath, [outfile], project.dir);
      try {
        await checkOptionsApp(server, { routeOptOut: adapter === 'fastify' });
      } finally {
        await server.stop();
      }
    },
  );
});
