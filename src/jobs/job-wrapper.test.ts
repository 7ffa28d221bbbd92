import { describe, expect, it } from 'vitest';
import { parseExposition, sampleValue } from '../../test/helpers/exposition.js';
import { createObservability, type Observability } from '../create-observability.js';
import { ObservabilityError } from '../core/errors.js';
import { getContext } from '../logging/context.js';
import { getLogger } from '../logging/default-logger.js';
import { logCapture } from '../../test/helpers/log-lines.js';
import { instrumentJobs } from './job-wrapper.js';

const job = { id: 'abc123', queue: 'transcode', type: 'video' };
const labels = { queue: 'transcode', job_type: 'video' };

async function samples(observability: Observability) {
  return parseExposition((await observability.scrape()).body);
}

/** The gauges a test checks return to, after every path. */
function gauges(observability: Observability) {
  return {
    queued: observability.metrics.jobsQueued.value(labels),
    processing: observability.metrics.jobsProcessing.value(labels),
  };
}

function setup() {
  const observability = createObservability({ groups: 'all', defaultMetrics: false });
  // Another job already queued and another processing: the gauges must come back to these.
  observability.metrics.jobsQueued.set(labels, 2);
  observability.metrics.jobsProcessing.set(labels, 1);
  return { observability, jobs: instrumentJobs(observability), before: { queued: 2, processing: 1 } };
}

describe('instrumentJobs', () => {
  it('records a completed job: lifecycle counters, queue wait, processing time, log context', async () => {
    const { observability, jobs, before } = setup();
    const queued = jobs.enqueue(job);
    expect(gauges(observability)).toEqual({ queued: 3, processing: 1 });
    let seen: unknown;
    let during: unknown;
    const result = await queued.run(async () => {
      seen = getContext();
      during = gauges(observability);
      return 'done';
    });
    expect(result).toBe('done');
    expect(seen).toEqual({ job_id: 'abc123', queue: 'transcode', job_type: 'video', attempt: 1 });
    expect(during).toEqual({ queued: 2, processing: 2 });
    expect(gauges(observability)).toEqual(before);
    expect(queued.state).toBe('completed');
    const s = await samples(observability);
    for (const status of ['created', 'queued', 'processing', 'completed']) {
      expect(sampleValue(s, 'job_status_transitions_total', { ...labels, status }), status).toBe(1);
    }
    expect(sampleValue(s, 'jobs_created_total', labels)).toBe(1);
    expect(sampleValue(s, 'jobs_completed_total', labels)).toBe(1);
    expect(sampleValue(s, 'job_queue_time_seconds_count', labels)).toBe(1);
    expect(sampleValue(s, 'job_processing_duration_seconds_count', { ...labels, status: 'completed' })).toBe(1);
  });

  it('records a job that throws as failed, with a bounded reason, and rethrows', async () => {
    const { observability, jobs, before } = setup();
    const error = Object.assign(new Error('disk full at /var/data/abc123'), { code: 'ENOSPC' });
    await expect(
      jobs.run(job, () => {
        throw error;
      }),
    ).rejects.toBe(error);
    expect(gauges(observability)).toEqual(before);
    const s = await samples(observability);
    expect(sampleValue(s, 'jobs_failed_total', { ...labels, reason: 'ENOSPC' })).toBe(1);
    expect(sampleValue(s, 'job_status_transitions_total', { ...labels, status: 'failed' })).toBe(1);
    expect(sampleValue(s, 'job_processing_duration_seconds_count', { ...labels, status: 'failed' })).toBe(1);
  });

  it('runs sync job functions too', async () => {
    const { observability, jobs, before } = setup();
    await expect(jobs.run(job, ({ attempt }) => attempt * 2)).resolves.toBe(2);
    expect(gauges(observability)).toEqual(before);
  });

  it('cancels on the AbortSignal at once, without waiting for the job, and counts it cancelled', async () => {
    const { observability, jobs, before } = setup();
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    let jobSignal: AbortSignal | undefined;
    const running = jobs.run(
      job,
      ({ signal }) => {
        jobSignal = signal;
        return new Promise(() => {});
      },
      { signal: controller.signal },
    );
    controller.abort(reason);
    await expect(running).rejects.toBe(reason);
    expect(jobSignal?.aborted).toBe(true);
    expect(gauges(observability)).toEqual(before);
    const s = await samples(observability);
    expect(sampleValue(s, 'jobs_cancelled_total', labels)).toBe(1);
    expect(sampleValue(s, 'job_status_transitions_total', { ...labels, status: 'cancelled' })).toBe(1);
    expect(sampleValue(s, 'jobs_failed_total', { ...labels, reason: 'Error' })).toBeUndefined();
  });

  it('does not start a job whose signal is already aborted', async () => {
    const { observability, jobs, before } = setup();
    let started = false;
    await expect(jobs.run(job, () => (started = true), { signal: AbortSignal.abort() })).rejects.toThrow();
    expect(started).toBe(false);
    expect(gauges(observability)).toEqual(before);
    expect(observability.metrics.jobsCancelledTotal.value(labels)).toBe(1);
  });

  it('times out with TFO_ERR_JOB_TIMEOUT, aborts the job signal and fails with reason timeout', async () => {
    const { observability, jobs, before } = setup();
    let jobSignal: AbortSignal | undefined;
    const error = await jobs
      .run(
        job,
        ({ signal }) => {
          jobSignal = signal;
          return new Promise(() => {});
        },
        { timeoutMs: 50 },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObservabilityError);
    expect((error as ObservabilityError).code).toBe('TFO_ERR_JOB_TIMEOUT');
    expect((error as Error).message).toMatchInlineSnapshot(
      `"TFO_ERR_JOB_TIMEOUT: job abc123 (video) of queue transcode did not finish within timeoutMs (50 ms); expected it to settle in time. Its signal was aborted so it can stop; raise timeoutMs if the job needs longer."`,
    );
    expect(jobSignal?.aborted).toBe(true);
    expect(gauges(observability)).toEqual(before);
    expect(observability.metrics.jobsFailedTotal.value({ ...labels, reason: 'timeout' })).toBe(1);
  });

  it('counts a failed attempt with attempts left as retrying, re-queues the handle, then a retry', async () => {
    const { observability, jobs, before } = setup();
    const queued = jobs.enqueue(job, { maxAttempts: 2 });
    await expect(
      queued.run(() => {
        throw new Error('transient');
      }),
    ).rejects.toThrow('transient');
    expect(queued.state).toBe('queued');
    expect(queued.attempt).toBe(2);
    expect(gauges(observability)).toEqual({ queued: before.queued + 1, processing: before.processing });
    await expect(queued.run(({ attempt }) => attempt)).resolves.toBe(2);
    expect(gauges(observability)).toEqual(before);
    const s = await samples(observability);
    expect(sampleValue(s, 'job_retries_total', labels)).toBe(1);
    expect(sampleValue(s, 'jobs_failed_total', { ...labels, reason: 'Error' })).toBeUndefined();
    expect(sampleValue(s, 'job_status_transitions_total', { ...labels, status: 'queued' })).toBe(2);
    expect(sampleValue(s, 'job_processing_duration_seconds_count', { ...labels, status: 'retrying' })).toBe(1);
    expect(sampleValue(s, 'jobs_completed_total', labels)).toBe(1);
  });

  it('cancels a queued job and a running one through its handle', async () => {
    const { observability, jobs, before } = setup();
    const waiting = jobs.enqueue(job);
    waiting.cancel();
    expect(waiting.state).toBe('cancelled');
    expect(gauges(observability)).toEqual(before);

    const running = jobs.enqueue(job);
    const result = running.run(() => new Promise(() => {}));
    running.cancel(new Error('stop'));
    await expect(result).rejects.toThrow('stop');
    expect(running.state).toBe('cancelled');
    expect(gauges(observability)).toEqual(before);
    expect(observability.metrics.jobsCancelledTotal.value(labels)).toBe(2);
  });

  it('refuses to run a handle that is not queued, with TFO_ERR_JOB_STATE', async () => {
    const { jobs } = setup();
    const queued = jobs.enqueue(job);
    await queued.run(() => 1);
    await expect(queued.run(() => 2)).rejects.toMatchObject({ code: 'TFO_ERR_JOB_STATE' });
  });

  it('submit counts jobs handed to another process without holding jobs_queued', async () => {
    const { observability, jobs, before } = setup();
    jobs.submit(job);
    expect(gauges(observability)).toEqual(before);
    expect(observability.metrics.jobsCreatedTotal.value(labels)).toBe(1);
    expect(observability.metrics.jobStatusTransitionsTotal.value({ ...labels, status: 'queued' })).toBe(1);
  });

  it('observes the queue wait from the given enqueue time', async () => {
    const { observability, jobs } = setup();
    await jobs.run(job, () => 1, { enqueuedAt: new Date(Date.now() - 5000) });
    const { sum } = observability.metrics.jobQueueTimeSeconds.value(labels);
    expect(sum).toBeGreaterThanOrEqual(5);
    expect(sum).toBeLessThan(6);
  });

  it('keeps working when a failureReason callback throws', async () => {
    const observability = createObservability({ groups: 'all', defaultMetrics: false });
    const jobs = instrumentJobs(observability, {
      failureReason: () => {
        throw new Error('bug');
      },
    });
    await expect(jobs.run(job, () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(observability.metrics.jobsFailedTotal.value({ ...labels, reason: 'error' })).toBe(1);
  });
});

describe('instrumentJobs with several observability objects in one process', () => {
  it("logs each job's lines as the object that runs it, whichever was created last", async () => {
    const captures = [logCapture(), logCapture()];
    const [first, second] = ['svc-a', 'svc-b'].map((serviceName, i) =>
      createObservability({
        groups: ['jobs'],
        defaultMetrics: false,
        serviceName,
        logger: { destination: captures[i]!.destination },
      }),
    );
    // svc-b was created last; a job of svc-a still logs as svc-a, and the other way round.
    await instrumentJobs(first!).run(job, async () => getLogger().info('from a'));
    await instrumentJobs(second!).run(job, async () => getLogger().info('from b'));
    const fromJob = (line: { message?: unknown }) => String(line.message).startsWith('from ');
    const [linesA, linesB] = await Promise.all(captures.map((capture) => capture.waitFor(1, fromJob)));
    expect(linesA!.map((line) => [line.logger, line.message, line.job_id])).toEqual([['svc-a', 'from a', 'abc123']]);
    expect(linesB!.map((line) => [line.logger, line.message, line.job_id])).toEqual([['svc-b', 'from b', 'abc123']]);
  });
});
