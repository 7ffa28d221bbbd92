import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createObservability } from '@transcode-flow/observability';
import { honoObservability } from '@transcode-flow/observability/hono';
import { announce, handleJob } from './job-handler.js';

const observability = createObservability({ serviceName: 'bundled-hono' });
const app = new Hono();
app.use(honoObservability(observability));
app.get('/jobs/:jobId', async (c) => c.json(await handleJob(c.req.param('jobId'))));
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => announce(info.port));
