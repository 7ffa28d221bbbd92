import { PER_INSTANCE } from './per-instance.js';
import { positive, ratio } from './helpers.js';
import { above, below } from './test-values.js';
import { ALERT_TIMING, DIAGNOSIS_WINDOW, THRESHOLDS } from '../defaults.js';
import { spelledWindow } from './window-text.js';
import { defineAlerts } from './define-alerts.js';
import type { AlertTestCase, RuleContext, TestContext, TextContext } from './types.js';

/** The node-exporter instance the host alert tests feed in. */
export const NODE = { instance: 'node-exporter:9100' };

function memoryCase(c: TestContext): AlertTestCase {
  const total = 2 ** 34;
  const build = (used: number) => [
    c.gauge(c.exporterMetric('node_memory_MemTotal_bytes'), c.labels('node', NODE), total),
    c.gauge(c.exporterMetric('node_memory_MemAvailable_bytes'), c.labels('node', NODE), total * (1 - used)),
  ];
  const firing = above(c.threshold, 1);
  return {
    fire: { series: build(firing), labels: c.labels('node', NODE), value: firing },
    quiet: { series: build(below(c.threshold)) },
  };
}

function cpuCase(c: TestContext): AlertTestCase {
  const build = (busy: number) => [
    c.counter(
      c.exporterMetric('node_cpu_seconds_total'),
      c.labels('node', { ...NODE, cpu: '0', mode: 'idle' }),
      1 - busy,
    ),
  ];
  const firing = above(c.threshold, 1);
  return {
    fire: { series: build(firing), labels: { job: c.config.jobs.node, instance: NODE.instance }, value: firing },
    quiet: { series: build(below(c.threshold)) },
  };
}

const hostRunbook = (c: RuleContext) =>
  [
    [
      'Memory used, by instance',
      `1 - ${c.exporterMetric('node_memory_MemAvailable_bytes')}${c.selector('node')} / ${c.exporterMetric('node_memory_MemTotal_bytes')}${c.selector('node')}`,
    ],
    [
      'CPU busy, by instance',
      `1 - avg by (instance) (rate(${c.exporterMetric('node_cpu_seconds_total')}${c.selector('node', 'mode="idle"')}[${DIAGNOSIS_WINDOW}]))`,
    ],
    ['Resident memory of the service', `${c.metric('process_resident_memory_bytes')}${c.selector('service')}`],
  ] as const;

const NETWORK = ALERT_TIMING.NetworkConnectivityIssues;

/** Busy CPU time of a host over `window`, above the threshold. */
const cpuBusy = (window: string) => ({
  expr: (c: RuleContext, t: number) =>
    `1 - avg by (job, instance) (rate(${c.exporterMetric('node_cpu_seconds_total')}${c.selector('node', 'mode="idle"')}[${window}])) > ${t}`,
  description: (t: TextContext) =>
    `The CPUs of ${t.label('instance')} were ${t.value} busy over ${spelledWindow(window)} (threshold ${t.threshold}).`,
});

/** Host alerts: memory, CPU and network of the hosts, memory of the containers. */
export const SYSTEM_HOST_ALERTS = defineAlerts([
  {
    name: 'HighMemoryUsage',
    perInstance: PER_INSTANCE.host,
    component: 'system',
    severity: 'warning',
    for: ALERT_TIMING.HighMemoryUsage.for,
    format: 'percent',
    threshold: ratio(THRESHOLDS.HighMemoryUsage, 'a ratio of used to total memory'),
    expr: (c, t) =>
      `1 - (${c.exporterMetric('node_memory_MemAvailable_bytes')}${c.selector('node')} / ${c.exporterMetric('node_memory_MemTotal_bytes')}${c.selector('node')}) > ${t}`,
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
    perInstance: PER_INSTANCE.host,
    component: 'system',
    severity: 'critical',
    for: ALERT_TIMING.CriticalMemoryUsage.for,
    format: 'percent',
    threshold: ratio(THRESHOLDS.CriticalMemoryUsage, 'a ratio of used to total memory'),
    expr: (c, t) =>
      `1 - (${c.exporterMetric('node_memory_MemAvailable_bytes')}${c.selector('node')} / ${c.exporterMetric('node_memory_MemTotal_bytes')}${c.selector('node')}) > ${t}`,
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
    perInstance: PER_INSTANCE.host,
    component: 'system',
    severity: 'warning',
    for: ALERT_TIMING.HighCPUUsage.for,
    format: 'percent',
    threshold: ratio(THRESHOLDS.HighCPUUsage, 'a ratio of busy CPU time'),
    ...cpuBusy(ALERT_TIMING.HighCPUUsage.window),
    summary: (t) => `CPU is busy on ${t.label('instance')}`,
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
    perInstance: PER_INSTANCE.host,
    component: 'system',
    severity: 'critical',
    for: ALERT_TIMING.CriticalCPUUsage.for,
    format: 'percent',
    threshold: ratio(THRESHOLDS.CriticalCPUUsage, 'a ratio of busy CPU time'),
    ...cpuBusy(ALERT_TIMING.CriticalCPUUsage.window),
    summary: (t) => `CPU is saturated on ${t.label('instance')}`,
    test: cpuCase,
    runbook: {
      meaning: 'The host’s CPUs are saturated.',
      impact: 'Request latency rises sharply; health checks may time out.',
      diagnosis: hostRunbook,
      mitigation: ['Reduce transcode concurrency on this host; scale out.'],
    },
  },
  {
    name: 'ContainerMemoryLimitReached',
    perInstance: PER_INSTANCE.container,
    component: 'system',
    severity: 'warning',
    for: ALERT_TIMING.ContainerMemoryLimitReached.for,
    format: 'percent',
    threshold: ratio(THRESHOLDS.ContainerMemoryLimitReached, 'a ratio of working set to memory limit'),
    expr: (
      c,
      t,
    ) => `(${c.exporterMetric('container_memory_working_set_bytes')}${c.selector('cadvisor', 'image!=""')} / ${c.exporterMetric('container_spec_memory_limit_bytes')}${c.selector('cadvisor', 'image!=""')} > ${t})
and ${c.exporterMetric('container_spec_memory_limit_bytes')}${c.selector('cadvisor', 'image!=""')} > 0`,
    summary: (t) => `Container ${t.label('name')} is near its memory limit`,
    description: (t) => `Container ${t.label('name')} uses ${t.value} of its memory limit (threshold ${t.threshold}).`,
    test: (c) => {
      const labels = c.labels('cadvisor', {
        instance: 'cadvisor:8080',
        name: 'worker',
        image: 'transcode-flow:latest',
      });
      const build = (used: number) => [
        c.gauge(c.exporterMetric('container_spec_memory_limit_bytes'), labels, 2 ** 32),
        c.gauge(c.exporterMetric('container_memory_working_set_bytes'), labels, 2 ** 32 * used),
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
          `${c.exporterMetric('container_memory_working_set_bytes')}${c.selector('cadvisor', 'image!=""')} / ${c.exporterMetric('container_spec_memory_limit_bytes')}${c.selector('cadvisor', 'image!=""')}`,
        ],
      ],
      mitigation: [
        'Raise the limit or lower transcode concurrency in that container; look for a leak (heap growing without bound).',
      ],
    },
  },
  {
    name: 'NetworkConnectivityIssues',
    perInstance: PER_INSTANCE.host,
    component: 'system',
    severity: 'warning',
    for: NETWORK.for,
    format: 'number',
    threshold: positive(THRESHOLDS.NetworkConnectivityIssues, 'network errors per second'),
    expr: (
      c,
      t,
    ) => `sum by (job, instance, device) (rate(${c.exporterMetric('node_network_receive_errs_total')}${c.selector('node')}[${NETWORK.window}]))
+ sum by (job, instance, device) (rate(${c.exporterMetric('node_network_transmit_errs_total')}${c.selector('node')}[${NETWORK.window}]))
> ${t}`,
    summary: (t) => `Network errors on ${t.label('instance')} ${t.label('device')}`,
    description: (t) =>
      `${t.label('device')} on ${t.label('instance')} sees ${t.value} errors per second (threshold ${t.threshold}).`,
    test: (c) => {
      const labels = c.labels('node', { ...NODE, device: 'eth0' });
      const build = (rate: number) => [
        c.counter(c.exporterMetric('node_network_receive_errs_total'), labels, rate / 2),
        c.counter(c.exporterMetric('node_network_transmit_errs_total'), labels, rate / 2),
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
          `rate(${c.exporterMetric('node_network_receive_errs_total')}${c.selector('node')}[${NETWORK.window}]) + rate(${c.exporterMetric('node_network_transmit_errs_total')}${c.selector('node')}[${NETWORK.window}])`,
        ],
      ],
      mitigation: ['Check the interface, cabling or the cloud network; move load off the host.'],
    },
  },
]);
