import { Agent, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPS, type RunningApp, SUITE_OPTIONS, startApp } from '../helpers/http-apps.js';
import { createObservability } from '../../src/index.js';

/**
 * Each request runs in its own logging context, or in none when the adapter does not record it;
 * never in the context of the request before it. On Node 20 and 22 a context entered with
 * `enterWith` stays on the connection's async resource, so the requests here share one keep-alive
 * connection: every kind of request the adapters skip, each right after a recorded one.
 */
async function overOneConnection(url: string, paths: readonly string[]): Promise<unknown[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const answers: unknown[] = [];
    for (const path of paths) {
      answers.push(
        await new Promise((resolve, reject) => {
          httpRequest(`${url}${path}`, { agent }, (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (body += chunk));
            res.on('end', () => resolve(res.headers['content-type']?.includes('json') ? JSON.parse(body) : body));
          })
            .on('error', reject)
            .end();
        }),
      );
    }
    return answers;
  } finally {
    agent.destroy();
  }
}

const SKIPPED = [
  ['excludePaths', '/internal/context'],
  ['the exclude predicate', '/context/skip'],
] as const;

describe.each(APPS)('%s: the logging context of each request on one keep-alive connection', (name) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(
      name,
      {
        ...SUITE_OPTIONS,
        excludePaths: [...(SUITE_OPTIONS.excludePaths ?? []), '/internal/context'],
        // Each adapter hands the predicate its framework's own request: Hono's context keeps the URL on `c.req`.
        exclude: (request: unknown) => {
          const native = request as { url?: string; req?: { url?: string } };
          return /\/context\/skip$/.test(native.url ?? native.req?.url ?? '');
        },
      },
      createObservability({ defaultMetrics: false, accessLog: false }),
    );
  });
  afterAll(() => app.close());

  it('gives every recorded request its own id, and a skipped one none', async () => {
    const paths = SKIPPED.flatMap(([, path]) => ['/context/1', path, '/metrics', path, '/context/2']);
    const answers = (await overOneConnection(app.url, paths)) as { requestId: unknown }[];
    const ids: unknown[] = [];
    answers.forEach((answer, index) => {
      const path = paths[index]!;
      if (path === '/metrics') return;
      if (path.startsWith('/context/') && !path.endsWith('skip')) {
        expect(answer.requestId, path).toEqual(expect.any(String));
        ids.push(answer.requestId);
      } else {
        expect(answer, `${path} (${SKIPPED.find(([, p]) => p === path)![0]})`).toEqual({ requestId: null });
      }
    });
    expect(new Set(ids).size).toBe(ids.length);
  });
});
