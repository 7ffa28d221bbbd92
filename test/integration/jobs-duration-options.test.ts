import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createObservability } from '../../src/create-observability.js';
import { ObservabilityError } from '../../src/core/errors.js';
import { instrumentFfmpeg } from '../../src/ffmpeg/instrument-ffmpeg.js';
import { runFfmpeg } from '../../src/ffmpeg/run-ffmpeg.js';
import { instrumentProcessor } from '../../src/jobs/bullmq/processor.js';
import { instrumentJobs } from '../../src/jobs/job-wrapper.js';
import { parseExposition, sampleValue } from '../helpers/exposition.js';
import { mediaDir } from '../helpers/media.js';
import { requireTool } from '../helpers/tools.js';
import { DAY_MS, REFUSED_DURATIONS } from '../helpers/durations.js';

/*
 * Every duration option of the jobs, BullMQ and ffmpeg parts (and the core's collectTimeoutMs)
 * either works at its full range (1 ms to 2^31-1 ms, the longest wait a Node timer keeps) or
 * is refused with TFO_ERR_INVALID_OPTION naming the option. A value a timer cannot wait for
 * used to fire after 1 ms and fail the work at once.
 */

const REFUSED = REFUSED_DURATIONS;
const ACCEPTED: readonly [string, number][] = [
  ['1', 1],
  ['2**31-1', 2 ** 31 - 1],
];

const observability = () => createObservability({ groups: 'all', defaultMetrics: false });
const job = { id: 'j1', queue: 'transcode', type: 'video' };
const fakeBullJob = {
  id: 'b1',
  name: 'video',
  queueName: 'transcode',
  timestamp: Date.now(),
  attemptsMade: 0,
  opts: {},
};

/** Each duration option: how to apply a value, resolving once the option was accepted and the work ran. */
const OPTIONS: Record<string, { option: string; apply: (value: unknown) => Promise<unknown> }> = {
  'instrumentJobs().run timeoutMs': {
    option: 'timeoutMs',
    apply: (value) => instrumentJobs(observability()).run(job, () => 'ok', { timeoutMs: value as number }),
  },
  'QueuedJob.run timeoutMs': {
    option: 'timeoutMs',
    apply: (value) =>
      instrumentJobs(observability())
        .enqueue(job)
        .run(() => 'ok', { timeoutMs: value as number }),
  },
  'instrumentProcessor timeoutMs': {
    option: 'timeoutMs',
    apply: async (value) =>
      instrumentProcessor(observability(), async () => 'ok', { timeoutMs: value as number })(fakeBullJob),
  },
  'createObservability collectTimeoutMs': {
    option: 'collectTimeoutMs',
    apply: async (value) =>
      (
        await createObservability({ groups: 'all', defaultMetrics: false, collectTimeoutMs: value as number }).scrape()
      ).body.includes('app_info'),
  },
};

describe('every duration option refuses what a timer cannot wait for, and works from 1 to 2^31-1 ms', () => {
  for (const [name, { option, apply }] of Object.entries(OPTIONS)) {
    it.each(REFUSED)(`${name} = %s is refused with TFO_ERR_INVALID_OPTION`, async (_label, value) => {
      const error = await Promise.resolve()
        .then(() => apply(value))
        .then(
          () => undefined,
          (caught: unknown) => caught,
        );
      expect(error).toBeInstanceOf(ObservabilityError);
      expect(error).toMatchObject({ code: 'TFO_ERR_INVALID_OPTION', option });
      expect((error as Error).message).toContain(`\`${option}\``);
    });
    it.each(ACCEPTED)(`${name} = %s is accepted and the work completes`, async (_label, value) => {
      expect(await apply(value)).toBeTruthy();
    });
  }

  it('a refused job timeout counts nothing: no processing, no failure with reason="timeout"', async () => {
    const o = observability();
    const jobs = instrumentJobs(o);
    const queued = jobs.enqueue(job);
    await expect(queued.run(() => 'ok', { timeoutMs: 30 * DAY_MS })).rejects.toMatchObject({
      code: 'TFO_ERR_INVALID_OPTION',
    });
    expect(queued.state).toBe('queued');
    await expect(jobs.run(job, () => 'ok', { timeoutMs: Infinity })).rejects.toMatchObject({
      code: 'TFO_ERR_INVALID_OPTION',
    });
    const samples = parseExposition((await o.scrape()).body);
    const labels = { queue: 'transcode', job_type: 'video' };
    expect(sampleValue(samples, 'jobs_failed_total', { ...labels, reason: 'timeout' }) ?? 0).toBe(0);
    expect(sampleValue(samples, 'job_status_transitions_total', { ...labels, status: 'processing' }) ?? 0).toBe(0);
    expect(o.metrics.jobsQueued.value(labels)).toBe(1);
    // The handle is still usable with a good timeout.
    expect(await queued.run(() => 'ok', { timeoutMs: 60_000 })).toBe('ok');
  });
});

describe('ffmpeg timeoutMs (runFfmpeg and instrumentFfmpeg)', () => {
  requireTool('ffmpeg', ['-version']);
  const media = mediaDir('tfo-ffmpeg-durations-');
  afterAll(() => media.remove());
  let n = 0;
  const args = (): string[] => [
    '-y',
    '-f',
    'lavfi',
    '-i',
    'color=c=black:size=64x64:rate=5',
    '-t',
    '0.2',
    join(media.dir, `out-${++n}.mp4`),
  ];

  it.each(REFUSED)('runFfmpeg timeoutMs = %s is refused before ffmpeg starts', async (_label, value) => {
    const o = observability();
    const started: number[] = [];
    await expect(
      runFfmpeg(args(), { observability: o, timeoutMs: value as number, onStart: ({ pid }) => started.push(pid) }),
    ).rejects.toMatchObject({ code: 'TFO_ERR_INVALID_OPTION', option: 'timeoutMs' });
    expect(started).toEqual([]);
  });

  it.each(REFUSED)('instrumentFfmpeg timeoutMs = %s is refused before the command runs', (_label, value) => {
    const command = { on: () => command, run: () => undefined, _getArguments: () => args() };
    expect(() =>
      instrumentFfmpeg(command as never, { observability: observability(), timeoutMs: value as number }),
    ).toThrow(expect.objectContaining({ code: 'TFO_ERR_INVALID_OPTION', option: 'timeoutMs' }));
  });

  it('runFfmpeg timeoutMs = 2**31-1 runs to completion instead of being killed after 1 ms', async () => {
    const result = await runFfmpeg(args(), { observability: observability(), timeoutMs: 2 ** 31 - 1 });
    expect(result.outputs[0]?.bytes).toBeGreaterThan(0);
  });
});
