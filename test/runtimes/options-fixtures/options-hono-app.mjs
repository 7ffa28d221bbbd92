// The Hono options app every runtime test serves (Bun, Deno, workerd): the contract of
// test/runtimes/options-checks.ts, with the options of test/package/bundle-apps/options-setup.ts
// (copied next to this file into the test's project).
import { Hono } from 'hono';
import { honoObservability } from '@transcode-flow/observability/hono';
import { adapterOptions, makeWidget } from './options-setup.ts';

export function createOptionsApp(observability) {
  const app = new Hono();
  app.use(
    honoObservability(
      observability,
      adapterOptions((c, name) => c.req.header(name)),
    ),
  );
  app.get('/jobs/:jobId', async (c) => c.json(await makeWidget(observability, c.req.param('jobId'))));
  app.get('/quiet', (c) => c.text('quiet'));
  app.get('/fail', (c) => c.text('failed', 500));
  return app;
}
