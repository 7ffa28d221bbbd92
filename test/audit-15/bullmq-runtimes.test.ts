import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExposition, sampleValue } from '../helpers/exposition.js';
import { parseLogLines } from '../helpers/log-lines.js';
import { useRedis } from '../helpers/redis-suite.js';
import { requireTool } from '../helpers/tools.js';
import { BUNDLE_FORMATS, bundleApp } from '../package/esbuild-bundle.js';
import { ROOT, userProject } from '../runtimes/user-project.js';

/**
 * The BullMQ column of the README's runtime matrix, for the runtimes where it read "not tested":
 * one worker service (fixtures/bullmq-app.mjs) on a real redis-server, run as an esbuild bundle
 * (ESM and CommonJS, everything bundled) on Node, and from source on Bun and on Deno. Each run
 * processes three jobs (two complete, one throws) and scrapes itself.
 */
const redis = useRedis();
let project: ReturnType<typeof userProject>;

beforeAll(() => {
  project = userProject('bullmq-runtimes', join(import.meta.dirname, 'fixtures'));
});
afterAll(() => project?.remove());

/** Runs the app to its end and checks its scrape and its job log lines. */
function runAndCheck(command: string, args: string[], queue: string): void {
  const run = spawnSync(command, args, {
    cwd: project.dir,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, REDIS_PORT: String(redis.redis.port), QUEUE: queue },
  });
  expect(run.status, `${run.stderr}\n${run.stdout}`).toBe(0);
  const lines = run.stdout.trim().split('\n');
  const { result } = JSON.parse(lines.pop()!) as { result: { metrics: string } };
  const samples = parseExposition(result.metrics);
  const q = { queue };
  expect(sampleValue(samples, 'queue_tasks_total', { ...q, outcome: 'completed' })).toBe(2);
  expect(sampleValue(samples, 'queue_tasks_total', { ...q, outcome: 'failed' })).toBe(1);
  expect(sampleValue(samples, 'queue_task_duration_seconds_count', { ...q, outcome: 'completed' })).toBe(2);
  expect(sampleValue(samples, 'queue_workers_active', q)).toBe(1);
  const video = { queue, job_type: 'video' };
  expect(sampleValue(samples, 'jobs_completed_total', video)).toBe(2);
  expect(sampleValue(samples, 'jobs_failed_total', { ...video, reason: 'TypeError' })).toBe(1);
  // Each job's line carries its job id from the job's logging context.
  const ran = parseLogLines(lines.join('\n')).filter((line) => line.message === 'job ran');
  expect(ran).toHaveLength(3);
  for (const line of ran) expect(line.job_id).toEqual(expect.any(String));
}

describe.each(BUNDLE_FORMATS)('a BullMQ worker bundled with esbuild (%s), on a real Redis', (format) => {
  it('counts completed and failed jobs, durations and workers, and logs in the job context', async () => {
    const outfile = await bundleApp(project.dir, join(project.dir, 'bullmq-app.mjs'), `bullmq-${format}`, format);
    runAndCheck(process.execPath, [outfile], `bundled-${format}`);
  });
});

describe('a BullMQ worker on Bun, on a real Redis', () => {
  it('counts completed and failed jobs, durations and workers, and logs in the job context', () => {
    const bun = join(ROOT, 'node_modules/.bin/bun');
    requireTool(bun);
    runAndCheck(bun, ['bullmq-app.mjs'], 'bun');
  });
});

describe('a BullMQ worker on Deno, on a real Redis', () => {
  it('counts completed and failed jobs, durations and workers, and logs in the job context', () => {
    const deno = join(ROOT, 'node_modules/.bin/deno');
    requireTool(deno);
    runAndCheck(deno, ['run', '-A', '--no-lock', 'bullmq-app.mjs'], 'deno');
  });
});
