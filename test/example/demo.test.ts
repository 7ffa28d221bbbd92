import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyPrefix } from '../../src/entries/integrations.js';
import { findSamples, type Sample, sampleValue } from '../helpers/exposition.js';
import { requireTool } from '../helpers/tools.js';
import { type ServiceProcess, startServiceProcess, waitForJob } from './service-process.js';

const sum = (samples: Sample[], name: string, labels: Record<string, string> = {}): number =>
  findSamples(samples, name, labels).reduce((total, sample) => total + sample.value, 0);

/** How long the demo may take to finish its jobs. */
const DEMO_BUDGET_MS = 420_000;

describe('npm run demo', () => {
  let service: ServiceProcess;
  let samples: Sample[];
  let demoJobs: Record<string, string>;

  beforeAll(async () => {
    requireTool('ffmpeg', ['-version']);
    service = await startServiceProcess('demo');
    // The demo runs four real transcodes: on a loaded machine that takes minutes, so the wait is generous.
    const finished = await service.waitForLog('demo finished', () => true, DEMO_BUDGET_MS);
    demoJobs = finished.jobs as Record<string, string>;
    samples = await service.scrape();
  }, DEMO_BUDGET_MS + 30_000);

  afterAll(async () => {
    await service?.cleanup();
  });

  it('prints the URLs, the generated API key and the key figures to stderr', async () => {
    const stderr = service.stderr();
    expect(stderr).toContain(`${service.url}/metrics`);
    expect(stderr).toContain(`${service.url}/health/detailed`);
    expect(stderr).toMatch(/API key \(generated[^:]*\): tfo_\S{20,}/);
    expect(stderr).toMatch(/jobs_completed_total\s+3/);
    expect(stderr).toContain('The service keeps running');
  });

  it('finishes its jobs: three complete, the corrupt one fails, the webhook is delivered', async () => {
    expect(Object.keys(demoJobs).sort()).toEqual(['corrupt', 'plain', 'upload', 'webhook']);
    const completed = await waitForJob(service, demoJobs.webhook!);
    expect(completed.status).toBe('completed');
    expect(completed.webhook).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(Object.keys(completed.downloads as object).sort()).toEqual(['360p', '720p']);
    const failed = await waitForJob(service, demoJobs.corrupt!);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'ffmpeg_invalid_input' } });
  });

  it('records the job metrics', () => {
    const queue = { queue: 'transcode', job_type: 'transcode' };
    expect(sampleValue(samples, 'jobs_created_total', queue)).toBe(4);
    expect(sampleValue(samples, 'jobs_completed_total', queue)).toBe(3);
    expect(sum(samples, 'jobs_failed_total', queue)).toBe(1);
    expect(sampleValue(samples, 'job_processing_duration_seconds_count', { ...queue, status: 'completed' })).toBe(3);
    expect(sampleValue(samples, 'job_queue_time_seconds_count', queue)).toBe(4);
    expect(sampleValue(samples, 'jobs_queued', queue)).toBe(0);
    expect(sampleValue(samples, 'jobs_processing', queue)).toBe(0);
  });

  it('records the ffmpeg metrics: renditions, thumbnails, audio and the failure', () => {
    for (const resolution of ['360p', '720p']) {
      expect(sum(samples, 'video_transcode_duration_seconds_count', { resolution })).toBe(3);
    }
    expect(sum(samples, 'video_transcoded_bytes_count')).toBe(6);
    expect(sum(samples, 'video_compression_ratio_count')).toBe(6);
    expect(sampleValue(samples, 'thumbnail_generation_duration_seconds_count')).toBe(3);
    expect(sampleValue(samples, 'audio_extraction_duration_seconds_count', { codec: 'aac' })).toBe(3);
    expect(sampleValue(samples, 'video_transcode_failures_total', { reason: 'invalid_input' })).toBe(1);
    expect(sum(samples, 'video_transcodes_in_progress')).toBe(0);
  });

  it('records the storage metrics', () => {
    const local = { backend: 'local' };
    // 3 jobs x (2 renditions + thumbnail + audio) + 1 upload.
    expect(sampleValue(samples, 'storage_operations_total', { ...local, operation: 'write', outcome: 'success' })).toBe(
      13,
    );
    expect(sampleValue(samples, 'storage_operations_total', { ...local, operation: 'read', outcome: 'success' })).toBe(
      1,
    );
    expect(sampleValue(samples, 'storage_transferred_bytes_total', { ...local, operation: 'write' })).toBeGreaterThan(
      1e6,
    );
    expect(sampleValue(samples, 'storage_used_bytes', local)).toBeGreaterThan(1e6);
    expect(sampleValue(samples, 'storage_quota_bytes', local)).toBeGreaterThan(
      sampleValue(samples, 'storage_used_bytes', local)!,
    );
  });

  it('records the webhook metrics, with the retry the demo receiver asks for', () => {
    expect(sampleValue(samples, 'webhook_sent_total', { event: 'job.completed', outcome: 'success' })).toBe(1);
    expect(sampleValue(samples, 'webhook_retries_total', { event: 'job.completed' })).toBe(1);
    expect(sampleValue(samples, 'webhook_duration_seconds_count', { event: 'job.completed', outcome: 'failure' })).toBe(
      1,
    );
  });

  it('records the HTTP metrics by route template and the API-key usage by prefix', async () => {
    const post = { method: 'POST', route: '/jobs', status_code: '202' };
    expect(sampleValue(samples, 'api_requests_total', post)).toBe(4);
    expect(
      sampleValue(samples, 'api_requests_total', { method: 'GET', route: '/jobs/:jobId', status_code: '200' }),
    ).toBeGreaterThan(0);
    const download = { method: 'GET', route: '/downloads/job/:jobId/video/:format', status_code: '200' };
    expect(sampleValue(samples, 'api_requests_total', download)).toBe(1);
    expect(sampleValue(samples, 'api_request_duration_seconds_count', post)).toBe(4);
    const prefix = apiKeyPrefix(await service.apiKey());
    expect(sampleValue(samples, 'api_key_requests_total', { key_prefix: prefix })).toBeGreaterThan(4);
    expect(findSamples(samples, 'api_requests_total').every((s) => !s.labels.route!.includes(demoJobs.plain!))).toBe(
      true,
    );
  });

  it('answers /health/detailed with the disk, disk space, ffmpeg and ffprobe checks', async () => {
    const response = await fetch(`${service.url}/health/detailed`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; checks: Record<string, { status: string }> };
    expect(body.status).toBe('ok');
    expect(Object.keys(body.checks).sort()).toEqual(['disk', 'disk_space', 'ffmpeg', 'ffprobe']);
  });

  it('writes only JSON log lines with the report fields to stdout, jobs logged with their job_id', () => {
    const lines = service.logLines();
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines)
      expect(Object.keys(line)).toEqual(expect.arrayContaining(['timestamp', 'level', 'logger', 'message', 'pid']));
    const completed = lines.filter((line) => line.message === 'job completed');
    expect(completed.map((line) => line.job_id).sort()).toEqual(
      [demoJobs.plain, demoJobs.upload, demoJobs.webhook].sort(),
    );
    expect(completed.every((line) => line.request_id === undefined)).toBe(true);
    expect(lines.some((line) => line.message === 'job failed' && line.job_id === demoJobs.corrupt)).toBe(true);
    expect(service.stdoutText()).not.toContain(service.stderr().match(/tfo_\S+/)![0]);
  });

  it('on SIGTERM, finishes the running job and exits with code 0', async () => {
    const response = await service.fetch('/jobs', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ source: `${service.dataDir}/demo/sample-720p.mp4` }),
    });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    await service.waitForLog('job started', (line) => line.job_id === id);
    await service.signal('SIGTERM');
    expect(await service.exited).toBe(0);
    const lines = service.logLines();
    const completedAt = lines.findIndex((line) => line.message === 'job completed' && line.job_id === id);
    const shutdownAt = lines.findIndex((line) => line.message === 'shutdown complete');
    expect(completedAt).toBeGreaterThan(-1);
    expect(shutdownAt).toBeGreaterThan(completedAt);
    expect(service.stderr()).toContain('SIGTERM received');
  }, 120_000);
});
