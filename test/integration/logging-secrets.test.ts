import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { expressObservability } from '../../src/adapters/express/index.js';
import { createObservability, getLogger } from '../../src/index.js';
import { logCapture } from '../helpers/log-lines.js';

const SECRETS = {
  header: 'Bearer hdr-5ecret-0001',
  apiKey: 'sk_live_key-5ecret-0002',
  cookie: 'session=cookie-5ecret-0003',
  bodyPassword: 'body-5ecret-0004',
  bodyToken: 'body-5ecret-0005',
  optionSecret: 'opt-5ecret-0006',
  dsnPassword: 'dsn-5ecret-0007',
};

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

describe('secrets never reach the log', () => {
  it('in headers, nested bodies and the options and message of errors', async () => {
    const capture = logCapture();
    const observability = createObservability({ defaultMetrics: false, logger: { destination: capture.destination } });
    const app = express();
    app.use(expressObservability(observability));
    app.use(express.json());
    app.post('/uploads', (req, res) => {
      const log = getLogger('uploads');
      log.info({ headers: req.headers, body: req.body }, 'upload received');
      const options = { endpoint: 'https://storage.local', credentials: { secret: SECRETS.optionSecret } };
      const error = Object.assign(new Error(`connect postgres://app:${SECRETS.dsnPassword}@db/jobs refused`), {
        options,
        config: { headers: { Authorization: SECRETS.header } },
      });
      log.error(new Error('upload failed', { cause: error }));
      log.error(error);
      log.error({ err: error, options }, 'retrying');
      res.status(201).json({ ok: true });
    });
    server = createServer(app);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const response = await fetch(`${url}/uploads`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: SECRETS.header,
        'x-api-key': SECRETS.apiKey,
        cookie: SECRETS.cookie,
      },
      body: JSON.stringify({
        video: {
          name: 'a.mp4',
          storage: { password: SECRETS.bodyPassword, nested: [{ auth: { token: SECRETS.bodyToken } }] },
        },
      }),
    });
    expect(response.status).toBe(201);
    // The access line is written once the response finishes, which may be after fetch() resolves.
    await capture.waitFor(1, (line) => line.message === 'request completed');
    const lines = capture.lines();
    expect(lines.map((line) => line.message)).toEqual([
      'upload received',
      'upload failed',
      expect.stringContaining('refused'),
      'retrying',
      'request completed',
    ]);
    const text = capture.text();
    for (const [where, secret] of Object.entries(SECRETS)) {
      const core = secret.replace(/^(Bearer |sk_live_|session=)/, '');
      expect(text, `secret from ${where} leaked`).not.toContain(core);
    }
  });
});
