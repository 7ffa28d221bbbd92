import type { AddressInfo } from 'node:net';
import express from 'express';
import { createObservability } from '@transcode-flow/observability';
import { expressObservability } from '@transcode-flow/observability/express';
import { announce, handleJob } from './job-handler.js';

const observability = createObservability({ serviceName: 'bundled-express' });
const app = express();
app.use(expressObservability(observability));
app.get('/jobs/:jobId', async (req, res) => void res.json(await handleJob(req.params.jobId)));
const server = app.listen(0, '127.0.0.1', () => announce((server.address() as AddressInfo).port));
