import { PER_INSTANCE } from './per-instance.js';
import { seriesText } from '../promql.js';
import { gaugeCase, positive } from './helpers.js';
import { THRESHOLDS } from '../defaults.js';
import { defineAlerts } from './define-alerts.js';

/** Node.js runtime alerts: restarts of the service process and event loop lag. */
export const SYSTEM_NODE_RUNTIME_ALERTS = defineAlerts([
  {
    name: 'HighApplicationRestartRate',
    perInstance: PER_INSTANCE.process,
    component: 'system',
    severity: 'warning',
    // `changes` over an hour already smooths, but one scrape of a new start time must not page.
    for: '5m',
    format: 'number',
    threshold: {
      default: THRESHOLDS.HighApplicationRestartRate,
      meaning: 'restarts within an hour',
      min: 1,
      max: 30,
      integer: true,
    },
    window: () => 3600,
    expr: (c, t) => `changes(${c.metric('process_start_time_seconds')}${c.selector('service')}[1h]) > ${t}`,
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
          series: [{ series: seriesText(c.metric('process_start_time_seconds'), labels), values: values.join(' ') }],
          labels,
          value: changes,
        },
        quiet: { series: [c.gauge(c.metric('process_start_time_seconds'), labels, 1_700_000_000)] },
      };
    },
    runbook: {
      meaning: 'The service process restarts repeatedly.',
      impact: 'In-flight requests and jobs are lost on every restart.',
      diagnosis: (c) => [
        ['Restarts in the last hour', `changes(${c.metric('process_start_time_seconds')}${c.selector('service')}[1h])`],
        ['Heap used', `${c.metric('nodejs_heap_size_used_bytes')}${c.selector('service')}`],
      ],
      mitigation: [
        'Read the logs before each restart: uncaught exceptions, OOM kills (ContainerMemoryLimitReached), failing liveness probes.',
      ],
    },
  },
  {
    name: 'HighEventLoopLag',
    perInstance: PER_INSTANCE.process,
    component: 'system',
    severity: 'warning',
    for: '5m',
    format: 'duration',
    threshold: positive(THRESHOLDS.HighEventLoopLag, 'seconds of p99 event loop delay'),
    expr: (c, t) =>
      `max by (job, instance) (${c.metric('nodejs_eventloop_lag_p99_seconds')}${c.selector('service')}) > ${t}`,
    summary: (t) => `The event loop of ${t.label('instance')} lags`,
    description: (t) =>
      `The p99 event loop delay of ${t.label('instance')} of ${t.label('job')} is ${t.value} (threshold ${t.threshold}).`,
    test: (c) => {
      const instance = c.config.targets.service[0]!;
      const labels = c.labels('service', { instance });
      return gaugeCase(c, {
        metric: c.metric('nodejs_eventloop_lag_p99_seconds'),
        labels,
        firingLabels: { job: c.config.jobs.service, instance },
      });
    },
    runbook: {
      meaning: 'JavaScript on the main thread blocks the event loop.',
      impact: 'Every request on that process waits; health checks may time out.',
      diagnosis: (c) => [
        ['p99 lag', `${c.metric('nodejs_eventloop_lag_p99_seconds')}${c.selector('service')}`],
        ['CPU of the process', `rate(${c.metric('process_cpu_seconds_total')}${c.selector('service')}[5m])`],
      ],
      mitigation: [
        'Profile the process (`node --cpu-prof`); move CPU work (hashing, parsing large files) off the main thread.',
      ],
    },
  },
]);
