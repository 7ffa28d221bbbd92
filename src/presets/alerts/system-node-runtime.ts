import { PER_INSTANCE } from './per-instance.js';
import { seriesText } from '../promql.js';
import { gaugeCase, positive } from './helpers.js';
import { durationSeconds } from '../config/validation.js';
import { ALERT_TIMING, DIAGNOSIS_WINDOW, THRESHOLDS } from '../defaults.js';
import { lastWindow, spelledWindow } from './window-text.js';
import { defineAlerts } from './define-alerts.js';

const RESTARTS = ALERT_TIMING.HighApplicationRestartRate;

/** Node.js runtime alerts: restarts of the service process and event loop lag. */
export const SYSTEM_NODE_RUNTIME_ALERTS = defineAlerts([
  {
    name: 'HighApplicationRestartRate',
    perInstance: PER_INSTANCE.process,
    component: 'system',
    severity: 'warning',
    for: RESTARTS.for,
    format: 'number',
    threshold: {
      default: THRESHOLDS.HighApplicationRestartRate,
      meaning: `restarts within ${spelledWindow(RESTARTS.window)}`,
      min: 1,
      max: 30,
      integer: true,
    },
    window: () => durationSeconds(RESTARTS.window),
    expr: (c, t) =>
      `changes(${c.metric('process_start_time_seconds')}${c.selector('service')}[${RESTARTS.window}]) > ${t}`,
    summary: (t) => `${t.label('instance')} restarts often`,
    description: (t) =>
      `${t.label('instance')} of ${t.label('job')} restarted ${t.value} times in ${lastWindow(RESTARTS.window)} (threshold ${t.threshold}).`,
    test: (c) => {
      const labels = c.labels('service', { instance: c.config.targets.service[0]! });
      // Restarts spread evenly, threshold + 2 of them in each window.
      const windowMinutes = durationSeconds(RESTARTS.window) / 60;
      const every = Math.floor(windowMinutes / (c.threshold + 2));
      const values = Array.from(
        { length: c.minutes + 1 },
        (_, minute) => 1_700_000_000 + 60 * every * Math.floor(minute / every),
      );
      const changes = new Set(values.slice(c.minutes - windowMinutes)).size - 1;
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
        [
          `Restarts in ${lastWindow(RESTARTS.window)}`,
          `changes(${c.metric('process_start_time_seconds')}${c.selector('service')}[${RESTARTS.window}])`,
        ],
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
    for: ALERT_TIMING.HighEventLoopLag.for,
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
        [
          'CPU of the process',
          `rate(${c.metric('process_cpu_seconds_total')}${c.selector('service')}[${DIAGNOSIS_WINDOW}])`,
        ],
      ],
      mitigation: [
        'Profile the process (`node --cpu-prof`); move CPU work (hashing, parsing large files) off the main thread.',
      ],
    },
  },
]);
