import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import Koa from 'koa';
import { koaObservability } from '@transcode-flow/observability/koa';
import { announce } from './job-handler.js';
import { adapterOptions, makeWidget, optionsObservability } from './options-setup.js';

const observability = optionsObservability('bundled-options-koa');
const app = new Koa();
const router = new Router();
router.get('/jobs/:jobId', async (ctx) => {
  ctx.body = await makeWidget(observability, ctx.params.jobId!);
});
router.get('/quiet', (ctx) => {
  ctx.body = 'quiet';
});
router.get('/fail', (ctx) => {
  ctx.status = 500;
  ctx.body = 'failed';
});
app.use(
  koaObservability(
    observability,
    adapterOptions<Koa.Context>((ctx, name) => ctx.get(name) || undefined),
  ),
);
app.use(router.routes());
const server = app.listen(0, '127.0.0.1', () => announce((server.address() as AddressInfo).port));
