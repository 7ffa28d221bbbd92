import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { createObservability, serveMetrics } from '../../src/index.js';
import { APPS, type RunningApp, send, startApp } from '../helpers/http-apps.js';
import { type LogCapture, logCapture } from '../helpers/log-lines.js';

/** Failure texts that carry a credential, and the secret that must not come out. */
const LEAKY_FAILURES: readonly { name: string; thrown: () => unknown; secret: string; kept?: string }[] = [
  {
    name: 'postgres',
    thrown: () => new Error('connect to postgres://app:S3cret@db:5432 failed'),
    secret: 'S3cret',
    kept: 'postgres://app:[Redacted]@db:5432',
  },
  { name: 'amqp', thrown: () => new Error('amqp://guest:Gu3stPw@mq/vhost refused'), secret: 'Gu3stPw' },
  { name: 'https', thrown: () => 'GET https://deploy:Tok3nPw@storage.example/bucket 403', secret: 'Tok3nPw' },
  // An empty user name: fixed in the logs' scrubber (src/logging/redaction.ts), which this reuses.
  { name: 'redis-empty-user', thrown: () => new Error('redis://:s3cretRedis@cache:6379 down'), secret: 's3cretRedis' },
  {
    name: 'bearer',
    thrown: () => new Error('upstream said 401 to Bearer abcd1234efgh5678'),
    secret: 'abcd1234efgh5678',
  },
  { name: 'query', thrown: () => ({ message: 'GET /v1?api_key=K3yValue&x=1 failed' }), secret: 'K3yValue' },
  {
    name: 'password-field',
    thrown: () => Promise.reject(new Error('login password=hunter2 refused')),
    secret: 'hunter2',
  },
  {
    name: 'long-message',
    thrown: () => new Error(`${'x'.repeat(470)} postgres://app:LongS3cret@db:5432 ${'y'.repeat(2000)}`),
    secret: 'LongS3cret',
  },
];

function leakyChecks(): Record<string, () => unknown> {
  return Object.fromEntries(
    LEAKY_FAILURES.map((failure) => [
      failure.name,
      () => {
        const thrown = failure.thrown();
        if (thrown instanceof Promise) return thrown;
        throw thrown;
      },
    ]),
  );
}

type Body = { status: string; checks: Record<string, { status: string; error?: string }> };

describe.each(APPS)('%s adapter: /health/detailed keeps secrets', (adapter) => {
  describe('with no token configured', () => {
    let app: RunningApp;
    let logs: LogCapture;
    beforeAll(async () => {
      logs = logCapture();
      app = await startApp(
        adapter,
        { healthCacheMs: 0, healthChecks: leakyChecks() },
        createObservability({ defaultMetrics: false, accessLog: false, logger: { destination: logs.destination } }),
      );
    });
    afterAll(() => app.close());

    it('answers to anyone, with every credential in an error text replaced', async () => {
      const reply = await send(app.url, '/health/detailed');
      expect(reply.status).toBe(503);
      const body = JSON.parse(reply.body) as Body;
      for (const failure of LEAKY_FAILURES) {
        const error = body.checks[failure.name]?.error ?? '';
        expect(error, failure.name).not.toContain(failure.secret);
        expect(error, failure.name).toContain('[Redacted]');
        if (failure.kept !== undefined) expect(error).toContain(failure.kept);
        expect(error.length, failure.name).toBeLessThanOrEqual(500);
      }
      expect(reply.body).not.toMatch(/S3cret|Gu3stPw|Tok3nPw|s3cretRedis|abcd1234efgh5678|K3yValue|hunter2/);
    });

    it('logs each failure once, scrubbed as well', async () => {
      const failed = logs.lines().filter((line) => line.message === 'health check failed');
      expect(failed.map((line) => line.check).sort()).toEqual(LEAKY_FAILURES.map((failure) => failure.name).sort());
      for (const failure of LEAKY_FAILURES) expect(logs.text()).not.toContain(failure.secret);
    });
  });

  describe.each([
    ['metricsToken', { metricsToken: 'm-token' }, 'm-token'],
    ['healthToken', { healthToken: 'h-token' }, 'h-token'],
    ['healthToken beside metricsToken', { metricsToken: 'm-token', healthToken: 'h-token' }, 'h-token'],
  ] as const)('protected by %s', (_label, tokens, token) => {
    let app: RunningApp;
    beforeAll(async () => {
      app = await startApp(
        adapter,
        { ...tokens, healthChecks: leakyChecks() },
        createObservability({ defaultMetrics: false, accessLog: false, logger: { level: 'critical' } }),
      );
    });
    afterAll(() => app.close());

    it('answers 401 with WWW-Authenticate and no check names without the token', async () => {
      const wrong = [undefined, 'Bearer wrong', `Basic ${token}`, `Bearer ${token}x`, `Bearer  `, 'm-token', 'h-token'];
      for (const authorization of wrong) {
        const reply = await send(app.url, '/health/detailed', { headers: authorization ? { authorization } : {} });
        expect(reply.status, String(authorization)).toBe(401);
        expect(reply.headers['www-authenticate']).toMatch(/^Bearer/);
        expect(reply.body).not.toContain('postgres');
      }
    });

    it('answers the report with the token, scrubbed, and keeps /health open', async () => {
      const reply = await send(app.url, '/health/detailed', { headers: { authorization: `Bearer ${token}` } });
      expect(reply.status).toBe(503);
      expect((JSON.parse(reply.body) as Body).checks.postgres?.error).toContain('postgres://app:[Redacted]@db');
      expect(reply.body).not.toContain('S3cret');
      expect((await send(app.url, '/health')).status).toBe(200);
    });
  });

  it('leaves /health/detailed open with healthToken: false, while /metrics keeps its token', async () => {
    const app = await startApp(adapter, {
      metricsToken: 'm-token',
      healthToken: false,
      healthChecks: { db: () => true },
    });
    try {
      expect((await send(app.url, '/health/detailed')).status).toBe(200);
      expect((await send(app.url, '/metrics')).status).toBe(401);
    } finally {
      await app.close();
    }
  });
});

describe('serveMetrics: the same token rules on the separate port', () => {
  it('asks for metricsToken on /health/detailed, not on /health, and takes healthToken and healthCacheMs', async () => {
    const observability = createObservability({ defaultMetrics: false, accessLog: false });
    const guarded = await serveMetrics(observability, {
      port: 0,
      host: '127.0.0.1',
      metricsToken: 'm-token',
      healthCacheMs: 0,
      healthChecks: { db: () => Promise.reject(new Error('postgres://app:S3cret@db down')) },
    });
    const open = await serveMetrics(observability, {
      port: 0,
      host: '127.0.0.1',
      metricsToken: 'm-token',
      healthToken: false,
      healthChecks: { db: () => true },
    });
    try {
      const url = `http://127.0.0.1:${(guarded.address() as AddressInfo).port}`;
      expect((await send(url, '/health')).status).toBe(200);
      expect((await send(url, '/health/detailed')).status).toBe(401);
      const reply = await send(url, '/health/detailed', { headers: { authorization: 'Bearer m-token' } });
      expect(reply.status).toBe(503);
      expect(reply.body).toContain('postgres://app:[Redacted]@db');
      const openUrl = `http://127.0.0.1:${(open.address() as AddressInfo).port}`;
      expect((await send(openUrl, '/health/detailed')).status).toBe(200);
    } finally {
      guarded.close();
      open.close();
    }
  });
});
