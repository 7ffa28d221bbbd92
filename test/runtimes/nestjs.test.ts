import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Controller, Get, type INestApplication, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { expressObservability } from '../../src/adapters/express/index.js';
import { fastifyObservability } from '../../src/adapters/fastify/index.js';
import { createObservability, getContext, getLogger, type Observability } from '../../src/index.js';
import { parseExposition, sampleValue } from '../helpers/exposition.js';
import { logCapture, type LogCapture } from '../helpers/log-lines.js';

/**
 * A NestJS controller, with Nest's decorators applied as functions (the repository's TypeScript
 * setup has no `experimentalDecorators`; an app written with `@Controller('jobs')` syntax gets
 * the same metadata): `GET jobs/:jobId` logs one line after an await and answers with the
 * request id the logging context holds.
 */
class JobsController {
  async get(jobId: string): Promise<{ jobId: string; requestId: unknown }> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    getLogger('handler').info({ job: jobId }, 'job requested');
    return { jobId, requestId: getContext().request_id ?? null };
  }
}
Controller('jobs')(JobsController);
Get(':jobId')(JobsController.prototype, 'get', Object.getOwnPropertyDescriptor(JobsController.prototype, 'get')!);
Param('jobId')(JobsController.prototype, 'get', 0);
Reflect.defineMetadata('design:paramtypes', [String], JobsController.prototype, 'get');

class AppModule {}
Module({ controllers: [JobsController] })(AppModule);

const PLATFORMS = {
  /** Express platform: the middleware through `app.use`, before Nest registers its routes. */
  async express(observability: Observability): Promise<INestApplication> {
    const app = await NestFactory.create<NestExpressApplication>(AppModule, new ExpressAdapter(), { logger: false });
    app.setGlobalPrefix('api');
    app.use(expressObservability(observability));
    return app;
  },
  /** Fastify platform: the plugin through `app.register`, before Nest registers its routes. */
  async fastify(observability: Observability): Promise<INestApplication> {
    const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), { logger: false });
    app.setGlobalPrefix('api');
    await app.register(fastifyObservability(observability));
    return app;
  },
} as const;

let running: INestApplication | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(platform: keyof typeof PLATFORMS): Promise<{ url: string; capture: LogCapture }> {
  const capture = logCapture();
  const observability = createObservability({
    serviceName: `nest-${platform}`,
    defaultMetrics: false,
    logger: { destination: capture.destination },
  });
  running = await PLATFORMS[platform](observability);
  await running.listen(0, '127.0.0.1');
  const { port } = running.getHttpServer().address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, capture };
}

describe.each(['express', 'fastify'] as const)('NestJS on @nestjs/platform-%s with a global prefix', (platform) => {
  it('labels routes by their template with the prefix, serves /metrics and keeps the request context', async () => {
    const { url, capture } = await start(platform);
    const job = await fetch(`${url}/api/jobs/7`, { headers: { 'x-request-id': 'nest-7' } });
    expect(job.status).toBe(200);
    expect(job.headers.get('x-request-id')).toBe('nest-7');
    expect(await job.json()).toEqual({ jobId: '7', requestId: 'nest-7' });
    for (const path of ['/api/jobs', '/api/no/such/route', '/elsewhere']) {
      const missing = await fetch(url + path);
      expect(missing.status).toBe(404);
      await missing.arrayBuffer();
    }
    const health = await fetch(`${url}/health`);
    expect(await health.json()).toEqual({ status: 'ok' });

    const scrape = await fetch(`${url}/metrics`);
    expect(scrape.status).toBe(200);
    const samples = parseExposition(await scrape.text());
    const total = (route: string, status: string): number | undefined =>
      sampleValue(samples, 'api_requests_total', { method: 'GET', route, status_code: status });
    expect(total('/api/jobs/:jobId', '200')).toBe(1);
    // Unknown paths share one bounded label: `__unmatched__`, or on the Express platform the
    // catch-all route Nest mounts under the prefix for its own 404 answer (docs/nestjs.md).
    const notFound = samples.filter(
      (sample) => sample.name === 'api_requests_total' && sample.labels.status_code === '404',
    );
    const unmatched = platform === 'express' ? ['/api*path', '__unmatched__'] : ['__unmatched__'];
    expect(notFound.map((sample) => sample.labels.route).sort()).toEqual(unmatched.sort());
    expect(notFound.reduce((sum, sample) => sum + sample.value, 0)).toBe(3);
    expect(samples.filter((sample) => sample.labels.route?.includes('/7'))).toEqual([]);

    const lines = await capture.waitFor(2, (line) => line.message === 'request completed');
    expect(lines.find((line) => line.message === 'job requested')).toMatchObject({
      request_id: 'nest-7',
      route: '/api/jobs/:jobId',
      job: '7',
    });
    expect(lines.find((line) => line.message === 'request completed' && line.request_id === 'nest-7')).toMatchObject({
      route: '/api/jobs/:jobId',
      path: '/api/jobs/7',
      status_code: 200,
    });
  });
});
