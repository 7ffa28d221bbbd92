import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { transform } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '../helpers/tools.js';
import { checkApp } from '../runtimes/app-checks.js';
import { ROOT, startServer, userProject } from '../runtimes/user-project.js';
import { checkEntriesRun } from './entries-check.js';

/**
 * The package as installed, not bundled: `import` reads the ESM build and `require` the CommonJS
 * one. Each part the package loads on first use (pino-pretty, OpenTelemetry, the ffmpeg
 * installer, the built-ins only some features need) goes through its own loading code in each
 * build, and in the ESM build a `require` that esbuild turned into a shim would throw "Dynamic
 * require … is not supported" where a plain Node process runs it. Run on the Node that runs the
 * tests (scripts/test-node-lines.sh adds 22, 24 and 26), on Node 20.0, the oldest line the
 * package supports (engines: >=20) and one without `process.getBuiltinModule` (20.16+), and on
 * Bun and Deno. The four adapter apps of bundle-apps/ also serve and record, as installed, on
 * the test's Node and on Node 20.0.
 */
const FORMATS = ['esm', 'cjs'] as const;
/** Node 20.0 from the npm registry (scripts/install-node-lines.sh), as the other Node lines. */
const OLD_LINE = '20.0';

let project: ReturnType<typeof userProject>;
const lines: [string, string][] = [];

beforeAll(async () => {
  project = userProject('unbundled', join(import.meta.dirname, 'bundle-apps'));
  // Each app as plain JavaScript next to its source: `.js` is ESM here (the project's type is
  // module), and entries.ts also as `.mjs` and `.cjs`.
  for (const name of readdirSync(project.dir).filter((file) => file.endsWith('.ts'))) {
    const source = readFileSync(join(project.dir, name), 'utf8');
    const base = name.slice(0, -'.ts'.length);
    const outputs: [string, 'esm' | 'cjs'][] =
      base === 'entries' ? FORMATS.map((format) => [file(format), format]) : [[`${base}.js`, 'esm']];
    for (const [output, format] of outputs) {
      const { code } = await transform(source, { loader: 'ts', format, target: 'node20', sourcefile: name });
      writeFileSync(join(project.dir, output), code);
    }
  }
  const installed = execFileSync('bash', [join(ROOT, 'scripts/install-node-lines.sh'), OLD_LINE], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 300_000,
  });
  const old = installed.trim().split(' ')[1]!;
  lines.push([process.version, process.execPath], [execFileSync(old, ['--version'], { encoding: 'utf8' }).trim(), old]);
}, 320_000);
afterAll(() => project?.remove());

function file(format: (typeof FORMATS)[number]): string {
  return `entries.${format === 'esm' ? 'mjs' : 'cjs'}`;
}

describe.each(FORMATS)('every entry point as installed (%s, not bundled)', (format) => {
  it('loads on each Node line, and the lazily loaded parts work: caller, trace ids, pino-pretty, health checks, ffmpeg', () => {
    requireTool('ffmpeg', ['-version']);
    expect(lines.map(([version]) => version.split('.').slice(0, 2).join('.'))).toEqual([
      process.version.split('.').slice(0, 2).join('.'),
      `v${OLD_LINE}`,
    ]);
    for (const [, node] of lines) {
      checkEntriesRun(spawnSync(node, [file(format)], { cwd: project.dir, encoding: 'utf8', timeout: 120_000 }));
    }
  });

  it('runs ffmpeg, and checks it, from @ffmpeg-installer/ffmpeg when none is on PATH', () => {
    // An empty PATH directory: no ffmpeg there, so runFfmpeg and ffmpegHealthCheck fall back to
    // the installer package, which the package loads lazily (Node itself is started by its path).
    const empty = join(project.dir, 'empty-path');
    mkdirSync(empty, { recursive: true });
    const env = { ...process.env, PATH: empty, FFMPEG_PATH: '' };
    expect(spawnSync('ffmpeg', ['-version'], { env }).error).toBeDefined();
    checkEntriesRun(
      spawnSync(process.execPath, [file(format)], { cwd: project.dir, encoding: 'utf8', env, timeout: 120_000 }),
    );
  });
});

describe.each([
  ['Bun', join(ROOT, 'node_modules/.bin/bun'), []],
  ['Deno', join(ROOT, 'node_modules/.bin/deno'), ['run', '-A', '--no-lock']],
] as const)('every entry point as installed on %s (ESM)', (_runtime, binary, args) => {
  it('loads, and the lazily loaded parts work: caller, trace ids, pino-pretty, health checks, ffmpeg', () => {
    requireTool(binary);
    requireTool('ffmpeg', ['-version']);
    checkEntriesRun(
      spawnSync(binary, [...args, file('esm')], { cwd: project.dir, encoding: 'utf8', timeout: 120_000 }),
    );
  });
});

describe.each(['express', 'fastify', 'koa', 'hono'] as const)(
  'the %s app as installed (ESM, not bundled)',
  (adapter) => {
    it('serves and records on each Node line: route templates, request ids, context, access log, health', async () => {
      for (const [, node] of lines) {
        const server = await startServer(node, [`${adapter}.js`], project.dir);
        try {
          await checkApp(server, { ffmpeg: false });
        } finally {
          await server.stop();
        }
      }
    });
  },
);
