import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { context, SpanKind, type SpanContext, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import express from 'express';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expressObservability } from '../../src/adapters/express/index.js';
import { fastifyObservability } from '../../src/adapters/fastify/index.js';
import { createObservability, type Observability } from '../../src/create-observability.js';
import { send } from '../helpers/http-apps.js';
import { freePort } from '../helpers/redis.js';
import { requireTool } from '../helpers/tools.js';
import { touchAllMetrics } from '../helpers/touch-all-metrics.js';

/** A label value the OpenMetrics text must escape (quote, backslash, newline) and Prometheus must read back verbatim. */
const ODD_LABEL = 'eu "west"\\1\nb';

/**
 * An exemplar label set of exactly 128 code points (OpenMetrics' limit, which Prometheus counts
 * the same way: names and values, in code points, not bytes) and one of 129, recorded directly.
 */
const LONGEST_EXEMPLAR = { trace_id: `limit-${'é'.repeat(114)}` };
const TOO_LONG_EXEMPLAR = { trace_idx: LONGEST_EXEMPLAR.trace_id };
const LIMIT_SERIES = { method: 'GET', route: '/exemplar-limit', status_code: '200' };
/** A series observed with an exemplar whose label name has a dash: one made Prometheus 2.42 refuse the whole scrape. */
const BAD_NAME_SERIES = { method: 'GET', route: '/exemplar-bad-name', status_code: '200' };
/** Two label values that UTF-8 writes alike (a lone surrogate becomes U+FFFD): one series, counted twice. */
const SURROGATE_ROUTES = ['/lone-\uD800', '/lone-\uFFFD'];

/** The requests each app answers, each inside its own server span. */
const REQUESTS = [
  { method: 'GET', path: '/jobs/42', route: '/jobs/:jobId', status: 200 },
  { method: 'POST', path: '/jobs', route: '/jobs', status: 201 },
] as const;

/** A test app behind a handler that runs every request inside an active server span, as OpenTelemetry's HTTP instrumentation does. */
interface TracedApp {
  readonly job: 'express' | 'fastify';
  readonly observability: Observability;
  url: string;
  /** The span context of each request, by `METHOD /path`. */
  readonly spans: Map<string, SpanContext>;
  /** The content type of each `/metrics` answer. */
  readonly scrapeContentTypes: string[];
  close(): Promise<void>;
}

/**
 * Reports the content type a response is sent with, whether it was set with `setHeader` (Express)
 * or passed to `writeHead` (Fastify, which `getHeader` then does not see).
 */
function recordContentType(res: ServerResponse, report: (type: string) => void): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    const passed = args.find((arg): arg is Record<string, unknown> => typeof arg === 'object' && !Array.isArray(arg));
    const key = Object.keys(passed ?? {}).find((name) => name.toLowerCase() === 'content-type');
    report(String(this.getHeader('content-type') ?? (key === undefined ? undefined : passed![key])));
    return (writeHead as (...params: unknown[]) => ServerResponse).apply(this, args);
  } as typeof res.writeHead;
}

function traced(app: TracedApp, tracer: Tracer, handler: RequestListener): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) =>
    tracer.startActiveSpan(`${req.method} ${req.url}`, { kind: SpanKind.SERVER }, (span) => {
      if (req.url === '/metrics') {
        recordContentType(res, (type) => app.scrapeContentTypes.push(type));
      } else {
        app.spans.set(`${req.method} ${req.url}`, span.spanContext());
      }
      res.on('close', () => span.end());
      handler(req, res);
    });
}

function newApp(job: TracedApp['job']): TracedApp {
  const observability = createObservability({
    exemplars: true,
    accessLog: false,
    defaultLabels: { region: ODD_LABEL },
  });
  // A series in every catalogue family, so the whole exposition goes through Prometheus's parser.
  touchAllMetrics(observability);
  if (job === 'express') {
    observability.metrics.apiRequestDurationSeconds.observe(LIMIT_SERIES, 0.5, LONGEST_EXEMPLAR);
    observability.metrics.apiRequestDurationSeconds.observe(LIMIT_SERIES, 2, TOO_LONG_EXEMPLAR);
    observability.metrics.apiRequestDurationSeconds.observe(BAD_NAME_SERIES, 0.05, { 'trace-id': 'v' });
    for (const route of SURROGATE_ROUTES) {
      observability.metrics.apiRequestsTotal.inc({ method: 'GET', route, status_code: '200' });
    }
  }
  return { job, observability, url: '', spans: new Map(), scrapeContentTypes: [], close: async () => undefined };
}

async function startExpress(tracer: Tracer): Promise<TracedApp> {
  const state = newApp('express');
  const app = express();
  app.use(expressObservability(state.observability));
  app.get('/jobs/:jobId', (req, res) => void res.json({ id: req.params.jobId }));
  app.post('/jobs', (_req, res) => void res.status(201).json({ id: '1' }));
  const server: Server = createServer(traced(state, tracer, app));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

async function startFastify(tracer: Tracer): Promise<TracedApp> {
  const state = newApp('fastify');
  const app = Fastify({ serverFactory: (handler) => createServer(traced(state, tracer, handler)) });
  await app.register(fastifyObservability(state.observability));
  app.get('/jobs/:jobId', async (request) => ({ id: (request.params as { jobId: string }).jobId }));
  app.post('/jobs', async (_request, reply) => reply.code(201).send({ id: '1' }));
  state.url = await app.listen({ port: 0, host: '127.0.0.1' });
  state.close = () => app.close();
  return state;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(250);
  }
}

interface ApiAnswer<T> {
  status: string;
  error?: string;
  data: T;
}

interface Target {
  labels: Record<string, string>;
  health: string;
  lastError: string;
  lastScrape: string;
}

interface ExemplarSeries {
  seriesLabels: Record<string, string>;
  exemplars: { labels: Record<string, string>; value: string; timestamp: number }[];
}

describe('OpenMetrics exemplars, scraped by a real Prometheus', () => {
  const binary = requireTool('prometheus', ['--version']);
  const contextManager = new AsyncLocalStorageContextManager();
  const tracer = new BasicTracerProvider().getTracer('exemplar-test');
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'tfo-prometheus-exemplars-'));
  const apps: TracedApp[] = [];
  let prometheus: ChildProcess | undefined;
  let prometheusLog = '';
  let api = '';

  const get = async <T>(path: string): Promise<ApiAnswer<T>> => {
    const answer = (await (await fetch(`${api}${path}`)).json()) as ApiAnswer<T>;
    if (answer.status !== 'success') throw new Error(`${path}: ${answer.error ?? answer.status}`);
    return answer;
  };
  const targets = async (): Promise<Target[]> =>
    (await get<{ activeTargets: Target[] }>('/api/v1/targets?state=active')).data.activeTargets;
  const exemplars = async (): Promise<ExemplarSeries[]> => {
    const start = (started - 60_000) / 1000;
    const end = Date.now() / 1000 + 60;
    return (
      await get<ExemplarSeries[]>(
        `/api/v1/query_exemplars?query=api_request_duration_seconds_bucket&start=${start}&end=${end}`,
      )
    ).data;
  };

  beforeAll(async () => {
    context.setGlobalContextManager(contextManager.enable());
    apps.push(await startExpress(tracer), await startFastify(tracer));
    for (const app of apps) {
      for (const request of REQUESTS) {
        const reply = await send(app.url, request.path, { method: request.method });
        expect(reply.status, `${app.job} ${request.method} ${request.path}`).toBe(request.status);
      }
    }

    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    const config = join(dir, 'prometheus.yml');
    writeFileSync(
      config,
      [
        'global:',
        '  scrape_interval: 1s',
        '  scrape_timeout: 1s',
        'scrape_configs:',
        ...apps.flatMap((app) => [
          `  - job_name: ${app.job}`,
          '    static_configs:',
          `      - targets: ['${new URL(app.url).host}']`,
        ]),
        '',
      ].join('\n'),
    );
    prometheus = spawn(
      binary,
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--enable-feature=exemplar-storage',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    prometheus.stderr!.setEncoding('utf8').on('data', (chunk: string) => (prometheusLog += chunk));
    try {
      await waitFor('Prometheus to be ready', async () => ((await fetch(`${api}/-/ready`)).ok ? true : undefined));
      await waitFor('a scrape of every app', async () => {
        const active = await targets();
        const scraped = active.filter((target) => target.health !== 'unknown');
        return active.length === apps.length && scraped.length === apps.length ? true : undefined;
      });
    } catch (error) {
      throw new Error(`${(error as Error).message}\nPrometheus log:\n${prometheusLog}`);
    }
  }, 60_000);

  afterAll(async () => {
    if (prometheus?.pid !== undefined && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus!.once('exit', resolve));
      process.kill(prometheus.pid, 'SIGTERM');
      const timer = setTimeout(() => prometheus?.pid !== undefined && process.kill(prometheus.pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await Promise.all(apps.map((app) => app.close()));
    contextManager.disable();
    context.disable();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is answered in OpenMetrics and parses without a scrape error', async () => {
    // Prometheus 2.42 asks for OpenMetrics first; every scrape got it.
    for (const app of apps) {
      expect(app.scrapeContentTypes.length, app.job).toBeGreaterThan(0);
      for (const type of app.scrapeContentTypes) expect(type, app.job).toMatch(/^application\/openmetrics-text;/);
    }
    const active = await targets();
    expect(active.map((target) => target.labels.job).sort()).toEqual(apps.map((app) => app.job).sort());
    for (const target of active) {
      expect({ job: target.labels.job, health: target.health, lastError: target.lastError }).toEqual({
        job: target.labels.job,
        health: 'up',
        lastError: '',
      });
    }
    for (const app of apps) {
      const up = await get<{ result: { value: [number, string] }[] }>(
        `/api/v1/query?query=${encodeURIComponent(`up{job="${app.job}"}`)}`,
      );
      expect(up.data.result.map((sample) => sample.value[1])).toEqual(['1']);
    }
    // Nothing was dropped on ingestion (samples or exemplars).
    const complaints = prometheusLog
      .split('\n')
      .filter((line) => /level=(warn|error)/.test(line) && /scrape|exemplar/i.test(line));
    expect(complaints).toEqual([]);
  });

  it('stores the series under the names and label values the Prometheus text format gives them', async () => {
    for (const app of apps) {
      for (const request of REQUESTS) {
        const expr = `api_requests_total{job="${app.job}",method="${request.method}",route="${request.route}"}`;
        const answer = await get<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(
          `/api/v1/query?query=${encodeURIComponent(expr)}`,
        );
        expect(answer.data.result, expr).toHaveLength(1);
        expect(answer.data.result[0]!.value[1], expr).toBe('1');
        expect(answer.data.result[0]!.metric, expr).toMatchObject({
          status_code: String(request.status),
          region: ODD_LABEL,
        });
      }
    }
  });

  it("keeps each request's trace id and span id as the exemplar of its duration bucket", async () => {
    // One exemplar per request, and the one recorded directly on the limit series.
    const series = await waitFor(
      'an exemplar of every request',
      async () => {
        const found = (await exemplars()).filter((s) => s.exemplars.length > 0);
        return found.length >= apps.length * REQUESTS.length + 1 ? found : undefined;
      },
      15_000,
    );
    const ours = new Set(apps.flatMap((app) => [...app.spans.values()].map((span) => span.traceId)));
    ours.add(LONGEST_EXEMPLAR.trace_id);
    // Every stored exemplar is the trace of a span this test created (the touched series carry none).
    for (const s of series) {
      for (const exemplar of s.exemplars)
        expect(ours.has(exemplar.labels.trace_id!), exemplar.labels.trace_id).toBe(true);
    }
    for (const app of apps) {
      for (const request of REQUESTS) {
        const span = app.spans.get(`${request.method} ${request.path}`);
        expect(span?.traceId, `${app.job} ${request.path}`).toMatch(/^[0-9a-f]{32}$/);
        const matching = series.filter(
          (s) =>
            s.seriesLabels.__name__ === 'api_request_duration_seconds_bucket' &&
            s.seriesLabels.job === app.job &&
            s.seriesLabels.method === request.method &&
            s.seriesLabels.route === request.route &&
            s.seriesLabels.status_code === String(request.status),
        );
        // One observation: one bucket holds it, and its exemplar is that request's span.
        expect(matching, `${app.job} ${request.method} ${request.route}`).toHaveLength(1);
        const [bucket] = matching;
        expect(bucket!.exemplars.map((exemplar) => exemplar.labels)).toEqual([
          { trace_id: span!.traceId, span_id: span!.spanId },
        ]);
        const exemplar = bucket!.exemplars[0]!;
        expect(Number(exemplar.value)).toBeGreaterThan(0);
        expect(Number(exemplar.value)).toBeLessThanOrEqual(Number(bucket!.seriesLabels.le));
        expect(exemplar.timestamp * 1000).toBeGreaterThanOrEqual(started - 1000);
        expect(exemplar.timestamp * 1000).toBeLessThanOrEqual(Date.now());
      }
    }
  });

  it('stores an exemplar of 128 code points intact; a longer one is not exposed', async () => {
    const onLimit = (await exemplars()).filter(
      (s) => s.seriesLabels.job === 'express' && s.seriesLabels.route === LIMIT_SERIES.route,
    );
    expect(onLimit.map((s) => ({ le: s.seriesLabels.le, exemplars: s.exemplars.map((e) => e.labels) }))).toEqual([
      { le: '0.5', exemplars: [LONGEST_EXEMPLAR] },
    ]);
    const reply = await send(apps[0]!.url, '/metrics', { headers: { accept: 'application/openmetrics-text' } });
    expect(reply.body).not.toContain('trace_idx=');
  });

  it('drops an exemplar whose label name has a dash and counts it; the target stays up', async () => {
    const query = async (expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> =>
      (
        await get<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(
          `/api/v1/query?query=${encodeURIComponent(expr)}`,
        )
      ).data.result;
    expect((await query('up{job="express"}')).map((sample) => sample.value[1])).toEqual(['1']);
    const observed = await query(`api_request_duration_seconds_count{job="express",route="${BAD_NAME_SERIES.route}"}`);
    expect(observed.map((sample) => sample.value[1])).toEqual(['1']);
    const dropped = await query(
      'observability_exemplars_dropped_total{job="express",metric="api_request_duration_seconds"}',
    );
    // This one and the exemplar of 129 code points on the limit series.
    expect(dropped.map((sample) => sample.value[1])).toEqual(['2']);
    const stored = (await exemplars()).filter((s) => s.seriesLabels.route === BAD_NAME_SERIES.route);
    expect(stored.flatMap((s) => s.exemplars)).toEqual([]);
  });

  it('stores a lone surrogate and U+FFFD, which UTF-8 writes alike, as one series holding both', async () => {
    const answer = await get<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(
      `/api/v1/query?query=${encodeURIComponent('api_requests_total{job="express",route=~"/lone-.*"}')}`,
    );
    expect(answer.data.result.map((sample) => [sample.metric.route, sample.value[1]])).toEqual([['/lone-\uFFFD', '2']]);
  });
});
