import { describe, expect, it } from 'vitest';
import { findSamples } from '../helpers/exposition.js';
import { APPS_WITH_INJECT, scrape, send, startApp } from '../helpers/http-apps.js';

/** Every flag a user RegExp may carry; `g` and `y` keep state (`lastIndex`) between tests. */
const FLAGS = ['', 'g', 'y', 'gy', 'gi', 'iy', 'gimsuy', 'd'];

describe.each(APPS_WITH_INJECT)('%s: excludePaths with regular expressions', (adapter) => {
  it.each(FLAGS)('excludes every matching request whatever the flags (%j)', async (flags) => {
    const pattern = new RegExp('^/internal/', flags);
    const app = await startApp(adapter, { excludePaths: [pattern] });
    try {
      for (let i = 0; i < 6; i++) expect((await send(app.url, '/internal/ping')).status).toBe(200);
      expect((await send(app.url, '/jobs/1')).status).toBe(200);
      const samples = findSamples(await scrape(app.url), 'api_requests_total');
      expect(samples.map((s) => s.labels.route)).toEqual(['/jobs/:jobId']);
      // The user's own RegExp is left as it was given.
      expect(pattern.lastIndex).toBe(0);
      expect(pattern.flags).toBe(new RegExp('', flags).flags);
    } finally {
      await app.close();
    }
  });
});
