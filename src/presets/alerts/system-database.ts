import { aggregate } from '../promql.js';
import { ratio } from './helpers.js';
import { above, below } from './test-values.js';
import { ALERT_TIMING, DIAGNOSIS_WINDOW, THRESHOLDS } from '../defaults.js';
import { defineAlerts } from './define-alerts.js';
import type { AlertTestCase, TestContext } from './types.js';

function poolCase(c: TestContext, inclusive: boolean): AlertTestCase {
  const labels = c.labels('service', { pool: 'main' });
  const build = (used: number) => [
    c.gauge(c.metric('db_connections_active'), labels, used * 64),
    c.gauge(c.metric('db_connections_max'), labels, 64),
  ];
  const firing = above(c.threshold, 1, inclusive);
  return {
    fire: { series: build(firing), labels: { job: c.config.jobs.service, pool: 'main' }, value: firing },
    quiet: { series: build(below(c.threshold)) },
  };
}

/** Database pool alerts: connections checked out of the service's pools. */
export const SYSTEM_DATABASE_ALERTS = defineAlerts([
  {
    name: 'HighDatabaseConnectionUsage',
    component: 'database',
    severity: 'warning',
    for: ALERT_TIMING.HighDatabaseConnectionUsage.for,
    format: 'percent',
    threshold: ratio(THRESHOLDS.HighDatabaseConnectionUsage, 'a ratio of checked-out to maximum pool connections'),
    expr: (c, t) =>
      `${aggregate('db_connections_active', 'job, pool', `${c.metric('db_connections_active')}${c.selector('service')}`)} / ${aggregate('db_connections_max', 'job, pool', `${c.metric('db_connections_max')}${c.selector('service')}`)} > ${t}`,
    summary: (t) => `Database pool ${t.label('pool')} is busy`,
    description: (t) =>
      `${t.value} of the connections of pool ${t.label('pool')} in ${t.label('job')} are checked out (threshold ${t.threshold}).`,
    test: (c) => poolCase(c, false),
    runbook: {
      meaning: 'Most connections of the pool are in use.',
      impact: 'Queries start to wait for a connection; latency rises.',
      diagnosis: (c) => [
        [
          'Pool use',
          `${aggregate('db_connections_active', 'pool', `${c.metric('db_connections_active')}${c.selector('service')}`)} / ${aggregate('db_connections_max', 'pool', `${c.metric('db_connections_max')}${c.selector('service')}`)}`,
        ],
        [
          'p95 query time',
          `histogram_quantile(0.95, ${aggregate('db_query_duration_seconds_bucket', 'le, operation', `rate(${c.metric('db_query_duration_seconds_bucket')}${c.selector('service')}[${DIAGNOSIS_WINDOW}])`)})`,
        ],
      ],
      mitigation: ['Look for slow queries holding connections; raise the pool size if the database allows it.'],
    },
  },
  {
    name: 'DatabaseConnectionPoolExhausted',
    component: 'database',
    severity: 'critical',
    for: ALERT_TIMING.DatabaseConnectionPoolExhausted.for,
    format: 'percent',
    threshold: ratio(
      THRESHOLDS.DatabaseConnectionPoolExhausted,
      'a ratio of checked-out to maximum pool connections',
      true,
    ),
    expr: (c, t) =>
      `${aggregate('db_connections_active', 'job, pool', `${c.metric('db_connections_active')}${c.selector('service')}`)} / ${aggregate('db_connections_max', 'job, pool', `${c.metric('db_connections_max')}${c.selector('service')}`)} >= ${t}`,
    summary: (t) => `Database pool ${t.label('pool')} is exhausted`,
    description: (t) =>
      `${t.value} of the connections of pool ${t.label('pool')} in ${t.label('job')} are checked out (threshold ${t.threshold}).`,
    test: (c) => poolCase(c, true),
    runbook: {
      meaning: 'Every connection of the pool is in use.',
      impact: 'New queries wait or time out; requests and jobs fail.',
      diagnosis: (c) => [
        [
          'Pool use',
          aggregate('db_connections_active', 'pool', `${c.metric('db_connections_active')}${c.selector('service')}`),
        ],
      ],
      mitigation: ['Find the leak or the slow query holding connections; restart the service to release them.'],
    },
  },
]);
