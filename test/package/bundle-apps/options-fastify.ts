import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyRequest } from 'fastify';
import { fastifyObservability } from '@transcode-flow/observability/fastify';
import { announce } from './job-handler.js';
import { adapterOptions, makeWidget, optionsObservability } from './options-setup.js';

const observability = optionsObservability('bundled-options-fastify');
const app = Fastify();
void app.register(
  fastifyObservability(
    observability,
    adapterOptions<FastifyRequest>((request, name) => request.headers[name] as string | undefined),
  ),
);
app.get<{ Params: { jobId: string } }>('/jobs/:jobId', (request) => makeWidget(observability, request.params.jobId));
app.get('/quiet', () => 'quiet');
app.get('/fail', (_request, reply) => reply.code(500).send('failed'));
// A route that opts out of metrics, context and access log.
app.get('/internal', { config: { observability: false } }, () => 'internal');
// No top-level await: the same source is bundled as CommonJS too.
void app.listen({ host: '127.0.0.1', port: 0 }).then(() => announce((app.server.address() as AddressInfo).port));
