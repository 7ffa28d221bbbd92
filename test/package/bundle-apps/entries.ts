import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { createLogger, createObservability } from '@transcode-flow/observability';
import * as bullmq from '@transcode-flow/observability/bullmq';
import * as cluster from '@transcode-flow/observability/cluster';
import { runFfmpeg } from '@transcode-flow/observability/ffmpeg';
import * as integrations from '@transcode-flow/observability/integrations';
import * as presets from '@transcode-flow/observability/presets';

/**
 * Loads every entry point in one bundle and uses what loads lazily: the caller fields of the
 * logger, OpenTelemetry trace ids in log lines, and a real ffmpeg run. Writes its log lines and
 * then one `{"result": …}` line to stdout, and exits.
 */
async function main(): Promise<void> {
  const loaded = [bullmq, cluster, integrations, presets].map((entry) => Object.keys(entry).length);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const logger = createLogger({ name: 'entries', caller: true });
  const tracer = new BasicTracerProvider().getTracer('bundled');
  const traceId = tracer.startActiveSpan('probe', (span) => {
    logger.info('inside a span');
    span.end();
    return span.spanContext().traceId;
  });
  const observability = createObservability({ serviceName: 'bundled-entries', defaultMetrics: false, groups: 'all' });
  const dir = mkdtempSync(join(tmpdir(), 'tfo-bundled-entries-'));
  try {
    const result = await runFfmpeg(
      ['-f', 'lavfi', '-i', 'testsrc=duration=0.2:size=160x90:rate=5', '-c:v', 'mpeg4', '-y', join(dir, 'out.mp4')],
      { observability, timeoutMs: 60_000 },
    );
    const { body } = await observability.scrape();
    process.stdout.write(
      `${JSON.stringify({ result: { loaded, traceId, bytes: result.outputs[0]?.bytes, metrics: String(body) } })}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
