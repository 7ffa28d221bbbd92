import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Controller, Get, HttpCode, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, RouteConfig, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Request } from 'express';
import type { FastifyRequest } from 'fastify';
import { expressObservability } from '@transcode-flow/observability/express';
import { fastifyObservability } from '@transcode-flow/observability/fastify';
import { announce } from './job-handler.js';
import { adapterOptions, makeWidget, optionsObservability } from './options-setup.js';

/**
 * The options app on NestJS, on the platform named by the first argument (`express` or
 * `fastify`), with Nest's decorators applied as functions (no `experimentalDecorators` needed).
 * On Fastify, `GET /internal` opts out through Nest's `@RouteConfig({ observability: false })`.
 */
const platform = process.argv[2] === 'fastify' ? 'fastify' : 'express';
const observability = optionsObservability(`nest-options-${platform}`);

class JobsController {
  job(jobId: string) {
    return makeWidget(observability, jobId);
  }
  quiet() {
    return 'quiet';
  }
  fail() {
    return 'failed';
  }
  internal() {
    return 'internal';
  }
}
const proto = JobsController.prototype;
const method = (name: keyof JobsController) => Object.getOwnPropertyDescriptor(proto, name)!;
Controller()(JobsController);
Get('jobs/:jobId')(proto, 'job', method('job'));
Param('jobId')(proto, 'job', 0);
Reflect.defineMetadata('design:paramtypes', [String], proto, 'job');
Get('quiet')(proto, 'quiet', method('quiet'));
Get('fail')(proto, 'fail', method('fail'));
HttpCode(500)(proto, 'fail', method('fail'));
Get('internal')(proto, 'internal', method('internal'));
if (platform === 'fastify') RouteConfig({ observability: false })(proto, 'internal', method('internal'));

class AppModule {}
Module({ controllers: [JobsController] })(AppModule);

async function main(): Promise<void> {
  if (platform === 'fastify') {
    const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), { logger: false });
    await app.register(
      fastifyObservability(
        observability,
        adapterOptions<FastifyRequest>((request, name) => request.headers[name] as string | undefined),
      ),
    );
    await app.listen(0, '127.0.0.1');
    announce((app.getHttpServer().address() as AddressInfo).port);
  } else {
    const app = await NestFactory.create<NestExpressApplication>(AppModule, new ExpressAdapter(), { logger: false });
    app.use(
      expressObservability(
        observability,
        adapterOptions<Request>((req, name) => req.get(name)),
      ),
    );
    await app.listen(0, '127.0.0.1');
    announce((app.getHttpServer().address() as AddressInfo).port);
  }
}

void main();
