import { seriesText } from '../context.js';
import { downCase, gaugeCase, positive, ratio, rateCase } from './helpers.js';
import { above, below } from './test-values.js';
import type { AlertDefinition, AlertTestCase, RuleContext, TestContext } from './types.js';

const NODE = { instance: 'node-exporter:9100' };
const FILESYSTEM = 'fstype!~"tmpfs|overlay|squashfs|ramfs"';

function memoryCase(c: TestContext): AlertTestCase {
  const total = 2 ** 34;
  const build = (used: number) => [
    c.gauge(c.x('node_memory_MemTotal_bytes'), c.labels('node', NODE), total),
    c.gauge(c.x('node_memory_MemAvailable_bytes'), c.labels('node', NODE), total * (1 - used)),
  ];
  const firing = above(c.threshold, 1);
  return {
    fire: { series: build(firing), labels: c.labels('node', NODE), value: firing },
    quiet: { series: build(below(c.threshold)) },
  };
}

function cpuCase(c: TestContext): AlertTestCase {
  const build = (busy: number) => [
    c.counter(c.x('node_cpu_seconds_total'), c.labels('node', { ...NODE, cpu: '0', mode: 'idle' }), 1 - busy),
  ];
  const firing = above(c.threshold, 1);
  return {
    fire: { series: build(firing), labels: { job: c.config.jobs.node, instance: NODE.instance }, value: firing },
    quiet: { series: build(below(c.threshold)) },
  };
}

function diskCase(c: TestContext): AlertTestCase {
  const size = 2 ** 40;
  const labels = c.labels('node', { ...NODE, device: '/dev/sda1', fstype: 'ext4', mountpoint: '/' });
  const build = (available: number) => [
    c.gauge(c.x('node_filesystem_size_bytes'), labels, size),
    c.gauge(c.x('node_filesystem_avail_bytes'), labels, size * available),
  ];
  const firing = below(c.threshold);
  return { fire: { series: build(firing), labels, value: firing }, quiet: { series: build(above(c.threshold, 1)) } };
}

function poolCase(c: TestContext, inclusive: boolean): AlertTestCase {
  const labels = c.labels('service', { pool: 'main' });
  const build = (used: number) => [
    c.gauge(c.m('db_connections_active'), labels, used * 64),
    c.gauge(c.m('db_connections_max'), labels, 64),
  ];
  const firing = above(c.threshold, 1, inclusive);
  return {
    fire: { series: build(firing), labels: { job: c.config.jobs.service, pool: 'main' }, value: firing },
    quiet: { series: build(below(c.threshold)) },
  };
}

const hostRunbook = (c: RuleContext) =>
  [
    [
      'Memory used, by instance',
      `1 - ${c.x('node_memory_MemAvailable_bytes')}${c.s('node')} / ${c.x('node_memory_MemTotal_bytes')}${c.s('node')}`,
    ],
    [
      'CPU busy, by instance',
      `1 - avg by (instance) (rate(${c.x('node_cpu_seconds_total')}${c.s('node', 'mode="idle"')}[5m]))`,
    ],
    ['Resident memory of the service', `${c.m('process_resident_memory_bytes')}${c.s('service')}`],
  ] as const;

const diskRunbook = (c: RuleContext) =>
  [
    [
      'Free space by mount point',
      `${c.x('node_filesystem_avail_bytes')}${c.s('node', FILESYSTEM)} / ${c.x('node_filesystem_size_bytes')}${c.s('node', FILESYSTEM)}`,
    ],
    ['Storage used by the service', `sum by (backend) (${c.m('storage_used_bytes')}${c.s('service')})`],
  ] as const;

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

/** The report's 18 system alerts (its Airflow scheduler as the job scheduler, plus event loop lag). */
export const SYSTEM_ALERTS: readonly AlertDefinition[] = [
  {
    name: 'HighMemoryUsage',
    component: 'system',
    severity: 'warning',
    for: '5m',
    format: 'percent',
    threshold: ratio(0.85, 'a ratio of used to total memory'),
    expr: (c, t) =>
      `1 - (${c.x('node_memory_MemAvailable_bytes')}${c.s('node')} / ${c.x('node_memory_MemTotal_bytes')}${c.s('node')}) > ${t}`,
    summary: (t) => `Memory is running low on ${t.label('instance')}`,
    description: (t) => `${t.value} of the memory of ${t.label('instance')} is in use (threshold ${t.threshold}).`,
    test: memoryCase,
    runbook: {
      meaning: 'The host has little memory left.',
      impact: 'Processes may be OOM-killed; ffmpeg runs can fail with signal 9.',
      diagnosis: hostRunbook,
      mitigation: ['Find the process using the memory; lower transcode concurrency or add memory.'],
    },
  },
  {
    name: 'CriticalMemoryUsage',
    component: 'system',
    severity: 'critical',
    for: '2m',
    format: 'percent',
    threshold: ratio(0.95, 'a ratio of used to total memory'),
    expr: (c, t) =>
      `1 - (${c.x('node_memory_MemAvailable_bytes')}${c.s('node')} / ${c.x('node_memory_MemTotal_bytes')}${c.s('node')}) > ${t}`,
    summary: (t) => `Memory is almost exhausted on ${t.label('instance')}`,
    description: (t) => `${t.value} of the memory of ${t.label('instance')} is in use (threshold ${t.threshold}).`,
    test: memoryCase,
    runbook: {
      meaning: 'The host is about to run out of memory.',
      impact: 'The kernel OOM killer will stop processes: workers, ffmpeg or the API.',
      diagnosis: hostRunbook,
      mitigation: ['Stop or drain workers on this host now; add memory or move load away.'],
    },
  },
  {
    name: 'HighCPUUsage',
    component: 'system',
    severity: 'warning',
    for: '10m',
    format: 'percent',
    threshold: ratio(0.8, 'a ratio of busy CPU time'),
    expr: (c, t) =>
      `1 - avg by (job, instance) (rate(${c.x('node_cpu_seconds_total')}${c.s('node', 'mode="idle"')}[5m])) > ${t}`,
    summary: (t) => `CPU is busy on ${t.label('instance')}`,
    description: (t) =>
      `The CPUs of ${t.label('instance')} were ${t.value} busy over 5 minutes (threshold ${t.threshold}).`,
    test: cpuCase,
    runbook: {
      meaning: 'The host’s CPUs are busy most of the time.',
      impact: 'Transcodes and requests slow down.',
      diagnosis: hostRunbook,
      mitigation: ['Transcoding is CPU-bound: lower concurrency per host or add hosts.'],
    },
  },
  {
    name: 'CriticalCPUUsage',
    component: 'system',
    severity: 'critical',
    for: '5m',
    format: 'percent',
    threshold: ratio(0.95, 'a ratio of busy CPU time'),
    expr: (c, t) =>
      `1 - avg by (job, instance) (rate(${c.x('node_cpu_seconds_total')}${c.s('node', 'mode="idle"')}[5m])) > ${t}`,
    summary: (t) => `CPU is saturated on ${t.label('instance')}`,
    description: (t) =>
      `The CPUs of ${t.label('instance')} were ${t.value} busy over 5 minutes (threshold ${t.threshold}).`,
    test: cpuCase,
    runbook: {
      meaning: 'The host’s CPUs are saturated.',
      impact: 'Request latency rises sharply; health checks may time out.',
      diagnosis: hostRunbook,
      mitigation: ['Reduce transcode concurrency on this host; scale out.'],
    },
  },
  {
    name: 'DiskSpaceLow',
    component: 'system',
    severity: 'warning',
    for: '5m',
    format: 'percent',
    threshold: ratio(0.15, 'a ratio of free to total space'),
    expr: (c, t) =>
      `${c.x('node_filesystem_avail_bytes')}${c.s('node', FILESYSTEM)} / ${c.x('node_filesystem_size_bytes')}${c.s('node', FILESYSTEM)} < ${t}`,
    summary: (t) => `Disk space is low on ${t.label('instance')} ${t.label('mountpoint')}`,
    description: (t) =>
      `Only ${t.value} of ${t.label('mountpoint')} on ${t.label('instance')} is free (threshold ${t.threshold}).`,
    test: diskCase,
    runbook: {
      meaning: 'A filesystem is filling up.',
      impact: 'Transcodes write large temporary files; a full disk fails them all.',
      diagnosis: diskRunbook,
      mitigation: ['Clean temporary transcode files and old renditions; grow the volume.'],
    },
  },
  {
    name: 'DiskSpaceCritical',
    component: 'system',
    severity: 'critical',
    for: '2m',
    format: 'percent',
    threshold: ratio(0.05, 'a ratio of free to total space'),
    expr: (c, t) =>
      `${c.x('node_filesystem_avail_bytes')}${c.s('node', FILESYSTEM)} / ${c.x('node_filesystem_size_bytes')}${c.s('node', FILESYSTEM)} < ${t}`,
    summary: (t) => `Disk almost full on ${t.label('instance')} ${t.label('mountpoint')}`,
    description: (t) =>
      `Only ${t.value} of ${t.label('mountpoint')} on ${t.label('instance')} is free (threshold ${t.threshold}).`,
    test: diskCase,
    runbook: {
      meaning: 'A filesystem is about to be full.',
      impact: 'Writes fail: transcodes, uploads, logs, the database.',
      diagnosis: diskRunbook,
      mitigation: ['Free space now (temporary files, old logs); pause workers on this host.'],
    },
  },
  {
    name: 'HighDiskIOWait',
    component: 'system',
    severity: 'warning',
    for: '10m',
    format: 'percent',
    threshold: ratio(0.2, 'a ratio of CPU time waiting for I/O'),
    expr: (c, t) =>
      `avg by (job, instance) (rate(${c.x('node_cpu_seconds_total')}${c.s('node', 'mode="iowait"')}[5m])) > ${t}`,
    summary: (t) => `Disk I/O is slow on ${t.label('instance')}`,
    description: (t) =>
      `The CPUs of ${t.label('instance')} spent ${t.value} of their time waiting for I/O (threshold ${t.threshold}).`,
    test: (c) =>
      rateCase(c, c.x('node_cpu_seconds_total'), c.labels('node', { ...NODE, cpu: '0', mode: 'iowait' }), {
        job: c.config.jobs.node,
        instance: NODE.instance,
      }),
    runbook: {
      meaning: 'Processes wait on the disk much of the time.',
      impact: 'Transcodes and database queries slow down.',
      diagnosis: diskRunbook,
      mitigation: ['Move temporary transcode files to faster storage; spread I/O-heavy work.'],
    },
  },
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
  {
    name: 'HighDatabaseConnectionUsage',
    component: 'database',
    severity: 'warning',
    for: '5m',
    format: 'percent',
    threshold: ratio(0.8, 'a ratio of checked-out to maximum pool connections'),
    expr: (c, t) =>
      `sum by (job, pool) (${c.m('db_connections_active')}${c.s('service')}) / sum by (job, pool) (${c.m('db_connections_max')}${c.s('service')}) > ${t}`,
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
          `sum by (pool) (${c.m('db_connections_active')}${c.s('service')}) / sum by (pool) (${c.m('db_connections_max')}${c.s('service')})`,
        ],
        [
          'p95 query time',
          `histogram_quantile(0.95, sum by (le, operation) (rate(${c.m('db_query_duration_seconds_bucket')}${c.s('service')}[5m])))`,
        ],
      ],
      mitigation: ['Look for slow queries holding connections; raise the pool size if the database allows it.'],
    },
  },
  {
    name: 'DatabaseConnectionPoolExhausted',
    component: 'database',
    severity: 'critical',
    for: '2m',
    format: 'percent',
    threshold: ratio(1, 'a ratio of checked-out to maximum pool connections', true),
    expr: (c, t) =>
      `sum by (job, pool) (${c.m('db_connections_active')}${c.s('service')}) / sum by (job, pool) (${c.m('db_connections_max')}${c.s('service')}) >= ${t}`,
    summary: (t) => `Database pool ${t.label('pool')} is exhausted`,
    description: (t) =>
      `${t.value} of the connections of pool ${t.label('pool')} in ${t.label('job')} are checked out (threshold ${t.threshold}).`,
    test: (c) => poolCase(c, true),
    runbook: {
      meaning: 'Every connection of the pool is in use.',
      impact: 'New queries wait or time out; requests and jobs fail.',
      diagnosis: (c) => [['Pool use', `sum by (pool) (${c.m('db_connections_active')}${c.s('service')})`]],
      mitigation: ['Find the leak or the slow query holding connections; restart the service to release them.'],
    },
  },
  {
    name: 'HighApplicationRestartRate',
    component: 'system',
    severity: 'warning',
    for: '0m',
    format: 'number',
    threshold: { default: 3, meaning: 'restarts within an hour', min: 1, max: 30, integer: true },
    window: () => 3600,
    expr: (c, t) => `changes(${c.m('process_start_time_seconds')}${c.s('service')}[1h]) > ${t}`,
    summary: (t) => `${t.label('instance')} restarts often`,
    description: (t) =>
      `${t.label('instance')} of ${t.label('job')} restarted ${t.value} times in the last hour (threshold ${t.threshold}).`,
    test: (c) => {
      const labels = c.labels('service', { instance: c.config.targets.service[0]! });
      const every = Math.floor(60 / (c.threshold + 2));
      const values = Array.from(
        { length: c.minutes + 1 },
        (_, minute) => 1_700_000_000 + 60 * every * Math.floor(minute / every),
      );
      const changes = new Set(values.slice(c.minutes - 60)).size - 1;
      return {
        fire: {
          series: [{ series: seriesText(c.m('process_start_time_seconds'), labels), values: values.join(' ') }],
          labels,
          value: changes,
        },
        quiet: { series: [c.gauge(c.m('process_start_time_seconds'), labels, 1_700_000_000)] },
      };
    },
    runbook: {
      meaning: 'The service process restarts repeatedly.',
      impact: 'In-flight requests and jobs are lost on every restart.',
      diagnosis: (c) => [
        ['Restarts in the last hour', `changes(${c.m('process_start_time_seconds')}${c.s('service')}[1h])`],
        ['Heap used', `${c.m('nodejs_heap_size_used_bytes')}${c.s('service')}`],
      ],
      mitigation: [
        'Read the logs before each restart: uncaught exceptions, OOM kills (ContainerMemoryLimitReached), failing liveness probes.',
      ],
    },
  },
  {
    name: 'ContainerMemoryLimitReached',
    component: 'system',
    severity: 'warning',
    for: '5m',
    format: 'percent',
    threshold: ratio(0.9, 'a ratio of working set to memory limit'),
    expr: (
      c,
      t,
    ) => `(${c.x('container_memory_working_set_bytes')}${c.s('cadvisor', 'image!=""')} / ${c.x('container_spec_memory_limit_bytes')}${c.s('cadvisor', 'image!=""')} > ${t})
and ${c.x('container_spec_memory_limit_bytes')}${c.s('cadvisor', 'image!=""')} > 0`,
    summary: (t) => `Container ${t.label('name')} is near its memory limit`,
    description: (t) => `Container ${t.label('name')} uses ${t.value} of its memory limit (threshold ${t.threshold}).`,
    test: (c) => {
      const labels = c.labels('cadvisor', {
        instance: 'cadvisor:8080',
        name: 'worker',
        image: 'transcode-flow:latest',
      });
      const build = (used: number) => [
        c.gauge(c.x('container_spec_memory_limit_bytes'), labels, 2 ** 32),
        c.gauge(c.x('container_memory_working_set_bytes'), labels, 2 ** 32 * used),
      ];
      const firing = above(c.threshold, 1);
      return { fire: { series: build(firing), labels, value: firing }, quiet: { series: build(below(c.threshold)) } };
    },
    runbook: {
      meaning: 'A container’s working set is close to its memory limit.',
      impact: 'The container will be OOM-killed and restarted.',
      diagnosis: (c) => [
        [
          'Working set over limit',
          `${c.x('container_memory_working_set_bytes')}${c.s('cadvisor', 'image!=""')} / ${c.x('container_spec_memory_limit_bytes')}${c.s('cadvisor', 'image!=""')}`,
        ],
      ],
      mitigation: [
        'Raise the limit or lower transcode concurrency in that container; look for a leak (heap growing without bound).',
      ],
    },
  },
  {
    name: 'NetworkConnectivityIssues',
    component: 'system',
    severity: 'warning',
    for: '10m',
    format: 'number',
    threshold: positive(1, 'network errors per second'),
    expr: (c, t) => `sum by (job, instance, device) (rate(${c.x('node_network_receive_errs_total')}${c.s('node')}[5m]))
+ sum by (job, instance, device) (rate(${c.x('node_network_transmit_errs_total')}${c.s('node')}[5m]))
> ${t}`,
    summary: (t) => `Network errors on ${t.label('instance')} ${t.label('device')}`,
    description: (t) =>
      `${t.label('device')} on ${t.label('instance')} sees ${t.value} errors per second (threshold ${t.threshold}).`,
    test: (c) => {
      const labels = c.labels('node', { ...NODE, device: 'eth0' });
      const build = (rate: number) => [
        c.counter(c.x('node_network_receive_errs_total'), labels, rate / 2),
        c.counter(c.x('node_network_transmit_errs_total'), labels, rate / 2),
      ];
      const firing = above(c.threshold);
      const key = { job: c.config.jobs.node, instance: NODE.instance, device: 'eth0' };
      return {
        fire: { series: build(firing), labels: key, value: firing },
        quiet: { series: build(below(c.threshold)) },
      };
    },
    runbook: {
      meaning: 'A network interface reports receive or transmit errors.',
      impact: 'Uploads, storage calls and webhooks time out or retry.',
      diagnosis: (c) => [
        [
          'Errors per second',
          `rate(${c.x('node_network_receive_errs_total')}${c.s('node')}[5m]) + rate(${c.x('node_network_transmit_errs_total')}${c.s('node')}[5m])`,
        ],
      ],
      mitigation: ['Check the interface, cabling or the cloud network; move load off the host.'],
    },
  },
  {
    name: 'HighEventLoopLag',
    component: 'system',
    severity: 'warning',
    for: '5m',
    format: 'duration',
    threshold: positive(0.5, 'seconds of p99 event loop delay'),
    expr: (c, t) => `max by (job, instance) (${c.m('nodejs_eventloop_lag_p99_seconds')}${c.s('service')}) > ${t}`,
    summary: (t) => `The event loop of ${t.label('instance')} lags`,
    description: (t) =>
      `The p99 event loop delay of ${t.label('instance')} of ${t.label('job')} is ${t.value} (threshold ${t.threshold}).`,
    test: (c) => {
      const instance = c.config.targets.service[0]!;
      const labels = c.labels('service', { instance });
      return gaugeCase(c, c.m('nodejs_eventloop_lag_p99_seconds'), labels, { job: c.config.jobs.service, instance });
    },
    runbook: {
      meaning: 'JavaScript on the main thread blocks the event loop.',
      impact: 'Every request on that process waits; health checks may time out.',
      diagnosis: (c) => [
        ['p99 lag', `${c.m('nodejs_eventloop_lag_p99_seconds')}${c.s('service')}`],
        ['CPU of the process', `rate(${c.m('process_cpu_seconds_total')}${c.s('service')}[5m])`],
      ],
      mitigation: [
        'Profile the process (`node --cpu-prof`); move CPU work (hashing, parsing large files) off the main thread.',
      ],
    },
  },
];
