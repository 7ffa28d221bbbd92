import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { parseExposition, sampleValue } from '../../test/helpers/exposition.js';
import { createObservability } from '../create-observability.js';
import { observePool } from './pg-pool.js';

/**
 * `pg` is not a dependency of this package, so the hook is tested on a pool of pg's shape:
 * counts that change as clients are checked out and released, and pg's events.
 */
class ShapedPool extends EventEmitter {
  totalCount = 0;
  idleCount = 0;
  waitingCount = 0;
  readonly options = { max: 2 };
  private busy = 0;

  connect(): void {
    if (this.busy === this.options.max) {
      this.waitingCount++;
      return;
    }
    if (this.idleCount > 0) this.idleCount--;
    else {
      this.totalCount++;
      this.emit('connect');
    }
    this.busy++;
    this.emit('acquire');
  }

  release(): void {
    this.busy--;
    this.idleCount++;
    this.emit('release');
  }
}

describe('observePool', () => {
  it('keeps the pool gauges true on pool events and at scrape time, until stopped', async () => {
    const observability = createObservability({ groups: 'all', defaultMetrics: false });
    const pool = new ShapedPool();
    const observer = observePool(observability, pool, { name: 'primary' });
    const labels = { pool: 'primary' };
    pool.connect();
    pool.connect();
    pool.connect();
    await Promise.resolve();
    const { metrics } = observability;
    expect(metrics.dbConnectionsActive.value(labels)).toBe(2);
    expect(metrics.dbConnectionsWaiting.value(labels)).toBe(1);
    expect(metrics.dbConnectionsMax.value(labels)).toBe(2);

    pool.release();
    pool.waitingCount = 0;
    const s = parseExposition((await observability.scrape()).body);
    expect(sampleValue(s, 'db_connections_active', labels)).toBe(1);
    expect(sampleValue(s, 'db_connections_idle', labels)).toBe(1);
    expect(sampleValue(s, 'db_connections_waiting', labels)).toBe(0);

    observer.stop();
    expect(pool.listenerCount('acquire')).toBe(0);
    pool.connect();
    await observability.scrape();
    expect(metrics.dbConnectionsActive.value(labels)).toBe(1);
  });
});
