import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { Hono } from 'hono';
import {
  createLogger,
  createObservability,
  diskSpaceHealthCheck,
  ffmpegHealthCheck,
  writableDirHealthCheck,
} from '@transcode-flow/observability';
import * as bullmq from '@transcode-flow/observability/bullmq';
import * as cluster from '@transcode-flow/observability/cluster';
import { runFfmpeg } from '@transcode-flow/observability/ffmpeg';
import { honoObservability } from '@transcode-flow/observability/hono';
import * as integrations from '@transcode-flow/observability/integrations';
import * as presets from '@transcode-flow/observability/presets';

/**
 * Loads every entry point and uses what loads lazily, each through the package's own loading of
 * an optional package or a built-in: the caller fields of the logger, OpenTelemetry trace ids in
 * log lines and in exemplars (a Hono request, `app.request`, inside a span), pino-pretty, the
 * thread id and host name, the three health checks that read
 * `node:fs/promises` and `node:child_process`, and a real ffmpeg run (found on PATH, or, with
 * PATH emptied by the test, through `@ffmpeg-installer/ffmpeg`). Writes its log lines and then
 * one `{"result": …}` line to stdout, and exits. Bundled (bundled-apps.test.ts) and as installed
 * (unbundled-entries.test.ts).
 */
async function main(): Promise<void> {
  const loaded = [bullmq, cluster, integrations, presets].map((entry) => Object.keys(entry).length);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const logger = createLogger({ name: 'entries', caller: true, threadId: true, hostname: true });
  const tracer = new BasicTracerProvider().getTracer('bundled');
  const traceId = tracer.startActiveSpan('probe', (span) => {
    logger.info('inside a span');
    span.end();
    return span.spanContext().traceId;
  });
  const dir = mkdtempSync(join(tmpdir(), 'tfo-bundled-entries-'));
  try {
    const prettyFile = join(dir, 'pretty.log');
    createLogger({
      name: 'pretty',
      pretty: { sync: true, colorize: false },
      destination: openSync(prettyFile, 'w'),
    }).info('a pretty line');
    const checks = {
      writable: writableDirHealthCheck({ path: dir }),
      disk: diskSpaceHealthCheck({ path: dir }),
      ffmpeg: ffmpegHealthCheck(),
    };
    const health: Record<string, unknown> = {};
    for (const [name, { check }] of Object.entries(checks)) {
      try {
        health[name] = (await check(AbortSignal.timeout(30_000))) ?? 'ok';
      } catch (error) {
        health[name] = `threw: ${(error as Error).message}`;
      }
    }
    const observability = createObservability({
      serviceName: 'bundled-entries',
      defaultMetrics: false,
      groups: 'all',
      exemplars: true,
    });
    const app = new Hono();
    app.use(honoObservability(observability));
    app.get('/jobs/:jobId', (c) => c.text('done'));
    const requestTraceId = await tracer.startActiveSpan('request', async (span) => {
      await (await app.request('/jobs/42')).text();
      span.end();
      return span.spanContext().traceId;
    });
    const openMetrics = await (
      await app.request('/metrics', { headers: { accept: 'application/openmetrics-text; version=1.0.0' } })
    ).text();
    const result = await runFfmpeg(
      ['-f', 'lavfi', '-i', 'testsrc=duration=0.2:size=160x90:rate=5', '-c:v', 'mpeg4', '-y', join(dir, 'out.mp4')],
      { observability, timeoutMs: 60_000 },
    );
    const { body } = await observability.scrape();
    const summary = {
      loaded,
      traceId,
      requestTraceId,
      openMetrics,
      pretty: readFileSync(prettyFile, 'utf8'),
      health,
      bytes: result.outputs[0]?.bytes,
      metrics: String(body),
    };
    process.stdout.write(`${JSON.stringify({ result: summary })}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
