import { PER_INSTANCE } from './per-instance.js';
import { downCase } from './helpers.js';
import type { ExporterMetricName } from '../metric-names.js';
import type { CatalogueGroup } from '../../catalogue/groups.js';
import { ALERT_TIMING } from '../defaults.js';
import { alertSettings } from './alert-settings.js';
import { defineAlerts } from './define-alerts.js';
import type { AlertDefinition, Component, RuleContext, RunbookEntry, TestContext } from './types.js';

/** The scrape targets these alerts watch. */
type Target = 'postgres' | 'redis' | 'minio' | 'scheduler' | 'service';

const upRunbook = (target: Target) => (c: RuleContext) =>
  [
    ['Target health', `up${c.selector(target)}`],
    ['Service readiness checks', `(look at GET /health/detailed of the service)`],
  ] as const;

/** A target that cannot be scraped (or whose exporter cannot reach it). */
interface DownAlertSpec<N extends string> {
  readonly name: N;
  /** The default `for` (`ALERT_TIMING`). */
  readonly for: string;
  readonly target: Target;
  /** The gauge that is 0 when the target is down. */
  readonly metric: ExporterMetricName;
  /** The target as the summary names it ("PostgreSQL"). */
  readonly what: string;
  readonly component: Component;
  readonly reportName?: string;
  /** Catalogue groups the alert belongs to (see `AlertDefinition.groups`). */
  readonly groups?: readonly CatalogueGroup[];
  readonly runbook: Omit<RunbookEntry, 'diagnosis'>;
}

/** A critical alert when a target's `up`-like gauge is 0. */
function down<const N extends string>(spec: DownAlertSpec<N>): AlertDefinition<N> {
  const { name, target, metric, what } = spec;
  const labels = (c: TestContext) => c.labels(target, { instance: c.config.targets[target][0]! });
  return {
    name,
    component: spec.component,
    severity: 'critical',
    for: spec.for,
    format: 'number',
    perInstance: PER_INSTANCE.target,
    ...(spec.reportName === undefined ? {} : { reportName: spec.reportName }),
    ...(spec.groups === undefined ? {} : { groups: spec.groups }),
    expr: (c) => `${c.exporterMetric(metric)}${c.selector(target)} == 0`,
    summary: () => `${what} is down`,
    description: (t) =>
      `${what} (${t.label('instance')} of job ${t.label('job')}) has been unreachable for more than ${alertSettings(t.config, name).for}.`,
    test: (c) => downCase(c, { metric: c.exporterMetric(metric), labels: labels(c) }),
    runbook: { ...spec.runbook, diagnosis: upRunbook(target) },
  };
}

/** Target alerts: the service, its databases, storage and job scheduler cannot be scraped. */
export const SYSTEM_TARGET_ALERTS = defineAlerts([
  down({
    name: 'ApplicationDown',
    for: ALERT_TIMING.ApplicationDown.for,
    target: 'service',
    metric: 'up',
    what: 'The service',
    component: 'system',
    runbook: {
      meaning: 'Prometheus cannot scrape the service.',
      impact: 'The API is probably down; every API alert is muted by this one.',
      mitigation: ['Check the process or pods, their logs and recent deploys; restart or roll back.'],
    },
  }),
  down({
    name: 'PostgreSQLDown',
    for: ALERT_TIMING.PostgreSQLDown.for,
    target: 'postgres',
    metric: 'pg_up',
    what: 'PostgreSQL',
    component: 'database',
    runbook: {
      meaning: 'postgres_exporter cannot reach PostgreSQL.',
      impact: 'Job state and API keys cannot be read or written; most requests fail.',
      mitigation: ['Check the database server, its disk and its connection limit.'],
    },
  }),
  down({
    name: 'RedisDown',
    for: ALERT_TIMING.RedisDown.for,
    target: 'redis',
    metric: 'redis_up',
    what: 'Redis',
    component: 'database',
    runbook: {
      meaning: 'redis_exporter cannot reach Redis.',
      impact: 'The queue (BullMQ) and the cache are down: no job starts.',
      mitigation: ['Check the Redis server, its memory (maxmemory) and persistence.'],
    },
  }),
  down({
    name: 'MinIODown',
    for: ALERT_TIMING.MinIODown.for,
    target: 'minio',
    metric: 'up',
    what: 'MinIO',
    component: 'storage',
    runbook: {
      meaning: 'Prometheus cannot scrape MinIO.',
      impact: 'Uploads and downloads fail; transcodes cannot store renditions.',
      mitigation: ['Check the MinIO server and its disks.'],
    },
  }),
  down({
    name: 'JobSchedulerDown',
    for: ALERT_TIMING.JobSchedulerDown.for,
    target: 'scheduler',
    metric: 'up',
    what: 'The job scheduler',
    component: 'jobs',
    reportName: 'AirflowSchedulerDown',
    // The scheduler only enqueues jobs: a service without the jobs group has none to watch.
    groups: ['jobs'],
    runbook: {
      meaning:
        'Prometheus cannot scrape the process that enqueues scheduled and repeatable jobs (the Python reference stack’s Airflow scheduler).',
      impact: 'Scheduled work (cleanups, periodic re-transcodes) does not start.',
      mitigation: [
        'Restart the scheduler process; if scheduling runs inside the service, point `jobs.scheduler` at the service or disable this alert.',
      ],
    },
  }),
]);
