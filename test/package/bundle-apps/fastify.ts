import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { createObservability } from '@transcode-flow/observability';
import { fastifyObservability } from '@transcode-flow/observability/fastify';
import { announce, handleJob } from './job-handler.js';

const observability = createObservability({ serviceName: 'bundled-fastify' });
const app = Fastify();
void app.register(fastifyObservability(observability));
app.get<{ Params: { jobId: string } }>('/jobs/:jobId', (request) => handleJob(request.params.jobId));
// No top-level await: the same source is bundled as CommonJS too.
void app.listen({ host: '127.0.0.1', port: 0 }).then(() => announce((app.server.address() as AddressInfo).port));
