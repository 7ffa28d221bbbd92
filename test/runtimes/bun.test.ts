import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '../helpers/tools.js';
import { checkApp } from './app-checks.js';
import { ROOT, startServer, userProject, type ServerProcess } from './user-project.js';

/** Bun from the `bun` devDependency (the binary ships in its npm package). */
const BUN = join(ROOT, 'node_modules/.bin/bun');

describe('Hono on Bun (Bun.serve on 127.0.0.1, the built package)', () => {
  let project: ReturnType<typeof userProject>;
  let server: ServerProcess;

  beforeAll(async () => {
    project = userProject('bun');
    requireTool(BUN);
    requireTool('ffmpeg', ['-version']);
    server = await startServer(BUN, ['serve.mjs'], project.dir);
  });

  afterAll(async () => {
    await server?.stop();
    project?.remove();
  });

  it('runs on Bun, not Node', () => {
    const result = spawnSync(BUN, ['-e', 'process.stdout.write(String(typeof Bun))'], { encoding: 'utf8' });
    expect(result.stdout).toBe('object');
  });

  it('records metrics, request ids, logging context, access log, health and an ffmpeg run', async () => {
    await checkApp(server, { ffmpeg: true });
  });
});
