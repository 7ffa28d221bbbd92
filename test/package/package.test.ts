import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  exports: Record<string, unknown>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional: boolean }>;
  typesVersions: Record<string, Record<string, string[]>>;
};
const SUBPATHS = ['express', 'fastify', 'koa', 'hono', 'bullmq', 'ffmpeg', 'integrations', 'cluster', 'presets'];

function run(args: string[], input?: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', input });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the published package (run after `npm run build`)', () => {
  it('has been built: every entry exists as ESM, CJS, .d.ts and .d.cts', () => {
    for (const entry of ['index', ...SUBPATHS]) {
      for (const ext of ['js', 'cjs', 'd.ts', 'd.cts']) {
        expect(existsSync(join(ROOT, 'dist', `${entry}.${ext}`)), `dist/${entry}.${ext}`).toBe(true);
      }
    }
  });

  it('exports the main entry and every Contract subpath', () => {
    expect(Object.keys(pkg.exports).sort()).toEqual(['.', './package.json', ...SUBPATHS.map((s) => `./${s}`)].sort());
  });

  it('declares every framework and tool as an optional peer dependency', () => {
    const optional = [
      'express',
      'fastify',
      'koa',
      'hono',
      '@hono/node-server',
      'bullmq',
      'fluent-ffmpeg',
      '@opentelemetry/api',
    ];
    for (const name of optional) {
      expect(pkg.peerDependencies[name], name).toBeDefined();
      expect(pkg.peerDependenciesMeta[name]?.optional, name).toBe(true);
    }
  });

  it('bounds every peer dependency range above (no `>=` without an upper limit, no `*`)', () => {
    for (const [name, range] of Object.entries(pkg.peerDependencies)) {
      for (const part of range.split('||')) {
        expect(part.trim(), `${name}: ${range}`).toMatch(/^(\^|~)\d+(\.\d+){0,2}$|^>=\S+ <\S+$/);
      }
    }
  });

  it('maps every subpath in typesVersions to its CommonJS types, for `moduleResolution: node`', () => {
    expect(pkg.typesVersions).toEqual({
      '*': Object.fromEntries(SUBPATHS.map((subpath) => [subpath, [`./dist/${subpath}.d.cts`]])),
    });
  });

  it('type-checks an import of every entry with tsc under `moduleResolution: node` (node10)', () => {
    mkdirSync(join(ROOT, '.tmp'), { recursive: true });
    const dir = mkdtempSync(join(ROOT, '.tmp', 'node10-'));
    try {
      mkdirSync(join(dir, 'node_modules/@transcode-flow'), { recursive: true });
      symlinkSync(ROOT, join(dir, 'node_modules/@transcode-flow/observability'), 'dir');
      const compilerOptions = {
        module: 'commonjs',
        moduleResolution: 'node',
        target: 'es2022',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
      };
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['app.ts'] }));
      const imports = ['', ...SUBPATHS.map((subpath) => `/${subpath}`)]
        .map((entry, index) => `import * as entry${index} from '@transcode-flow/observability${entry}';`)
        .join('\n');
      const uses = `export const loaded = [${['', ...SUBPATHS].map((_, index) => `entry${index}`).join(', ')}];`;
      const check = `import { createObservability } from '@transcode-flow/observability';
import { expressObservability } from '@transcode-flow/observability/express';
const observability = createObservability({ serviceName: 'node10' });
export const middleware: (...args: never[]) => unknown = expressObservability(observability);
// @ts-expect-error: a misspelt option is an error, so the types really were found (not any).
createObservability({ serviceNam: 'typo' });`;
      writeFileSync(join(dir, 'app.ts'), `${imports}\n${uses}\n${check}\n`);
      const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], {
        encoding: 'utf8',
      });
      expect(`${tsc.stdout}${tsc.stderr}`).toBe('');
      expect(tsc.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ships no source maps, and stays under 2 MB unpacked (docs/runtimes.md has the install sizes)', () => {
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--loglevel=error'], { cwd: ROOT, encoding: 'utf8' }),
    ) as { unpackedSize: number; files: { path: string }[] }[];
    expect(packed!.files.filter((file) => file.path.endsWith('.map'))).toEqual([]);
    expect(packed!.unpackedSize).toBeLessThan(2 * 1024 * 1024);
  });

  it('ships ASCII-only JavaScript, so that Node reads no chunk as a two-byte string at each cold start', () => {
    const dist = join(ROOT, 'dist');
    const code = readdirSync(dist).filter((file) => /\.(c?js)$/.test(file));
    expect(code.length).toBeGreaterThan(10);
    // eslint-disable-next-line no-control-regex
    const nonAscii = code.filter((file) => /[^\x00-\x7f]/.test(readFileSync(join(dist, file), 'utf8')));
    expect(nonAscii).toEqual([]);
  });

  it('passes publint', () => {
    const output = execFileSync(join(ROOT, 'node_modules/.bin/publint'), ['--strict'], { cwd: ROOT, encoding: 'utf8' });
    expect(output).toContain('All good');
  });

  it('passes @arethetypeswrong/cli: types resolve in every resolution mode (node10, node16 CJS and ESM, bundler) on every subpath', () => {
    const result = spawnSync(join(ROOT, 'node_modules/.bin/attw'), ['--pack', '.', '--format', 'json'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const report = JSON.parse(result.stdout) as {
      analysis: { problems: { resolutionKind?: string }[]; entrypoints: Record<string, unknown> };
    };
    // Every resolution mode, node10 (`moduleResolution: node`) included: `typesVersions` maps its subpaths.
    expect(report.analysis.problems).toEqual([]);
    expect(Object.keys(report.analysis.entrypoints).sort()).toEqual(
      ['.', './package.json', ...SUBPATHS.map((s) => `./${s}`)].sort(),
    );
  });

  it('loads with require() and import(), and both give a working createObservability', () => {
    const cjs = run([
      '-e',
      `const { createObservability } = require('@transcode-flow/observability');
       createObservability().scrape().then(({ body }) => process.stdout.write(String(body.includes('app_info'))));`,
    ]);
    expect(cjs).toEqual({ status: 0, output: 'true' });
    const esm = run([
      '--input-type=module',
      '-e',
      `import { createObservability } from '@transcode-flow/observability';
       const { body } = await createObservability().scrape();
       process.stdout.write(String(body.includes('app_info')));`,
    ]);
    expect(esm).toEqual({ status: 0, output: 'true' });
  });

  it('holds each module with state once per format, whichever entries bundle it (the logging context, the error classes)', () => {
    // The main entry's modules live in one hidden entry that every other entry imports (see
    // tsup.config.ts): a second copy would be a second AsyncLocalStorage, and errors that fail
    // `instanceof` against the class the main entry exports.
    const files = readdirSync(join(ROOT, 'dist'));
    for (const extension of ['.js', '.cjs']) {
      const defining = (marker: RegExp): string[] =>
        files
          .filter((file) => file.endsWith(extension) && !file.endsWith(`.d${extension === '.js' ? '.ts' : '.cts'}`))
          .filter((file) => marker.test(readFileSync(join(ROOT, 'dist', file), 'utf8')));
      expect(defining(/new [\w.]*AsyncLocalStorage\(/), extension).toHaveLength(1);
      expect(
        defining(/ObservabilityError = class extends Error|class ObservabilityError extends Error/),
        extension,
      ).toHaveLength(1);
    }
  });

  it("gives every entry the main entry's error class and context, under require() and import()", () => {
    const check = (load: string): string => `${load}
       const observability = main.createObservability({ defaultMetrics: false, groups: ['jobs'] });
       let sameClass = false;
       try { express.expressObservability(observability, { requestContext: 'yes' }); } catch (error) { sameClass = error instanceof main.ObservabilityError; }
       // A BullMQ job's fields, as BullMQ hands them to a processor: the job context the bullmq
       // entry enters must be the one the main entry's getContext() reads.
       const job = { id: '7', name: 'transcode', queueName: 'media', attemptsMade: 0, timestamp: Date.now(), opts: {} };
       const processor = bullmq.instrumentProcessor(observability, async () => main.getContext().job_id);
       processor(job, undefined, undefined).then((jobId) => process.stdout.write(JSON.stringify({ sameClass, jobId })));`;
    const cjs = run([
      '-e',
      check(`const main = require('@transcode-flow/observability');
       const express = require('@transcode-flow/observability/express');
       const bullmq = require('@transcode-flow/observability/bullmq');`),
    ]);
    const esm = run([
      '--input-type=module',
      '-e',
      check(`const main = await import('@transcode-flow/observability');
       const express = await import('@transcode-flow/observability/express');
       const bullmq = await import('@transcode-flow/observability/bullmq');`),
    ]);
    for (const result of [cjs, esm]) {
      expect(result.status, result.output).toBe(0);
      expect(JSON.parse(result.output)).toEqual({ sameClass: true, jobId: '7' });
    }
  });

  it('loads no web framework, queue, ffmpeg or OpenTelemetry package from the main entry', () => {
    // Record every module that the package's own files require (prom-client itself may load OTel).
    const { output } = run([
      '-e',
      `const Module = require('node:module');
       const load = Module._load;
       const requested = [];
       Module._load = function (request, parent) {
         if (parent && parent.filename && parent.filename.includes('/dist/')) requested.push(request);
         return load.apply(this, arguments);
       };
       require('@transcode-flow/observability');
       process.stdout.write(JSON.stringify(requested));`,
    ]);
    const requested = JSON.parse(output) as string[];
    expect(requested).toContain('prom-client');
    const forbidden = ['express', 'fastify', 'koa', 'hono', 'bullmq', 'ioredis', 'fluent-ffmpeg', '@opentelemetry'];
    expect(
      requested.filter((name) =>
        forbidden.some((f) => name === f || name.startsWith(`${f}/`) || name.startsWith('@hono')),
      ),
    ).toEqual([]);
  });
});
