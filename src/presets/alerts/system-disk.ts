import { PER_INSTANCE } from './per-instance.js';
import { aggregate } from '../promql.js';
import { ratio, rateCase } from './helpers.js';
import { NODE } from './system-host.js';
import { above, below } from './test-values.js';
import { ALERT_TIMING, THRESHOLDS } from '../defaults.js';
import { defineAlerts } from './define-alerts.js';
import type { AlertTestCase, RuleContext, TestContext } from './types.js';

const FILESYSTEM = 'fstype!~"tmpfs|overlay|squashfs|ramfs"';

function diskCase(c: TestContext): AlertTestCase {
  const size = 2 ** 40;
  const labels = c.labels('node', { ...NODE, device: '/dev/sda1', fstype: 'ext4', mountpoint: '/' });
  const build = (available: number) => [
    c.gauge(c.exporterMetric('node_filesystem_size_bytes'), labels, size),
    c.gauge(c.exporterMetric('node_filesystem_avail_bytes'), labels, size * available),
  ];
  const firing = below(c.threshold);
  return { fire: { series: build(firing), labels, value: firing }, quiet: { series: build(above(c.threshold, 1)) } };
}

const diskRunbook = (c: RuleContext) =>
  [
    [
      'Free space by mount point',
      `${c.exporterMetric('node_filesystem_avail_bytes')}${c.selector('node', FILESYSTEM)} / ${c.exporterMetric('node_filesystem_size_bytes')}${c.selector('node', FILESYSTEM)}`,
    ],
    [
      'Storage used by the service',
      aggregate('storage_used_bytes', 'backend', `${c.metric('storage_used_bytes')}${c.selector('service')}`),
    ],
  ] as const;

/** Disk alerts: free space and I/O wait. */
export const SYSTEM_DISK_ALERTS = defineAlerts([
  {
    name: 'DiskSpaceLow',
    perInstance: PER_INSTANCE.host,
    component: 'system',
    severity: 'warning',
    for: ALERT_TIMING.DiskSpaceLow.for,
    format: 'percent',
    threshold: ratio(THRESHOLDS.DiskSpaceLow, 'a ratio of free to total space'),
    expr: (c, t) =>
      `${c.exporterMetric('node_filesystem_avail_bytes')}${c.selector('node', FILESYSTEM)} / ${c.exporterMetric('node_filesystem_size_bytes')}${c.selector('node', FILESYSTEM)} < ${t}`,
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
    perInstance: PER_INSTANCE.host,
    component: 'system',
    severity: 'critical',
    for: ALERT_TIMING.DiskSpaceCritical.for,
    format: 'percent',
    threshold: ratio(THRESHOLDS.DiskSpaceCritical, 'a ratio of free to total space'),
    expr: (c, t) =>
      `${c.exporterMetric('node_filesystem_avail_bytes')}${c.selector('node', FILESYSTEM)} / ${c.exporterMetric('node_filesystem_size_bytes')}${c.selector('node', FILESYSTEM)} < ${t}`,
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
    perInstance: PER_INSTANCE.host,
    component: 'system',
    severity: 'warning',
    for: ALERT_TIMING.HighDiskIOWait.for,
    format: 'percent',
    threshold: ratio(THRESHOLDS.HighDiskIOWait, 'a ratio of CPU time waiting for I/O'),
    expr: (c, t) =>
      `avg by (job, instance) (rate(${c.exporterMetric('node_cpu_seconds_total')}${c.selector('node', 'mode="iowait"')}[${ALERT_TIMING.HighDiskIOWait.window}])) > ${t}`,
    summary: (t) => `Disk I/O is slow on ${t.label('instance')}`,
    description: (t) =>
      `The CPUs of ${t.label('instance')} spent ${t.value} of their time waiting for I/O (threshold ${t.threshold}).`,
    test: (c) =>
      rateCase(c, {
        metric: c.exporterMetric('node_cpu_seconds_total'),
        labels: c.labels('node', { ...NODE, cpu: '0', mode: 'iowait' }),
        firingLabels: {
          job: c.config.jobs.node,
          instance: NODE.instance,
        },
      }),
    runbook: {
      meaning: 'Processes wait on the disk much of the time.',
      impact: 'Transcodes and database queries slow down.',
      diagnosis: diskRunbook,
      mitigation: ['Move temporary transcode files to faster storage; spread I/O-heavy work.'],
    },
  },
]);
