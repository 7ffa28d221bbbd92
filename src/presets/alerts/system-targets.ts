import { downCase } from './helpers.js';
import type { AlertDefinition, RuleContext, TestContext } from './types.js';

const upRunbook = (target: 'postgres' | 'redis' | 'minio' | 'scheduler' | 'service') => (c: RuleContext) =>
  [
    ['Target health', `up${c.s(target)}`],
    ['Service readiness checks', `(look at GET /health/detailed of the service)`],
  ] as const;

function down(
  name: AlertDefinition['name'],
  target: 'postgres' | 'redis' | 'minio' | 'scheduler' | 'service',
  metric: string,
  what: string,
  component: AlertDefinition['component'],
  extra: Partial<AlertDefinition> & Pick<AlertDefinition, 'runbook'>,
): AlertDefinition {
  const labels = (c: TestContext) => c.labels(target, { instance: c.config.targets[target][0]! });
  return {
    name,
    component,
    severity: 'critical',
    for: '1m',
    format: 'number',
    expr: (c) => `${c.x(metric)}${c.s(target)} == 0`,
    summary: () => `${what} is down`,
    description: (t) =>
      `${what} (${t.label('instance')} of job ${t.label('job')}) has been unreachable for more than ${t.config.alerts[name].for}.`,
    test: (c) => downCase(c, c.x(metric), labels(c)),
    ...extra,
  };
}

/** Target alerts: the service, its databases, storage and job scheduler cannot be scraped. */
export const SYSTEM_TARGET_ALERTS: readonly AlertDefinition[] = [
  down('ApplicationDown', 'service', 'up', 'The service', 'system', {
    runbook: {
      meaning: 'Prometheus cannot scrape the service.',
      impact: 'The API is probably down; every API alert is muted by this one.',
      diagnosis: upRunbook('service'),
      mitigation: ['Check the process or pods, their logs and recent deploys; restart or roll back.'],
    },
  }),
  down('PostgreSQLDown', 'postgres', 'pg_up', 'PostgreSQL', 'database', {
    runbook: {
      meaning: 'postgres_exporter cannot reach PostgreSQL.',
      impact: 'Job state and API keys cannot be read or written; most requests fail.',
      diagnosis: upRunbook('postgres'),
      mitigation: ['Check the database server, its disk and its connection limit.'],
    },
  }),
  down('RedisDown', 'redis', 'redis_up', 'Redis', 'database', {
    runbook: {
      meaning: 'redis_exporter cannot reach Redis.',
      impact: 'The queue (BullMQ) and the cache are down: no job starts.',
      diagnosis: upRunbook('redis'),
      mitigation: ['Check the Redis server, its memory (maxmemory) and persistence.'],
    },
  }),
  down('MinIODown', 'minio', 'up', 'MinIO', 'storage', {
    runbook: {
      meaning: 'Prometheus cannot scrape MinIO.',
      impact: 'Uploads and downloads fail; transcodes cannot store renditions.',
      diagnosis: upRunbook('minio'),
      mitigation: ['Check the MinIO server and its disks.'],
    },
  }),
  down('JobSchedulerDown', 'scheduler', 'up', 'The job scheduler', 'jobs', {
    reportName: 'AirflowSchedulerDown',
    runbook: {
      meaning:
        'Prometheus cannot scrape the process that enqueues scheduled and repeatable jobs (the report’s Airflow scheduler).',
      impact: 'Scheduled work (cleanups, periodic re-transcodes) does not start.',
      diagnosis: upRunbook('scheduler'),
      mitigation: [
        'Restart the scheduler process; if scheduling runs inside the service, point `jobs.scheduler` at the service or disable this alert.',
      ],
    },
  }),
];
