import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createObservability } from '../../src/index.js';
import { ADAPTERS, type RunningApp, startApp } from '../helpers/http-apps.js';
import { flood } from './health-flood-client.js';

const REQUESTS = 500;

/** Checks that count their calls: one starts a real process, one never settles and ignores its signal. */
function countingChecks() {
  const counts = { process: 0, stuck: 0, liveProcesses: 0, mostLiveProcesses: 0 };
  const checks = {
    // A real child process per call, as an ffmpeg or pg_isready check would start. Its timeout
    // is long: this test counts calls, and a loaded machine may take seconds to start node.
    process: {
      timeoutMs: 60_000,
      check: () =>
        new Promise<void>((resolve, reject) => {
          counts.process++;
          counts.mostLiveProcesses = Math.max(counts.mostLiveProcesses, ++counts.liveProcesses);
          const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 200)'], { stdio: 'ignore' });
          child.once('error', reject);
          child.once('exit', (code) => {
            counts.liveProcesses--;
            if (code === 0) resolve();
            else reject(new Error(`exit ${code}`));
          });
        }),
    },
    stuck: {
      check: () => {
        counts.stuck++;
        return new Promise(() => undefined);
      },
      timeoutMs: 100,
      required: false,
    },
  };
  return { counts, checks };
}

describe.each(ADAPTERS)('%s adapter: a flood of /health/detailed', (adapter) => {
  let app: RunningApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  const start = (options: Record<string, unknown>) =>
    startApp(
      adapter,
      options,
      createObservability({ defaultMetrics: false, accessLog: false, logger: { level: 'error' } }),
    );

  it(`shares one run of each check among ${REQUESTS} requests in flight and keeps its answer`, async () => {
    const { counts, checks } = countingChecks();
    app = await start({ healthCacheMs: 60_000, healthChecks: checks });
    const answers = await flood(app.url, '/health/detailed', REQUESTS);
    expect(answers.map((answer) => answer.status)).toEqual(Array(REQUESTS).fill(200));
    for (const answer of answers) expect(JSON.parse(answer.body)).toMatchObject({ status: 'degraded' });
    expect(counts).toMatchObject({ process: 1, stuck: 1, mostLiveProcesses: 1 });
  });

  it('with healthCacheMs 0, never has two calls of a check in flight, nor calls a stuck one again', async () => {
    const { counts, checks } = countingChecks();
    app = await start({ healthCacheMs: 0, healthChecks: checks });
    for (let round = 0; round < 2; round++) {
      const answers = await flood(app.url, '/health/detailed', REQUESTS);
      expect(answers.map((answer) => answer.status)).toEqual(Array(REQUESTS).fill(200));
    }
    expect(counts.mostLiveProcesses).toBe(1);
    expect(counts.process).toBeLessThan(REQUESTS / 10);
    // The stuck check was called once; every later run waited on that same call.
    expect(counts.stuck).toBe(1);
  });
});
