import { describe, expect, it } from 'vitest';
import { findSamples, parseExposition, sampleValue } from '../helpers/exposition.js';
import { send, type Reply } from '../helpers/http-apps.js';
import { freePort } from '../helpers/redis.js';
import { extractSnippets, startSnippet, type Snippet, type SnippetProcess } from '../helpers/snippets.js';
import { processAlive } from '../helpers/processes.js';

/**
 * Runs every TypeScript snippet of the four framework guides as its own process against the
 * build (dist/), as a reader would run it. A snippet that reads `PORT` is the guide's app: it
 * gets a free port and `HOST=127.0.0.1`, answers real requests, and is then stopped by its pid.
 * One that reads `METRICS_PORT` is the separate metrics server, which must stop on SIGTERM by
 * itself as the guide says. Any other snippet must run to completion and exit 0; a snippet
 * that starts a server on a fixed port would not, and fails.
 */

const HOST = '127.0.0.1';
const TOKEN = 'guide-scrape-token';

/** What each guide's app snippet documents. */
interface AppGuide {
  /** A request to the documented route, the label the guide says it is recorded with, and the answer. */
  request: string;
  route: string;
  body: unknown;
  healthPath: string;
  detailedHealthPath: string;
  /** The health checks the snippet declares. */
  checks: string[];
  /** Whether the snippet passes `metricsToken: process.env.METRICS_TOKEN`. */
  token: boolean;
  /** More requests the snippet's options decide about: recorded under `route`, or (undefined) not at all. */
  more: { path: string; status: number; route: string | undefined }[];
}

const GUIDES: Record<string, AppGuide> = {
  express: {
    request: '/jobs/42',
    route: '/jobs/:jobId',
    body: { id: '42' },
    healthPath: '/health',
    detailedHealthPath: '/health/detailed',
    checks: ['cache', 'database'],
    token: true,
    more: [
      {
        path: '/downloads/job/abc123/video/720p',
        status: 404,
        route: '/downloads/job/{job_id}/video/{video_format}',
      },
    ],
  },
  fastify: {
    request: '/v1/jobs/42',
    route: '/v1/jobs/:jobId',
    body: { id: '42' },
    healthPath: '/health',
    detailedHealthPath: '/health/detailed',
    checks: ['storage'],
    token: false,
    more: [{ path: '/static/app.js', status: 404, route: undefined }],
  },
  koa: {
    request: '/v1/jobs/42',
    route: '/v1/jobs/:jobId',
    body: { id: '42' },
    healthPath: '/livez',
    detailedHealthPath: '/readyz',
    checks: [],
    token: false,
    more: [],
  },
  hono: {
    request: '/jobs/42',
    route: '/jobs/:jobId',
    body: { id: '42' },
    healthPath: '/health',
    detailedHealthPath: '/health/detailed',
    checks: [],
    token: true,
    more: [],
  },
};

const bearer = { authorization: `Bearer ${TOKEN}` };

/** Polls `path` until it answers 200; fails with the snippet's output if it exits first or never answers. */
async function waitUntilServing(snippet: SnippetProcess, url: string, path: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (snippet.exited) throw new Error(`${snippet.file} exited before serving:\n${snippet.output()}`);
    const reply = await send(url, path).catch(() => undefined);
    if (reply?.status === 200) return;
    if (Date.now() > deadline) {
      throw new Error(`${snippet.file} did not answer ${path} within ${timeoutMs} ms:\n${snippet.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Whether anything answers on the IPv6 loopback at `port` (it must not: the snippet was told HOST=127.0.0.1). */
function answersOnIpv6Loopback(port: number): Promise<boolean> {
  return send(`http://[::1]:${port}`, '/').then(
    () => true,
    () => false,
  );
}

function json(reply: Reply): unknown {
  return JSON.parse(reply.body);
}

async function runApp(snippet: Snippet, guide: AppGuide): Promise<void> {
  expect(snippet.code, 'the label the test checks is the one the guide shows').toContain(
    `recorded as route="${guide.route}"`,
  );
  const port = await freePort();
  const url = `http://${HOST}:${port}`;
  const child = startSnippet(snippet, 'http-guides', { PORT: String(port), HOST, METRICS_TOKEN: TOKEN });
  try {
    await waitUntilServing(child, url, guide.healthPath);

    expect(json(await send(url, guide.healthPath))).toEqual({ status: 'ok' });
    const routed = await send(url, guide.request);
    expect({ status: routed.status, body: json(routed) }).toEqual({ status: 200, body: guide.body });
    for (const request of guide.more) expect((await send(url, request.path)).status).toBe(request.status);

    if (guide.token) expect((await send(url, guide.detailedHealthPath)).status).toBe(401);
    const detailed = await send(url, guide.detailedHealthPath, { headers: guide.token ? bearer : {} });
    expect(detailed.status).toBe(200);
    const health = json(detailed) as { status: string; checks: Record<string, { status: string }> };
    expect(health.status).toBe('ok');
    expect(Object.keys(health.checks).sort()).toEqual(guide.checks);

    if (guide.token) {
      const refused = await send(url, '/metrics');
      expect(refused.status).toBe(401);
      expect(refused.headers['www-authenticate']).toMatch(/^Bearer/);
    }
    const scrape = await send(url, '/metrics', { headers: guide.token ? bearer : {} });
    expect(scrape.status).toBe(200);
    const samples = parseExposition(scrape.body);
    const labels = { method: 'GET', route: guide.route, status_code: '200' };
    expect(sampleValue(samples, 'api_requests_total', labels)).toBe(1);
    expect(sampleValue(samples, 'api_request_duration_seconds_count', labels)).toBe(1);
    for (const request of guide.more.filter((r) => r.route !== undefined)) {
      const more = { method: 'GET', route: request.route!, status_code: String(request.status) };
      expect(sampleValue(samples, 'api_requests_total', more)).toBe(1);
    }
    // Nothing else was recorded: not the health, readiness and metrics endpoints, not excluded paths.
    const recorded = findSamples(samples, 'api_requests_total').map((sample) => sample.labels.route);
    expect(recorded.sort()).toEqual(
      [guide.route, ...guide.more.flatMap((request) => (request.route === undefined ? [] : [request.route]))].sort(),
    );

    expect(await answersOnIpv6Loopback(port)).toBe(false);
  } finally {
    const ended = await child.stop();
    expect(processAlive(child.pid), `pid ${child.pid} still runs after ${JSON.stringify(ended)}`).toBe(false);
  }
}

async function runMetricsServer(snippet: Snippet): Promise<void> {
  const port = await freePort();
  const url = `http://${HOST}:${port}`;
  const child = startSnippet(snippet, 'http-guides', { METRICS_PORT: String(port), HOST, METRICS_TOKEN: TOKEN });
  let ended: Awaited<ReturnType<SnippetProcess['stop']>> | undefined;
  try {
    await waitUntilServing(child, url, '/health');
    expect((await send(url, '/metrics')).status).toBe(401);
    const scrape = await send(url, '/metrics', { headers: bearer });
    expect(scrape.status).toBe(200);
    expect(parseExposition(scrape.body).length).toBeGreaterThan(0);
    expect((await send(url, '/health/detailed')).status).toBe(401);
    expect(json(await send(url, '/health/detailed', { headers: bearer }))).toMatchObject({ status: 'ok' });
    expect(await answersOnIpv6Loopback(port)).toBe(false);
  } finally {
    ended = await child.stop();
    expect(processAlive(child.pid), `pid ${child.pid} still runs after ${JSON.stringify(ended)}`).toBe(false);
  }
  // The snippet's SIGTERM handler closes the server, and nothing else keeps the process alive.
  expect(ended, child.output()).toEqual({ code: 0, signal: null, killed: false });
}

async function runToCompletion(snippet: Snippet): Promise<void> {
  const child = startSnippet(snippet, 'http-guides');
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void child.stop(0);
  }, 20_000);
  const ended = await child.exit;
  clearTimeout(timer);
  expect({ ...ended, timedOut }, `${child.file}:\n${child.output()}`).toEqual({
    code: 0,
    signal: null,
    timedOut: false,
  });
}

type Kind = 'app' | 'metrics server' | 'script';

function kindOf(snippet: Snippet): Kind {
  if (snippet.code.includes('process.env.PORT')) return 'app';
  if (snippet.code.includes('process.env.METRICS_PORT')) return 'metrics server';
  return 'script';
}

describe.each(Object.entries(GUIDES))('docs/%s.md', (name, guide) => {
  const snippets = extractSnippets(`docs/${name}.md`);

  it('has one app snippet and one metrics-server snippet, both on ports from the environment', () => {
    expect(snippets.map(kindOf).filter((kind) => kind !== 'script')).toEqual(['app', 'metrics server']);
  });

  it.each(snippets.map((snippet) => [snippet.index, kindOf(snippet), snippet] as const))(
    'runs snippet %i (%s)',
    async (_index, kind, snippet) => {
      if (kind === 'app') await runApp(snippet, guide);
      else if (kind === 'metrics server') await runMetricsServer(snippet);
      else await runToCompletion(snippet);
    },
  );
});
