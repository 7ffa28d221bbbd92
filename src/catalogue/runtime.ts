import type { RuntimeMetricDefinition } from './define-metric.js';

function runtime(
  name: string,
  type: RuntimeMetricDefinition['type'],
  help: string,
  labelNames: readonly string[] = [],
): RuntimeMetricDefinition {
  return { name, type, help, labelNames, group: 'runtime' };
}

/**
 * A gauge of prom-client that counts every active handle, request or resource, which
 * prom-client names `*_total`: a suffix that Prometheus reserves for counters.
 */
function currentCount(what: 'handles' | 'requests' | 'resources', help: string): RuntimeMetricDefinition {
  return {
    ...runtime(`nodejs_active_${what}_current`, 'gauge', help),
    promClientName: `nodejs_active_${what}_total`,
    renameReason: `prom-client's name ends in \`_total\`, which marks a counter, on a gauge (\`promtool check metrics\`: "non-counter metrics should not have _total suffix"). \`_current\` follows client_java's \`jvm_threads_current\`, the unlabelled count next to a breakdown by type; \`sum without (type) (nodejs_active_${what})\` gives the same number.`,
  };
}

/**
 * Node.js runtime metrics, collected by prom-client's default metrics when
 * `defaultMetrics` is on. The SDK's prefix applies to them too. Their names are
 * prom-client's, except the three gauges prom-client names `*_total` (see
 * {@link RuntimeMetricDefinition.promClientName}), which the SDK exposes under a
 * conforming name so that the exposition is clean in `promtool check metrics`.
 */
export const runtimeMetrics: readonly RuntimeMetricDefinition[] = [
  runtime('process_cpu_user_seconds_total', 'counter', 'User CPU time spent, in seconds.'),
  runtime('process_cpu_system_seconds_total', 'counter', 'System CPU time spent, in seconds.'),
  runtime('process_cpu_seconds_total', 'counter', 'User and system CPU time spent, in seconds.'),
  runtime('process_start_time_seconds', 'gauge', 'Start time of the process since the Unix epoch, in seconds.'),
  runtime('process_resident_memory_bytes', 'gauge', 'Resident memory size, in bytes.'),
  runtime('process_virtual_memory_bytes', 'gauge', 'Virtual memory size, in bytes.'),
  runtime('process_heap_bytes', 'gauge', 'Process heap size, in bytes.'),
  runtime('process_open_fds', 'gauge', 'Open file descriptors.'),
  runtime('process_max_fds', 'gauge', 'Maximum number of open file descriptors.'),
  runtime('nodejs_eventloop_lag_seconds', 'gauge', 'Event loop lag, in seconds.'),
  runtime('nodejs_eventloop_lag_min_seconds', 'gauge', 'Minimum recorded event loop delay.'),
  runtime('nodejs_eventloop_lag_max_seconds', 'gauge', 'Maximum recorded event loop delay.'),
  runtime('nodejs_eventloop_lag_mean_seconds', 'gauge', 'Mean of the recorded event loop delays.'),
  runtime('nodejs_eventloop_lag_stddev_seconds', 'gauge', 'Standard deviation of the recorded event loop delays.'),
  runtime('nodejs_eventloop_lag_p50_seconds', 'gauge', '50th percentile of the recorded event loop delays.'),
  runtime('nodejs_eventloop_lag_p90_seconds', 'gauge', '90th percentile of the recorded event loop delays.'),
  runtime('nodejs_eventloop_lag_p99_seconds', 'gauge', '99th percentile of the recorded event loop delays.'),
  runtime(
    'nodejs_active_resources',
    'gauge',
    'Active resources keeping the event loop alive, by async resource type.',
    ['type'],
  ),
  currentCount('resources', 'Active resources keeping the event loop alive, all types together.'),
  runtime('nodejs_active_handles', 'gauge', 'Active libuv handles, by handle type.', ['type']),
  currentCount('handles', 'Active libuv handles, all types together.'),
  runtime('nodejs_active_requests', 'gauge', 'Active libuv requests, by request type.', ['type']),
  currentCount('requests', 'Active libuv requests, all types together.'),
  runtime('nodejs_heap_size_total_bytes', 'gauge', 'V8 heap size, in bytes.'),
  runtime('nodejs_heap_size_used_bytes', 'gauge', 'V8 heap used, in bytes.'),
  runtime('nodejs_external_memory_bytes', 'gauge', 'Memory of C++ objects bound to JavaScript objects, in bytes.'),
  runtime('nodejs_heap_space_size_total_bytes', 'gauge', 'V8 heap space size, by space, in bytes.', ['space']),
  runtime('nodejs_heap_space_size_used_bytes', 'gauge', 'V8 heap space used, by space, in bytes.', ['space']),
  runtime('nodejs_heap_space_size_available_bytes', 'gauge', 'V8 heap space available, by space, in bytes.', ['space']),
  runtime('nodejs_version_info', 'gauge', 'Node.js version.', ['version', 'major', 'minor', 'patch']),
  runtime(
    'nodejs_gc_duration_seconds',
    'histogram',
    'Garbage collection duration, by kind (major, minor, incremental, weakcb).',
    ['kind'],
  ),
];
