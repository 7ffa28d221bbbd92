import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkApp } from './app-checks.js';
import { nodeAtLeast, startServer, userProject, type ServerProcess } from './user-project.js';

describe('Hono on Cloudflare Workers (wrangler bundle, workerd through miniflare, nodejs_compat)', () => {
  let project: ReturnType<typeof userProject>;
  let server: ServerProcess;

  beforeAll(async () => {
    project = userProject('workerd');
    // miniflare and wrangler need Node >= 22: on Node 20 the runner runs on an installed line.
    server = await startServer(nodeAtLeast(22), [join(project.dir, 'workerd-serve.mjs')], project.dir);
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    project?.remove();
  });

  it('serves from workerd', async () => {
    const response = await fetch(`${server.url}/health`);
    // workerd answers with its own headers; Node's http server would add `connection`/`keep-alive`.
    expect(response.status).toBe(200);
    await response.arrayBuffer();
  });

  it('records metrics, request ids, logging context, access log and health (no ffmpeg: no processes on Workers)', async () => {
    await checkApp(server, { ffmpeg: false });
  });
});
