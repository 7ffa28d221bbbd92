import { bucketsOf } from '../alerts/helpers.js';
import { quantileInBucket } from '../alerts/test-values.js';
import type { InputSeries } from '../alerts/types.js';
import { acrossInstances, ruleContext, seriesText, testContext } from '../promql.js';
import { onThreeInstances } from './instances.js';
import { generatedHeader } from './header.js';
import type { ResolvedPresetConfig } from '../config/preset-config.js';
import { recordingGroups } from '../recording-rules.js';
import { testRuleFiles } from './alert-tests.js';
import { toYaml, type YamlValue } from './yaml.js';

const QUANTILES = [0.5, 0.95, 0.99];
/** Seven hours of samples, so the 6h SLO windows are full. */
const MINUTES = 420;

interface Expectation {
  readonly expr: string;
  readonly samples: readonly (readonly [labels: Record<string, string>, value: number])[];
}

function expectations(list: readonly Expectation[]): YamlValue[] {
  return list.map((item) => ({
    expr: item.expr,
    eval_time: `${MINUTES}m`,
    exp_samples: item.samples.map(([labels, value]) => ({ labels: seriesText(item.expr, labels), value })),
  }));
}

function inputs(series: readonly InputSeries[]): YamlValue[] {
  return series.map((item) => ({ series: item.series, values: item.values }));
}

/** `prometheus/tests/recording.test.yml`: every recording rule's value on known input. */
export function renderRecordingTestFile(config: ResolvedPresetConfig): string {
  const recorded = ruleContext(config).recorded;
  const c = testContext(config, 0, MINUTES);
  const job = { job: config.jobs.service };
  const route = '/jobs/:jobId';
  const request = (status: string) => c.labels('service', { method: 'GET', route, status_code: status });

  // API: 1 request/s; 1/8 fail with 500, 1/8 with 404, every one in the fastest bucket. The counter
  // and the histogram's `_count` hold the same counts, as the SDK records them (under
  // `naming: 'otel'` they are one series).
  const latency = bucketsOf('apiRequestDurationSeconds');
  const fastBucket = 0;
  const apiSeries = (
    [
      ['200', 0.75],
      ['500', 0.125],
      ['404', 0.125],
    ] as const
  ).flatMap(([status, perSecond]) => [
    c.counter(c.metric('api_requests_total'), request(status), perSecond),
    ...c.histogram(c.metric('api_request_duration_seconds'), request(status), latency, fastBucket, perSecond),
  ]);
  const routeQuantile = (q: number) => quantileInBucket(latency, fastBucket, q);
  const api: Expectation[] = [
    { expr: recorded('job:api_requests:rate5m'), samples: [[job, 1]] },
    { expr: recorded('job_route:api_requests:rate5m'), samples: [[{ ...job, route }, 1]] },
    {
      expr: recorded('job_status_code:api_requests:rate5m'),
      samples: [
        [{ ...job, status_code: '200' }, 0.75],
        [{ ...job, status_code: '404' }, 0.125],
        [{ ...job, status_code: '500' }, 0.125],
      ],
    },
    { expr: recorded('job_route:api_request_errors:ratio_rate5m'), samples: [[{ ...job, route }, 0.125]] },
    { expr: recorded('job:api_request_client_errors:ratio_rate5m'), samples: [[job, 0.125]] },
    {
      expr: recorded('job:api_request_duration_seconds:histogram_quantile'),
      samples: QUANTILES.map((q) => [{ ...job, quantile: String(q) }, routeQuantile(q)] as const),
    },
    {
      expr: recorded('job_route:api_request_duration_seconds:histogram_quantile'),
      samples: QUANTILES.map((q) => [{ ...job, route, quantile: String(q) }, routeQuantile(q)] as const),
    },
    ...['5m', '30m', '1h', '6h'].map((window) => ({
      expr: recorded(`job:api_request_errors:ratio_rate${window}`),
      samples: [[job, 0.125]] as const,
    })),
    ...['5m', '30m', '1h', '6h'].map((window) => ({
      expr: recorded(`job:api_request_slow:ratio_rate${window}`),
      samples: [[job, 0]] as const,
    })),
  ];

  // Jobs: queue "transcode" completes 3/4 and fails 1/4; queue "thumbnails" only fails.
  const processing = bucketsOf('jobProcessingDurationSeconds');
  const waiting = bucketsOf('jobQueueTimeSeconds');
  const transcode = { queue: 'transcode', job_type: 'video' };
  const thumbnails = { queue: 'thumbnails', job_type: 'image' };
  const jobSeries = [
    c.counter(c.metric('jobs_created_total'), c.labels('service', transcode), 1),
    c.counter(c.metric('jobs_completed_total'), c.labels('service', transcode), 0.75),
    c.counter(c.metric('jobs_failed_total'), c.labels('service', { ...transcode, reason: 'FfmpegError' }), 0.25),
    c.counter(c.metric('jobs_failed_total'), c.labels('service', { ...thumbnails, reason: 'Timeout' }), 0.5),
    ...c.histogram(
      c.metric('job_processing_duration_seconds'),
      c.labels('service', { ...transcode, status: 'completed' }),
      processing,
      6,
      1,
    ),
    ...c.histogram(c.metric('job_queue_time_seconds'), c.labels('service', transcode), waiting, 4, 1),
  ];
  const queue = (name: string) => ({ ...job, queue: name });
  const jobs: Expectation[] = [
    { expr: recorded('job_queue:jobs_created:rate5m'), samples: [[queue('transcode'), 1]] },
    { expr: recorded('job_queue:jobs_completed:rate5m'), samples: [[queue('transcode'), 0.75]] },
    {
      expr: recorded('job_queue:jobs_failed:rate5m'),
      samples: [
        [queue('thumbnails'), 0.5],
        [queue('transcode'), 0.25],
      ],
    },
    {
      expr: recorded('job_queue:jobs_failure:ratio_rate5m'),
      samples: [
        [queue('thumbnails'), 1],
        [queue('transcode'), 0.25],
      ],
    },
    {
      expr: recorded('job_queue:job_processing_duration_seconds:histogram_quantile'),
      samples: QUANTILES.map(
        (q) => [{ ...queue('transcode'), quantile: String(q) }, quantileInBucket(processing, 6, q)] as const,
      ),
    },
    {
      expr: recorded('job_queue:job_queue_time_seconds:histogram_quantile'),
      samples: QUANTILES.map(
        (q) => [{ ...queue('transcode'), quantile: String(q) }, quantileInBucket(waiting, 4, q)] as const,
      ),
    },
  ];

  // SLO latency: 3/4 of the requests within the bound, 1/4 in the bucket above it.
  const bound = config.slo.latencyThresholdSeconds;
  const boundIndex = latency.indexOf(bound as never);
  const duration = c.metric('api_request_duration_seconds');
  const sloSeries = [
    ...[...latency.map(String), '+Inf'].map((le, i) =>
      c.counter(
        `${duration}_bucket`,
        { ...request('200'), le },
        (i >= boundIndex ? 0.75 : 0) + (i > boundIndex ? 0.25 : 0),
      ),
    ),
    c.counter(`${duration}_count`, request('200'), 1),
  ];
  const slo: Expectation[] = ['5m', '30m', '1h', '6h'].map((window) => ({
    expr: recorded(`job:api_request_slow:ratio_rate${window}`),
    samples: [[job, 0.25]],
  }));

  // Queue state as three replicas export it (each reads the same figures from Redis), next to
  // the rates they split between them: the recorded depth and worker count are Redis's, once.
  const shared = { queue: 'transcode' };
  const queueSeries = onThreeInstances(config, [
    c.gauge(c.metric('queue_length'), c.labels('service', { ...shared, state: 'waiting' }), 7),
    c.gauge(c.metric('queue_length'), c.labels('service', { ...shared, state: 'active' }), 2),
    c.gauge(c.metric('queue_workers_active'), c.labels('service', shared), 3),
    c.counter(c.metric('jobs_completed_total'), c.labels('service', transcode), 1),
  ]);
  const queueState: Expectation[] = [
    {
      expr: recorded(`job_queue_state:queue_length:${acrossInstances('queue_length')}`),
      samples: [
        [{ ...queue('transcode'), state: 'active' }, 2],
        [{ ...queue('transcode'), state: 'waiting' }, 7],
      ],
    },
    {
      expr: recorded(`job_queue:queue_workers_active:${acrossInstances('queue_workers_active')}`),
      samples: [[queue('transcode'), 3]],
    },
    { expr: recorded('job_queue:jobs_completed:rate5m'), samples: [[queue('transcode'), 1]] },
  ];

  // Only the rules rendered for the config's groups are tested.
  const rendered = new Set(recordingGroups(ruleContext(config)).flatMap((g) => g.rules.map((rule) => rule.record)));
  const group = (name: string, series: readonly InputSeries[], list: readonly Expectation[]) => ({
    name,
    interval: '1m',
    input_series: inputs(series),
    promql_expr_test: expectations(list.filter((item) => rendered.has(item.expr))),
  });
  return toYaml(
    {
      rule_files: testRuleFiles(),
      // Recording rules are checked at one instant only, so evaluating them every 5 minutes suffices.
      evaluation_interval: '5m',
      tests: [
        group('API recording rules', apiSeries, api),
        group('Job recording rules', jobSeries, jobs),
        group('SLO latency ratios', sloSeries, slo),
        group('Queue state from 3 instances', queueSeries, queueState),
      ].filter((test) => test.promql_expr_test.length > 0),
    },
    generatedHeader(),
  );
}
