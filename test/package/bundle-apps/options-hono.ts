import { serve } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { honoObservability } from '@transcode-flow/observability/hono';
import { announce } from './job-handler.js';
import { adapterOptions, makeWidget, optionsObservability } from './options-setup.js';

const observability = optionsObservability('bundled-options-hono');
const app = new Hono();
app.use(
  honoObservability(
    observability,
    adapterOptions<Context>((c, name) => c.req.header(name)),
  ),
);
app.get('/jobs/:jobId', async (c) => c.json(await makeWidget(observability, c.req.param('jobId'))));
app.get('/quiet', (c) => c.text('quiet'));
app.get('/fail', (c) => c.text('failed', 500));
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => announce(info.port));
