import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PresetConfig, writePresets } from '../../src/presets/index.js';

/** A config far from the defaults: another prefix, selectors, labels, thresholds and objectives. */
export const CUSTOM_CONFIG: PresetConfig = {
  prefix: 'media_',
  jobs: { service: 'media-api', node: 'hosts' },
  selector: { namespace: 'media' },
  alertLabels: { team: 'media' },
  slo: { availability: 0.999, latency: 0.95, latencyThresholdSeconds: 1 },
  alerts: {
    JobFailureRateHigh: { threshold: 0.03, for: '10m' },
    JobQueueBacklog: { threshold: 7 },
    LowQueueWorkerCount: { threshold: 3 },
    HighCPUUsage: { threshold: 0.7 },
    DiskSpaceCritical: { threshold: 0.02 },
    HighAPILatencyP95: { threshold: 0.25 },
    HighApplicationRestartRate: { threshold: 10 },
    APIEndpointDown: { threshold: 0.9 },
    HighRequestRateSpike: { threshold: 5.5, for: '20m' },
    QueueLengthGrowing: { threshold: 45 },
    VideoTranscodeFailuresHigh: { threshold: 1 },
    WebhookRetryStorm: { threshold: 0.3 },
    HighEventLoopLag: { threshold: 0.1 },
    JobStuckInProcessing: { threshold: 600 },
    TooManyInProgressRequests: { threshold: 1, severity: 'critical' },
    RedisDown: { enabled: false },
  },
};

/** Renders the presets into a new temporary directory; `cleanup` removes it. */
export function renderToTemp(config: PresetConfig): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tfo-presets-'));
  writePresets(dir, config);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs a tool; returns its exit status and combined output instead of throwing. */
export function run(tool: string, args: string[], cwd?: string): { status: number; output: string } {
  try {
    const output = execFileSync(tool, args, { cwd, stdio: 'pipe', encoding: 'utf8' });
    return { status: 0, output };
  } catch (error) {
    const failure = error as { status?: number; stdout?: string; stderr?: string };
    return { status: failure.status ?? 1, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
  }
}

/**
 * Scrape targets for a test Prometheus: the service's instances, and an address nothing listens
 * on for every exporter and Alertmanager (those targets are down, which the presets expect).
 */
export function serviceOnlyTargets(service: readonly string[]): Pick<PresetConfig, 'targets' | 'alertmanager'> {
  const nowhere = ['127.0.0.1:1'];
  return {
    targets: {
      service: [...service],
      node: nowhere,
      cadvisor: nowhere,
      postgres: nowhere,
      redis: nowhere,
      minio: nowhere,
      scheduler: nowhere,
    },
    alertmanager: { targets: nowhere },
  };
}
