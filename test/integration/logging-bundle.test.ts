import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { parseLogLines } from '../helpers/log-lines.js';

/**
 * An application bundled the way services ship (esbuild, every dependency inlined, pino
 * included), importing the package by its name; the name points at the sources, so that what is
 * proven is the code, not a stale build.
 */
const APP = `
import { createServer } from 'node:http';
import { createLogger, createObservability, getLogger, withContext } from '@transcode-flow/observability';

const logger = createLogger({ name: 'bundled', caller: true });
logger.info({ job_id: 'j-1' }, 'hello %s', 'world');
withContext({ request_id: 'r-1' }, () => logger.warning({ password: 'hunter2' }, 'inside'));
logger.error(new Error('connect redis://:s3cret@cache:6379 failed'));
const observability = createObservability({ serviceName: 'bundled-svc', defaultMetrics: false });
getLogger('jobs').info('from getLogger');
observability.scrape().then(({ body }) => {
  process.stderr.write(body.includes('app_info{service="bundled-svc"') ? 'SCRAPED\\n' : body);
});
`;

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'tfo-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function bundle(format: 'esm' | 'cjs'): Promise<string> {
  const entry = join(dir, 'app.mjs');
  writeFileSync(entry, APP);
  const outfile = join(dir, format === 'esm' ? 'app.bundle.mjs' : 'app.bundle.cjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format,
    alias: { '@transcode-flow/observability': join(ROOT, 'src/index.ts') },
    nodePaths: [join(ROOT, 'node_modules')],
    // An optional peer the package loads lazily, only with `pretty: true`.
    external: ['pino-pretty'],
    // What ESM bundles of CommonJS dependencies (pino is one) need for require().
    banner:
      format === 'esm'
        ? {
            js: "import { createRequire as __tfoCreateRequire } from 'node:module'; const require = __tfoCreateRequire(import.meta.url);",
          }
        : {},
    logLevel: 'silent',
  });
  return outfile;
}

describe.each(['esm', 'cjs'] as const)('an esbuild %s bundle of an app using the logger', (format) => {
  it('starts, writes correct lines and scrapes', async () => {
    const outfile = await bundle(format);
    const run = spawnSync(process.execPath, [outfile], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('SCRAPED');
    const lines = parseLogLines(run.stdout);
    expect(lines.map((line) => [line.logger, line.level, line.message])).toEqual([
      ['bundled', 'info', 'hello world'],
      ['bundled', 'warning', 'inside'],
      ['bundled', 'error', 'connect redis://:[Redacted]@cache:6379 failed'],
      ['jobs', 'info', 'from getLogger'],
    ]);
    expect(lines[0]).toMatchObject({ job_id: 'j-1', file: expect.any(String), line: expect.any(Number) });
    expect(lines[0]!.file).not.toMatch(/node_modules[/\\]pino/);
    expect(lines[1]).toMatchObject({ request_id: 'r-1', password: '[Redacted]' });
    expect(run.stdout).not.toMatch(/hunter2|s3cret/);
  });
});
