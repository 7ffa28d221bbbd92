import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleValue } from '../helpers/exposition.js';
import { type RedisServer, startRedis } from '../helpers/redis.js';
import { type ServiceProcess, startServiceProcess } from '../example/service-process.js';
import { renderToTemp, serviceOnlyTargets } from '../presets/helpers.js';
import { type PrometheusProcess, startPrometheus, waitFor } from '../presets/prometheus-process.js';

/** Seconds between scrapes and rule evaluations. */
const INTERVAL = 2;
/** The example's queue-state lease (QUEUE_STATE_LEASE_MS). */
const LEASE_MS = 4000;
/**
 * The stated failover bound: the lease lapses at most LEASE_MS after its last renewal, which
 * was before the kill, and the next scrape of another replica takes it over and reports in
 * that same scrape. One more interval of margin for a scrape delayed on a busy machine.
 */
const FAILOVER_SECONDS = LEASE_MS / 1000 + 2 * INTERVAL;
const JOB = 'transcode-flow';
const KEY = 'scale-out-test-key';
const REQUESTS_PER_SERVICE = [5, 10, 15];

interface Panel {
  title: string;
  targets: { expr: string }[];
}

describe('three example processes, one Redis and one real Prometheus scraping all three', () => {
  let redis: RedisServer;
  let queue: Queue;
  let services: ServiceProcess[] = [];
  let prometheus: PrometheusProcess;
  let rendered: ReturnType<typeof renderToTemp>;
  const instanceOf = (service: ServiceProcess) => service.url.replace('http://', '');
  const panels = (): Panel[] =>
    (
      JSON.parse(readFileSync(join(rendered.dir, 'grafana/dashboards/job-processing.json'), 'utf8')) as {
        panels: Panel[];
      }
    ).panels;
  const panelExpr = (title: string, index = 0) =>
    panels()
      .find((panel) => panel.title === title)!
      .targets[index]!.expr.replaceAll('$job', JOB)
      .replaceAll('$instance', '.*')
      .replaceAll('$__rate_interval', `${4 * INTERVAL}s`);
  const value = (series: { value?: [number, string] }[]) => series.map((s) => Number(s.value![1]));

  beforeAll(async () => {
    redis = await startRedis();
    const env = {
      REDIS_URL: `redis://${redis.host}:${redis.port}`,
      QUEUE_STATE_LEASE_MS: String(LEASE_MS),
      API_KEYS: KEY,
      CONCURRENCY: '1',
    };
    services = await Promise.all([0, 1, 2].map(() => startServiceProcess('example', env)));
    queue = new Queue('transcode', { connection: { host: redis.host, port: redis.port, maxRetriesPerRequest: null } });
    queue.on('error', () => {});
    // Jobs that wait an hour: a known depth that no worker changes during the test.
    for (let i = 0; i < 4; i++) await queue.add('transcode', { i }, { delay: 3_600_000 });
    rendered = renderToTemp({
      scrapeInterval: `${INTERVAL}s`,
      evaluationInterval: `${INTERVAL}s`,
      ...serviceOnlyTargets(services.map(instanceOf)),
    });
    prometheus = await startPrometheus(join(rendered.dir, 'prometheus/prometheus.yml'));
    await waitFor('three service targets up', async () =>
      value(await prometheus.query(`sum(up{job="${JOB}"})`))[0] === 3 ? true : undefined,
    );
  }, 240_000);

  afterAll(async () => {
    await prometheus?.stop();
    await queue?.close().catch(() => {});
    for (const service of services) await service.cleanup();
    rendered?.cleanup();
    await redis?.stop();
  });

  it(
    'shows the queue depth and worker count Redis holds, once, in the recording rules and the job dashboard',
    { timeout: 120_000 },
    async () => {
      const counts = await queue.getJobCounts('waiting', 'delayed');
      const workers = await queue.getWorkersCount();
      expect(counts.delayed).toBe(4);
      expect(workers).toBe(3);
      await waitFor('the recorded queue depth', async () =>
        value(await prometheus.query(`job_queue_state:queue_length:max{queue="transcode",state="delayed"}`))[0] === 4
          ? true
          : undefined,
      );
      expect(value(await prometheus.query(`job_queue:queue_workers_active:max{queue="transcode"}`))).toEqual([workers]);
      // Exactly one replica exports the shared series.
      expect(await prometheus.query(`queue_length{queue="transcode",state="delayed"}`)).toHaveLength(1);
      expect(value(await prometheus.query(panelExpr('Active workers')))).toEqual([workers]);
      const depth = await prometheus.query(panelExpr('Queue depth over time'));
      const byState = Object.fromEntries(depth.map((s) => [s.metric.state, Number(s.value![1])]));
      expect(byState).toMatchObject({ delayed: counts.delayed, waiting: counts.waiting });
    },
  );

  it('adds up the request rates of the three processes, each counted once', { timeout: 120_000 }, async () => {
    const selector = `api_requests_total{job="${JOB}",route="/jobs/:jobId",status_code="404"}`;
    const send = (from: number, to: (i: number) => number) =>
      Promise.all(
        services.map(async (service, i) => {
          for (let n = from; n < to(i); n++) {
            const response = await service.fetch(`/jobs/unknown-${n}`, { headers: { 'x-api-key': KEY } });
            await response.body?.cancel();
          }
        }),
      );
    // One request each, scraped before the rest: a series whose first sample already holds every
    // request has no increase in its window, so its rate would stay 0.
    await send(0, () => 1);
    await waitFor('Prometheus to scrape the first request of each process', async () =>
      value(await prometheus.query(`sum(${selector})`))[0] === services.length ? true : undefined,
    );
    await send(1, (i) => REQUESTS_PER_SERVICE[i]!);
    const direct = await Promise.all(
      services.map(async (service) =>
        sampleValue(await service.scrape(), 'api_requests_total', { route: '/jobs/:jobId', status_code: '404' }),
      ),
    );
    expect(direct).toEqual(REQUESTS_PER_SERVICE);
    const total = REQUESTS_PER_SERVICE.reduce((a, b) => a + b, 0);
    await waitFor('Prometheus to scrape the final counters', async () =>
      value(await prometheus.query(`sum(${selector})`))[0] === total ? true : undefined,
    );
    // The recorded rate at one instant is the sum of the three processes' rates at that instant
    // (once each has two samples of its new series, so that each has a rate).
    const perInstanceAt = (at: number) =>
      prometheus.query(`rate(api_requests_total{job="${JOB}",route="/jobs/:jobId"}[5m])`, at);
    // A rule evaluation does not wait for a scrape in flight, so a sample stamped just before it
    // may be missing from one recorded value: wait for an evaluation that saw the same samples as
    // the query (equal within 10%); a rate counted 2 or 3 times never gets there.
    const [recorded, sum] = await waitFor('a recorded rate equal to the sum over the three processes', async () => {
      const series = await prometheus.query(`job_route:api_requests:rate5m{job="${JOB}",route="/jobs/:jobId"}`);
      if (series.length !== 1) return undefined;
      const rates = await perInstanceAt(series[0]!.value![0]);
      if (new Set(rates.map((s) => s.metric.instance)).size !== 3) return undefined;
      const total = value(rates).reduce((a, b) => a + b, 0);
      if (!(total > 0)) return undefined;
      return Math.abs(Number(series[0]!.value![1]) - total) / total < 0.1 ? ([series[0]!, total] as const) : undefined;
    });
    expect(Math.abs(Number(recorded.value![1]) - sum) / sum).toBeLessThan(0.1);
  });

  it(
    `moves reporting to another process within ${FAILOVER_SECONDS} s of the reporter's death, counting nothing twice`,
    { timeout: 120_000 },
    async () => {
      const [reporting] = await prometheus.query(`queue_length{queue="transcode",state="delayed"}`);
      const victim = services.find((service) => instanceOf(service) === reporting!.metric.instance)!;
      expect(victim).toBeDefined();
      const killedAt = Date.now() / 1000;
      process.kill(await victim.servicePid(), 'SIGKILL');
      const [successor] = await waitFor('another process to report the queue', async () => {
        const series = await prometheus.query(`queue_length{queue="transcode",state="delayed"}`);
        return series.length === 1 && series[0]!.metric.instance !== reporting!.metric.instance ? series : undefined;
      });
      // Past the last sample, so the range's last step sees it.
      const end = Date.now() / 1000 + INTERVAL;
      const [history] = await prometheus.queryRange(
        `queue_length{queue="transcode",state="delayed",instance="${successor!.metric.instance}"}`,
        killedAt,
        end,
        1,
      );
      const firstReport = history!.values![0]![0];
      expect(firstReport - killedAt).toBeLessThanOrEqual(FAILOVER_SECONDS);
      // Through the handover the recorded depth and the dashboard never show the queue twice.
      for (const expr of [
        `job_queue_state:queue_length:max{queue="transcode",state="delayed"}`,
        panelExpr('Queue depth over time').replace('(queue_length{', '(queue_length{state="delayed",'),
      ]) {
        const range = await prometheus.queryRange(expr, killedAt - 10, end, 1);
        const seen = new Set(range.flatMap((series) => series.values!.map(([, v]) => Number(v))));
        expect([...seen], expr).toEqual([4]);
      }
      // The dead worker's connection is gone from Redis: the recorded worker count follows it.
      const workers = await queue.getWorkersCount();
      expect(workers).toBe(2);
      await waitFor('the recorded worker count to follow Redis', async () =>
        value(await prometheus.query(`job_queue:queue_workers_active:max{queue="transcode"}`))[0] === workers
          ? true
          : undefined,
      );
    },
  );
});
