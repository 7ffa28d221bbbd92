import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPTIONAL_PACKAGES } from '../helpers/http-modules.js';

const ROOT = join(import.meta.dirname, '../..');
const PACKAGE = '@transcode-flow/observability';

/**
 * What each entry may load of {@link OPTIONAL_PACKAGES}: only its own framework, and only when it needs
 * it at import time. `/hono` imports `hono/route` (to read the matched route); nothing else loads any.
 */
const ENTRIES: Record<string, readonly string[]> = {
  '': [],
  '/express': [],
  '/fastify': [],
  '/koa': [],
  '/hono': ['hono'],
  '/bullmq': [],
  '/ffmpeg': [],
  '/integrations': [],
  '/cluster': [],
  '/presets': [],
};

/**
 * Loader hooks (run on Node's hooks thread) that append every ESM resolution to a log file as
 * one JSON line: the specifier, the importing module and the resolved URL.
 */
const HOOKS = `import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) {
  log = data.log;
}
export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  appendFileSync(log, JSON.stringify({ specifier, parent: context.parentURL ?? null, url: result.url }) + '\\n');
  return result;
}
`;

/**
 * The \`--import\` preload: registers the hooks, and on exit writes the CommonJS module cache,
 * which holds every file loaded by require() inside CommonJS packages (Node 20 does not send
 * those through the loader hooks).
 */
const REGISTER = (
  hooksUrl: string,
  log: string,
  cjsLog: string,
): string => `import { createRequire, register } from 'node:module';
import { writeFileSync } from 'node:fs';
register(${JSON.stringify(hooksUrl)}, { data: { log: ${JSON.stringify(log)} } });
const require = createRequire(import.meta.url);
process.on('exit', () => writeFileSync(${JSON.stringify(cjsLog)}, JSON.stringify(Object.keys(require.cache))));
`;

interface Resolution {
  specifier: string;
  parent: string | null;
  url: string;
}

interface Loaded {
  /** Every ESM resolution, in order. */
  resolutions: Resolution[];
  /** Every file URL or path loaded, through import or require. */
  files: string[];
}

let dir: string;
let runs = 0;

/** Runs `source` as the ESM entry of a fresh Node process in the repo root, and records what it loaded. */
function load(source: string): Loaded {
  const run = join(dir, `run-${runs++}`);
  const log = `${run}.resolutions.jsonl`;
  const cjsLog = `${run}.cjs.json`;
  const hooks = `${run}.hooks.mjs`;
  const register = `${run}.register.mjs`;
  writeFileSync(hooks, HOOKS);
  writeFileSync(register, REGISTER(pathToFileURL(hooks).href, log, cjsLog));
  const result = spawnSync(
    process.execPath,
    ['--import', pathToFileURL(register).href, '--input-type=module', '-e', source],
    // The repo root is the package itself: `import '@transcode-flow/observability/…'` resolves by self-reference.
    { cwd: ROOT, encoding: 'utf8' },
  );
  expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
  const resolutions = readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Resolution);
  const cjs = JSON.parse(readFileSync(cjsLog, 'utf8')) as string[];
  return { resolutions, files: [...resolutions.map((r) => r.url), ...cjs] };
}

/** The packages of {@link OPTIONAL_PACKAGES} that have a file among `files`. */
function frameworksIn(files: readonly string[]): string[] {
  return OPTIONAL_PACKAGES.filter((name) => files.some((file) => file.includes(`/node_modules/${name}/`)));
}

describe('ESM imports of the built package load no other framework (run after `npm run build`)', () => {
  beforeAll(() => {
    for (const entry of [
      'index',
      ...Object.keys(ENTRIES)
        .filter(Boolean)
        .map((subpath) => subpath.slice(1)),
    ]) {
      const file = join(ROOT, 'dist', `${entry}.js`);
      if (!existsSync(file)) throw new Error(`${file} is missing: run \`npx tsup\` (npm test builds first)`);
    }
    dir = mkdtempSync(join(tmpdir(), 'tfo-esm-isolation-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('sees a framework when one is loaded, through import (ESM) and through require (CommonJS)', () => {
    // Controls for the probe itself: hono is ESM, express and koa are CommonJS and require their dependencies.
    expect(frameworksIn(load(`import 'hono';`).files)).toEqual(['hono']);
    const express = load(`import 'express';`);
    expect(frameworksIn(express.files)).toEqual(['express']);
    expect(express.files.some((file) => file.includes('/node_modules/router/'))).toBe(true);
    expect(frameworksIn(load(`import 'koa'; import '@koa/router';`).files)).toEqual(['koa', '@koa/router']);
    expect(frameworksIn(load(`import 'express4'; import 'koa2';`).files)).toEqual(['express4', 'koa2']);
  });

  for (const [subpath, own] of Object.entries(ENTRIES)) {
    const specifier = `${PACKAGE}${subpath}`;
    it(`import '${specifier}' loads ${own.length === 0 ? 'no framework' : `only ${own.join(', ')}`}`, () => {
      const { resolutions, files } = load(
        `import * as entry from '${specifier}'; if (Object.keys(entry).length === 0) process.exit(3);`,
      );
      // The ESM build was loaded, not the CommonJS one.
      const entryFile = subpath === '' ? 'index.js' : `${subpath.slice(1)}.js`;
      expect(resolutions.find((r) => r.specifier === specifier)?.url).toBe(
        pathToFileURL(join(ROOT, 'dist', entryFile)).href,
      );
      expect(files.some((file) => file.includes('/dist/') && file.endsWith('.cjs'))).toBe(false);
      expect(frameworksIn(files)).toEqual(own);
      // OpenTelemetry is read lazily, on the first request with exemplars on; the package's own files never import it.
      const ownImports = resolutions.filter((r) => r.parent?.startsWith(pathToFileURL(join(ROOT, 'dist')).href));
      expect(ownImports.length).toBeGreaterThan(0);
      expect(ownImports.filter((r) => r.specifier.startsWith('@opentelemetry/'))).toEqual([]);
    });
  }

  it(`import '${PACKAGE}' loads no preset code, no node:http, path-to-regexp or other built-in only some features need, and reports what it loads`, () => {
    const { files, resolutions } = load(`import { createObservability } from '${PACKAGE}'; createObservability();`);
    // Neither node:http nor path-to-regexp: serveMetrics and the HTTP core load them when used (a
    // cold start on Node 26 paid hundreds of ms for node:http alone).
    const specifiers = resolutions.map((r) => r.specifier);
    expect(specifiers.filter((s) => ['http', 'node:http', 'path-to-regexp'].includes(s))).toEqual([]);
    // Nor the built-ins that only the health checks or the first request id need: prom-client and
    // pino do not load them, so each would be pure cold-start cost (node:child_process about 2 ms,
    // node:crypto about 1 ms on Node 20).
    const lazyBuiltins = ['child_process', 'crypto', 'fs/promises'].flatMap((name) => [name, `node:${name}`]);
    expect(specifiers.filter((s) => lazyBuiltins.includes(s))).toEqual([]);
    const dist = pathToFileURL(join(ROOT, 'dist')).href;
    // Our own files import only the two built-ins the entry needs as it loads: an ES module's
    // import of a built-in makes Node build a module facade at every cold start (about 0.15 ms
    // each on Node 20), even for one Node has loaded. The others (node:os for the logger's
    // hostname, node:module for source maps, ...) are read on first use (nodeBuiltin).
    const ownBuiltins = resolutions
      .filter((r) => r.parent?.startsWith(dist) === true && r.url.startsWith('node:'))
      .map((r) => r.url);
    expect([...new Set(ownBuiltins)].sort()).toEqual(['node:async_hooks', 'node:module']);
    const own = [...new Set(files.filter((file) => file.startsWith(dist)).map((file) => new URL(file).pathname))];
    const bytes = own.reduce((sum, file) => sum + readFileSync(file).byteLength, 0);
    process.stderr.write(`main entry loads ${own.length} files of dist, ${(bytes / 1024).toFixed(1)} KiB\n`);
    // The entry, its modules and the chunk it shares with the on-demand HTTP core (tsup.config.ts):
    // each file an ESM import reads costs a cold start about 0.3 ms, and one build of every
    // entry split the main entry's code over 11.
    expect(own.length, own.join('\n')).toBeLessThanOrEqual(3);
    // An alert name and an Alertmanager routing key exist only in the preset code.
    for (const file of own) {
      const text = readFileSync(file, 'utf8');
      expect(text.includes('HighApplicationRestartRate'), file).toBe(false);
      expect(text.includes('group_wait'), file).toBe(false);
    }
    const presets = load(`import '${PACKAGE}/presets';`).files.filter((file) => file.startsWith(dist));
    expect(presets.some((file) => readFileSync(new URL(file), 'utf8').includes('HighApplicationRestartRate'))).toBe(
      true,
    );
  });
});
