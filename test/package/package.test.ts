import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  exports: Record<string, unknown>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional: boolean }>;
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

  it('passes publint', () => {
    const output = execFileSync(join(ROOT, 'node_modules/.bin/publint'), ['--strict'], { cwd: ROOT, encoding: 'utf8' });
    expect(output).toContain('All good');
  });

  it('passes @arethetypeswrong/cli: types resolve for ESM and CJS on every subpath', () => {
    const result = spawnSync(
      join(ROOT, 'node_modules/.bin/attw'),
      ['--pack', '.', '--profile', 'node16', '--format', 'json'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const report = JSON.parse(result.stdout) as {
      analysis: { problems: { resolutionKind?: string }[]; entrypoints: Record<string, unknown> };
    };
    // node10 resolution predates `exports` and cannot see subpaths; the package needs Node >= 20.
    expect(report.analysis.problems.filter((problem) => problem.resolutionKind !== 'node10')).toEqual([]);
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
