import { describe, expect, it } from 'vitest';
import { createObservability } from '../../create-observability.js';
import { createHttpCore } from './http-core.js';

describe('createHttpCore dispatch (the prologue the middleware adapters share)', () => {
  const core = createHttpCore(
    createObservability({ defaultMetrics: false, accessLog: false }),
    { excludePaths: ['/internal/ping', /^\/static\//g], healthPath: '/livez' },
    'testAdapter',
  );
  it.each([
    ['GET', '/metrics', 'metrics'],
    ['HEAD', '/metrics', 'metrics'],
    ['GET', '/livez', 'health'],
    ['GET', '/health/detailed', 'detailed'],
    ['POST', '/metrics', 'excluded'],
    ['DELETE', '/health/detailed', 'excluded'],
    ['OPTIONS', '/livez', 'excluded'],
    ['GET', '/internal/ping', 'excluded'],
    ['POST', '/internal/ping', 'excluded'],
    ['GET', '/static/app.js', 'excluded'],
    ['GET', '/static/app.js', 'excluded'],
    ['GET', '/health', undefined],
    ['GET', '/jobs/1', undefined],
    ['POST', '/jobs', undefined],
  ])('%s %s → %s', (method, path, expected) => {
    expect(core.dispatch(method, path)).toBe(expected);
  });
});
