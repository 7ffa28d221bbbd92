import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, withContext } from '../../src/index.js';
import { logCapture, parseLogLines } from '../helpers/log-lines.js';

const ROOT = resolve(import.meta.dirname, '../..');

describe('OpenTelemetry trace ids', () => {
  const contextManager = new AsyncLocalStorageContextManager();
  beforeAll(() => {
    context.setGlobalContextManager(contextManager.enable());
  });
  afterAll(() => {
    contextManager.disable();
    context.disable();
  });

  it('adds trace_id, span_id and trace_flags of the active span, across await and timers', async () => {
    const tracer = new BasicTracerProvider().getTracer('transcoder-test');
    const capture = logCapture();
    const logger = createLogger({ name: 'otel', destination: capture.destination });
    logger.info('before any span');
    const ids = await tracer.startActiveSpan('transcode', async (span) => {
      await withContext({ job_id: 'abc123' }, async () => {
        logger.info('inside span');
        await delay(5);
        await new Promise((done) => setTimeout(done, 1));
        logger.info('after await');
        tracer.startActiveSpan('ffmpeg', (child) => {
          logger.info('inside child span');
          child.end();
        });
      });
      span.end();
      return span.spanContext();
    });
    const [outside, inside, afterAwait, inChild] = capture.lines();
    expect(outside).not.toHaveProperty('trace_id');
    for (const line of [inside, afterAwait]) {
      expect(line).toMatchObject({ trace_id: ids.traceId, span_id: ids.spanId, trace_flags: '01', job_id: 'abc123' });
    }
    // The Contract fixes the fields of a line, not their order.
    expect(Object.keys(inside!).sort()).toEqual(
      [
        ...['timestamp', 'level', 'logger', 'message', 'pid', 'job_id'],
        ...['trace_id', 'span_id', 'trace_flags'],
      ].sort(),
    );
    expect(inChild!.trace_id).toBe(ids.traceId);
    expect(inChild!.span_id).not.toBe(ids.spanId);
    expect(inChild!.span_id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('leaves the ids out with trace: false', async () => {
    const tracer = new BasicTracerProvider().getTracer('transcoder-test');
    const capture = logCapture();
    const logger = createLogger({ name: 'otel', destination: capture.destination, trace: false });
    tracer.startActiveSpan('transcode', (span) => {
      logger.info('inside span');
      span.end();
    });
    expect(capture.lines()[0]).not.toHaveProperty('trace_id');
  });
});

describe('without @opentelemetry/api', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tfo-no-otel-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // The logging modules are loaded on their own: prom-client 15 (behind the main entry) depends
  // on @opentelemetry/api and requires it itself, so an application with this SDK always has it.
  it('logs normally and the logger loads nothing of OpenTelemetry', () => {
    // A preload that makes @opentelemetry/* unresolvable, as in an application without it.
    const block = join(dir, 'block-otel.cjs');
    writeFileSync(
      block,
      `const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request.startsWith('@opentelemetry/')) {
    const error = new Error("Cannot find module '" + request + "'");
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  }
  return resolve.call(this, request, ...rest);
};
`,
    );
    const script = join(dir, 'log.mts');
    writeFileSync(
      script,
      `import { createRequire } from 'node:module';
import { createLogger } from ${JSON.stringify(join(ROOT, 'src/logging/logger.ts'))};
import { withContext } from ${JSON.stringify(join(ROOT, 'src/logging/context.ts'))};
const logger = createLogger({ name: 'no-otel' });
withContext({ job_id: 'j1' }, () => logger.info('works without OpenTelemetry'));
const loaded = Object.keys(createRequire(import.meta.url).cache).filter((path) => path.includes('@opentelemetry'));
process.stderr.write(JSON.stringify(loaded));
`,
    );
    const child = spawnSync(process.execPath, ['--require', block, '--import', 'tsx', script], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(child.status, child.stderr).toBe(0);
    const output = { stdout: child.stdout, stderr: child.stderr };
    const { stdout, stderr } = output;
    const [line] = parseLogLines(stdout);
    expect(JSON.parse(stderr)).toEqual([]);
    expect(line).toMatchObject({ logger: 'no-otel', job_id: 'j1', message: 'works without OpenTelemetry' });
    expect(line).not.toHaveProperty('trace_id');
  });
});
