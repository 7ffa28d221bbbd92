import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import Koa from 'koa';
import { createObservability } from '@transcode-flow/observability';
import { koaObservability } from '@transcode-flow/observability/koa';
import { announce, handleJob } from './job-handler.js';

const observability = createObservability({ serviceName: 'bundled-koa' });
const app = new Koa();
const router = new Router();
router.get('/jobs/:jobId', async (ctx) => {
  ctx.body = await handleJob(ctx.params.jobId!);
});
app.use(koaObservability(observability));
app.use(router.routes());
const server = app.listen(0, '127.0.0.1', () => announce((server.address() as AddressInfo).port));
