import type { AddressInfo } from 'node:net';
import express from 'express';
import { expressObservability } from '@transcode-flow/observability/express';
import { announce } from './job-handler.js';
import { adapterOptions, makeWidget, optionsObservability } from './options-setup.js';

const observability = optionsObservability('bundled-options-express');
const app = express();
app.use(
  expressObservability(
    observability,
    adapterOptions<express.Request>((req, name) => req.get(name)),
  ),
);
app.get('/jobs/:jobId', async (req, res) => void res.json(await makeWidget(observability, req.params.jobId)));
app.get('/quiet', (_req, res) => void res.send('quiet'));
app.get('/fail', (_req, res) => void res.status(500).send('failed'));
const server = app.listen(0, '127.0.0.1', () => announce((server.address() as AddressInfo).port));
