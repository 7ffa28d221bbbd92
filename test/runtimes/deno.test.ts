import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '../helpers/tools.js';
import { checkApp } from './app-checks.js';
import { ROOT, startServer, userProject, type ServerProcess } from './user-project.js';

/** Deno from the `deno` devDependency (the binary ships in its npm package). */
const DENO = join(ROOT, 'node_modules/.bin/deno');

describe('Hono on Deno (Deno.serve on 127.0.0.1, the built package)', () => {
  let project: ReturnType<typeof userProject>;
  let server: ServerProcess;

  beforeAll(async () => {
    project = userProject('deno');
    requireTool(DENO);
    requireTool('ffmpeg', ['-version']);
    // -A: net (listen on 127.0.0.1), read (node_modules), env and sys (pino, prom-client), run (ffmpeg).
    server = await startServer(DENO, ['run', '-A', '--no-lock', 'serve.mjs'], project.dir);
  });

  afterAll(async () => {
    await server?.stop();
    project?.remove();
  });

  it('runs on Deno, not Node', () => {
    const result = spawnSync(DENO, ['eval', 'console.log(typeof Deno.serve)'], { encoding: 'utf8' });
    expect(result.stdout.trim()).toBe('function');
  });

  it('records metrics, request ids, logging context, access log, health and an ffmpeg run', async () => {
    await checkApp(server, { ffmpeg: true });
  });
});
