import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExposition, type Sample } from '../helpers/exposition.js';
import { freePort } from '../helpers/redis.js';
import { extractSnippets, runSnippets } from '../helpers/snippets.js';
import { requireTool } from '../helpers/tools.js';

/** A real Pushgateway (Debian's prometheus-pushgateway) on a loopback port, stopped by its pid. */
async function startPushgateway(): Promise<{ url: string; stop(): Promise<void> }> {
  const binary = requireTool('prometheus-pushgateway');
  const port = await freePort();
  const child: ChildProcess = spawn(binary, [`--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const exited = once(child, 'exit');
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid!, 'SIGTERM');
      await exited;
    }
  };
  // Ready when /-/ready answers 200; a gateway that exits before that fails the test at once.
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus-pushgateway exited with ${child.exitCode}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return { url, stop };
    await delay(50);
  }
}

function value(samples: readonly Sample[], name: string, labels: Record<string, string>): number | undefined {
  return samples.find(
    (sample) => sample.name === name && Object.entries(labels).every(([key, v]) => sample.labels[key] === v),
  )?.value;
}

describe('docs/batch-jobs.md: pushing a batch job to a real Pushgateway', () => {
  let gateway: Awaited<ReturnType<typeof startPushgateway>>;
  const snippets = extractSnippets('docs/batch-jobs.md');
  beforeAll(async () => {
    gateway = await startPushgateway();
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it('has the recipe and the failure snippet', () => {
    expect(snippets).toHaveLength(2);
  });

  it('pushes the job metrics under its job and instance; a second run replaces the first', async () => {
    for (let run = 0; run < 2; run++) {
      const [result] = runSnippets([snippets[0]!], 'batch-jobs', 60_000, undefined, { PUSHGATEWAY_URL: gateway.url });
      expect(result!.status, result!.output).toBe(0);
    }
    const samples = parseExposition(await (await fetch(`${gateway.url}/metrics`)).text());
    const group = { job: 'nightly-reencode', instance: hostname() };
    const job = { ...group, queue: 'nightly', job_type: 'reencode' };
    // Three jobs per run: the gateway holds the last push, it never adds runs up (3, not 6).
    expect(value(samples, 'jobs_completed_total', job)).toBe(3);
    expect(value(samples, 'job_processing_duration_seconds_count', { ...job, status: 'completed' })).toBe(3);
    expect(value(samples, 'app_info', { ...group, service: 'nightly-reencode' })).toBe(1);
    expect(value(samples, 'push_time_seconds', group)).toBeGreaterThan(0);
    expect(value(samples, 'push_failure_time_seconds', group)).toBe(0);
    // defaultMetrics: false: no runtime metrics of the exited process were pushed.
    expect(
      samples.filter((sample) => sample.labels.job === 'nightly-reencode' && sample.name.startsWith('nodejs_')),
    ).toEqual([]);
  });

  it('a push that fails is logged and ends the job with exit code 1', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const [result] = runSnippets([snippets[1]!], 'batch-jobs-failure', 60_000, undefined, { PUSHGATEWAY_URL: closed });
    expect(result!.status, result!.output).toBe(1);
    const line = result!.output
      .split('\n')
      .filter((text) => text.startsWith('{'))
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .find((entry) => entry.message === 'metrics push failed');
    expect(line?.level).toBe('error');
  });
});
