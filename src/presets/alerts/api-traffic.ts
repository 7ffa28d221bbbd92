import { durationSeconds, invalidPresetConfig } from '../config/validation.js';
import { seriesText, aggregate } from '../promql.js';
import { gaugeCase, positive } from './helpers.js';
import { job, REQUEST } from './api-helpers.js';
import { latencyRunbook } from './api-latency.js';
import { ALERT_TIMING, THRESHOLDS } from '../defaults.js';
import { spelledWindow } from './window-text.js';
import { alertSettings } from './alert-settings.js';
import { defineAlerts } from './define-alerts.js';

const SPIKE = ALERT_TIMING.HighRequestRateSpike;

/** API traffic alerts: request rate spikes and requests in flight. */
export const API_TRAFFIC_ALERTS = defineAlerts([
  {
    name: 'HighRequestRateSpike',
    component: 'api',
    severity: 'warning',
    for: SPIKE.for,
    format: 'number',
    threshold: positive(
      THRESHOLDS.HighRequestRateSpike,
      `times the request rate of ${spelledWindow(SPIKE.baseline)} earlier`,
    ),
    // The baseline range ends as long ago as it lasts (`[1h] offset 1h`): the rule reads twice that.
    window: () => 2 * durationSeconds(SPIKE.baseline),
    expr: (
      c,
      t,
    ) => `${aggregate('api_requests_total', 'job', `rate(${c.metric('api_requests_total')}${c.selector('service')}[${SPIKE.window}])`)}
/
${aggregate('api_requests_total', 'job', `rate(${c.metric('api_requests_total')}${c.selector('service')}[${SPIKE.baseline}] offset ${SPIKE.baseline})`)}
> ${t}`,
    summary: (t) => `Request rate to ${t.label('job')} spiked`,
    description: (t) =>
      `${t.label('job')} receives ${t.value} times the request rate of ${spelledWindow(SPIKE.baseline)} earlier (threshold ${t.threshold}).`,
    test: (c) => {
      const name = seriesText(c.metric('api_requests_total'), c.labels('service', { ...REQUEST, status_code: '200' }));
      const spike = Math.floor(c.threshold) + 2;
      const forMinutes = Math.ceil(durationSeconds(alertSettings(c.config, 'HighRequestRateSpike').for) / 60);
      if (forMinutes > 50) {
        throw invalidPresetConfig(
          'alerts.HighRequestRateSpike.for',
          `is ${alertSettings(c.config, 'HighRequestRateSpike').for}`,
          'at most 50m, since the spike is measured against the hour before',
        );
      }
      // The spike starts so that the window sees it and the baseline does not.
      const start = c.minutes - (durationSeconds(SPIKE.window) / 60 + 2) - forMinutes;
      const baseline = `0+60x${start}`;
      return {
        fire: {
          series: [
            { series: name, values: `${baseline} ${60 * start + 60 * spike}+${60 * spike}x${c.minutes - start - 1}` },
          ],
          labels: job(c),
          value: spike,
        },
        quiet: { series: [{ series: name, values: `0+60x${c.minutes}` }] },
      };
    },
    runbook: {
      meaning: `Traffic rose sharply compared with ${spelledWindow(SPIKE.baseline)} earlier.`,
      impact: 'Latency and errors may follow; the queue may back up.',
      diagnosis: (c) => [
        [
          'Requests per second by route',
          aggregate(
            'api_requests_total',
            'route',
            `rate(${c.metric('api_requests_total')}${c.selector('service')}[${SPIKE.window}])`,
          ),
        ],
        [
          'Requests per API key prefix',
          `topk(10, ${aggregate('api_key_requests_total', 'key_prefix', `rate(${c.metric('api_key_requests_total')}${c.selector('service')}[${SPIKE.window}])`)})`,
        ],
      ],
      mitigation: ['Find the source (one key, one route); rate-limit it or scale out.'],
    },
  },
  {
    name: 'TooManyInProgressRequests',
    component: 'api',
    severity: 'warning',
    for: ALERT_TIMING.TooManyInProgressRequests.for,
    format: 'number',
    threshold: positive(THRESHOLDS.TooManyInProgressRequests, 'requests in flight', true),
    expr: (c, t) =>
      `${aggregate('api_requests_in_progress', 'job', `${c.metric('api_requests_in_progress')}${c.selector('service')}`)} > ${t}`,
    summary: (t) => `${t.label('job')} has many requests in flight`,
    description: (t) => `${t.value} requests are in flight on ${t.label('job')} (threshold ${t.threshold}).`,
    test: (c) =>
      gaugeCase(c, {
        metric: c.metric('api_requests_in_progress'),
        labels: c.labels('service', REQUEST),
        firingLabels: job(c),
        integer: true,
      }),
    runbook: {
      meaning: 'Many requests are being served at once: they arrive faster than they finish.',
      impact: 'Memory and latency rise; the process may fall over.',
      diagnosis: latencyRunbook,
      mitigation: ['Find the slow route holding requests (uploads, downloads); add instances.'],
    },
  },
]);
