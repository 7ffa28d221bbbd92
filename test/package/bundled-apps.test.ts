import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExposition, sampleValue } from '../helpers/exposition.js';
import { requireTool } from '../helpers/tools.js';
import { checkApp } from '../runtimes/app-checks.js';
import { ROOT, startServer, userProject } from '../runtimes/user-project.js';
import { BUNDLE_FORMATS, type BundleFormat, bundleApp } from './esbuild-bundle.js';
import { checkEntriesRun } from './entries-check.js';

/**
 * Apps bundled with esbuild the way most services ship: platform node, every package bundled
 * (frameworks, pino, prom-client and this package alike), as ESM and as CommonJS; then each
 * bundle runs as a real process on 127.0.0.1 on the Node that runs this test, and is scraped.
 */
let project: ReturnType<typeof userProject>;
const ADAPTERS = ['express', 'fastify', 'koa', 'hono'] as const;
const FORMATS = BUNDLE_FORMATS;
type Format = BundleFormat;

/** Bundles `entry` into the user project (see bundleApp). */
const bundle = (entry: string, name: string, format: Format): Promise<string> =>
  bundleApp(project.dir, entry, name, format);

beforeAll(() => {
  project = userProject('bundle', join(import.meta.dirname, 'bundle-apps'));
});
afterAll(() => project?.remove());

describe.each(FORMATS)('a bundled app (esbuild, platform node, everything bundled, %s)', (format) => {
  it.each(ADAPTERS)('%s: starts, records route templates, request ids, context and access log', async (adapter) => {
    const outfile = await bundle(join(project.dir, `${adapter}.ts`), adapter, format);
    const server = await startServer(process.execPath, [outfile], project.dir);
    try {
      await checkApp(server, { ffmpeg: false });
    } finally {
      await server.stop();
    }
  });
});

describe.each(FORMATS)('every entry point in one bundle (%s)', (format) => {
  it('loads, and the lazily loaded parts work: caller fields, trace ids, pino-pretty, health checks, a real ffmpeg run', async () => {
    requireTool('ffmpeg', ['-version']);
    const outfile = await bundle(join(project.dir, 'entries.ts'), 'entries', format);
    checkEntriesRun(spawnSync(process.execPath, [outfile], { cwd: project.dir, encoding: 'utf8', timeout: 120_000 }));
  });
});

describe.each(FORMATS)('the example service bundled with esbuild (%s)', (format) => {
  it('starts, serves health and metrics, labels routes and writes access-log lines', async () => {
    const main = join(ROOT, 'examples/transcode-service/src/main.ts');
    const outfile = await bundle(main, 'example', format);
    const dataDir = mkdtempSync(join(tmpdir(), 'tfo-bundled-example-'));
    const apiKey = 'bundled-example-key-0123456789';
    const server = await startServer(process.execPath, [outfile], project.dir, {
      env: { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, API_KEYS: apiKey, LOG_LEVEL: 'info' },
      ready: /listening on http:\/\/127\.0\.0\.1:(\d+)/,
    });
    try {
      const health = await fetch(`${server.url}/health/detailed`);
      expect(health.status).toBe(200);
      await health.arrayBuffer();
      const job = await fetch(`${server.url}/jobs/no-such-job`, {
        headers: { 'x-api-key': apiKey, 'x-request-id': 'bundled-1' },
      });
      expect(job.status).toBe(404);
      expect(job.headers.get('x-request-id')).toBe('bundled-1');
      await job.arrayBuffer();
      const samples = parseExposition(await (await fetch(`${server.url}/metrics`)).text());
      expect(
        sampleValue(samples, 'api_requests_total', { method: 'GET', route: '/jobs/:jobId', status_code: '404' }),
      ).toBe(1);
      const lines = await server.waitForLines(
        1,
        (line) => line.message === 'request completed' && line.request_id === 'bundled-1',
      );
      const access = lines.find((line) => line.message === 'request completed' && line.request_id === 'bundled-1');
      expect(access).toMatchObject({
        route: '/jobs/:jobId',
        path: '/jobs/no-such-job',
        status_code: 404,
      });
      expect(JSON.stringify(lines)).not.toContain(apiKey);
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
