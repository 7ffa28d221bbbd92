import { spawnSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { MetricGroup } from '../../src/catalogue/define-metric.js';
import { CATALOGUE_GROUPS, DEFAULT_GROUPS, metricGroup } from '../../src/catalogue/groups.js';
import { CATALOGUE, CATALOGUE_DEFINITIONS } from '../../src/catalogue/index.js';
import { runtimeMetrics } from '../../src/catalogue/runtime.js';
import { ObservabilityError } from '../../src/core/errors.js';
import { serveMetrics } from '../../src/core/metrics-server.js';
import type { ObservabilityOptions } from '../../src/core/options.js';
import { createObservability } from '../../src/create-observability.js';
import {
  findSamples,
  metricTypes,
  parseExposition,
  parseStrictOpenMetrics,
  STRICT_PARSER_PYTHON,
} from '../helpers/exposition.js';
import { logCapture } from '../helpers/log-lines.js';
import { requireTool } from '../helpers/tools.js';
import { touchAllMetrics } from '../helpers/touch-all-metrics.js';

/** The catalogue names registered when exactly `groups` are chosen. */
function expectedNames(groups: readonly MetricGroup[]): string[] {
  const on = new Set<MetricGroup>(['app', 'sdk', ...groups]);
  return CATALOGUE_DEFINITIONS.filter((definition) => on.has(definition.group)).map((definition) => definition.name);
}

function errorOf(groups: unknown): ObservabilityError {
  try {
    createObservability({ defaultMetrics: false, groups } as ObservabilityOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ObservabilityError);
    return error as ObservabilityError;
  }
  throw new Error(`groups ${JSON.stringify(groups)} were accepted`);
}

describe('groups: only the families a service uses', () => {
  it('exposes the HTTP, app and SDK families and the runtime metrics by default, and every family with "all"', async () => {
    const plain = metricTypes((await createObservability().scrape()).body);
    const all = metricTypes((await createObservability({ groups: 'all' }).scrape()).body);
    expect(DEFAULT_GROUPS).toEqual(['api']);
    expect([...plain.keys()].sort()).toEqual(
      [...expectedNames(DEFAULT_GROUPS), ...runtimeMetrics.map((metric) => metric.name)].sort(),
    );
    expect(all.size).toBe(CATALOGUE_DEFINITIONS.length + runtimeMetrics.length);
    // What a plain web service no longer exposes empty.
    expect(all.size - plain.size).toBe(
      CATALOGUE_DEFINITIONS.filter((definition) => !['api', 'app', 'sdk'].includes(definition.group)).length,
    );
    expect(all.size - plain.size).toBeGreaterThan(40);
  });

  for (const group of CATALOGUE_GROUPS) {
    it(`registers exactly the ${group} families (and app, sdk) for groups: ['${group}']`, async () => {
      const observability = createObservability({ defaultMetrics: false, groups: [group] });
      const names = [...metricTypes((await observability.scrape()).body).keys()];
      expect(names.sort()).toEqual(expectedNames([group]).sort());
      for (const name of names) expect(['app', 'sdk', group]).toContain(metricGroup(name));
    });
  }

  it('keeps the handles of groups that are off working: recording never throws, nothing is exposed', async () => {
    const observability = createObservability({
      defaultMetrics: false,
      logger: { destination: logCapture().destination },
    });
    expect(() => touchAllMetrics(observability)).not.toThrow();
    expect(() => observability.metrics.jobsQueued.dec({ queue: 'q', job_type: 'v' }, Number.NaN)).not.toThrow();
    const end = observability.metrics.videoTranscodeDurationSeconds.startTimer({
      resolution: '720p',
      codec: 'h264',
      preset: 'fast',
    });
    expect(end()).toBeGreaterThanOrEqual(0);
    expect(observability.metrics.jobsCreatedTotal.value({ queue: 'queue_value', job_type: 'job_type_value' })).toBe(1);
    const samples = parseExposition((await observability.scrape()).body);
    const exposed = new Set(samples.map((sample) => sample.name.replace(/_(bucket|sum|count)$/, '')));
    for (const definition of CATALOGUE_DEFINITIONS) {
      const on = ['api', 'app', 'sdk'].includes(definition.group);
      expect(
        exposed.has(definition.name) || findSamples(samples, `${definition.name}_count`).length > 0,
        definition.name,
      ).toBe(on);
    }
  });

  it('logs one warning per group that is off, at its first recording, naming the option to set', async () => {
    const capture = logCapture();
    const observability = createObservability({ defaultMetrics: false, logger: { destination: capture.destination } });
    observability.metrics.jobsCreatedTotal.inc({ queue: 'q', job_type: 'v' });
    observability.metrics.jobsCreatedTotal.inc({ queue: 'q2', job_type: 'v' });
    observability.metrics.jobsQueued.set({ queue: 'q', job_type: 'v' }, 1);
    observability.metrics.thumbnailGenerationDurationSeconds.observe(0.2);
    observability.metrics.apiRequestsTotal.inc({ method: 'GET', route: '/', status_code: 200 });
    const lines = await capture.waitFor(2, (line) => line.level === 'warning');
    expect(lines.map((line) => [line.group, line.metric])).toEqual([
      ['jobs', 'jobs_created_total'],
      ['video', 'thumbnail_generation_duration_seconds'],
    ]);
    expect(lines[0]!.message).toContain("add 'jobs' to the `groups` option");
    await observability.scrape();
    expect(capture.lines().filter((line) => line.level === 'warning')).toHaveLength(2);
  });

  it('lets metrics.<name>.enabled override the group, both ways', async () => {
    const observability = createObservability({
      defaultMetrics: false,
      metrics: { jobs_failed_total: { enabled: true }, api_requests_in_progress: { enabled: false } },
    });
    const names = [...metricTypes((await observability.scrape()).body).keys()];
    expect(names).toContain('jobs_failed_total');
    expect(names).not.toContain('jobs_created_total');
    expect(names).not.toContain('api_requests_in_progress');
    expect(names).toContain('api_requests_total');
  });

  it('refuses what is not a group, saying what to do', () => {
    const cases: [unknown, string, RegExp][] = [
      ['api', 'groups', /an array of api, jobs/],
      [['http'], 'groups[0]', /the HTTP request metrics are the `api` group/],
      [['api', 'runtime'], 'groups[1]', /follow `defaultMetrics`/],
      [['app'], 'groups[0]', /always on/],
      [['sdk'], 'groups[0]', /always on/],
      [['custom'], 'groups[0]', /customMetrics/],
      [['jobz'], 'groups[0]', /did you mean `jobs`/],
      [[1], 'groups[0]', /is 1/],
      [null, 'groups', /is null/],
    ];
    for (const [groups, option, message] of cases) {
      const error = errorOf(groups);
      expect(error.code, JSON.stringify(groups)).toBe('TFO_ERR_INVALID_OPTION');
      expect(error.option).toBe(option);
      expect(error.message).toMatch(message);
    }
    expect(() => createObservability({ defaultMetrics: false, groups: [] })).not.toThrow();
  });

  it('gives the group of every catalogue and runtime metric and its samples', () => {
    for (const definition of CATALOGUE_DEFINITIONS) expect(metricGroup(definition.name)).toBe(definition.group);
    expect(metricGroup('api_request_duration_seconds_bucket')).toBe('api');
    expect(metricGroup('nodejs_gc_duration_seconds_count')).toBe('runtime');
    expect(metricGroup('api_requests_total_bucket')).toBeUndefined();
    expect(metricGroup('uploads_total')).toBeUndefined();
    expect(Object.keys(CATALOGUE).length).toBe(CATALOGUE_DEFINITIONS.length);
  });

  it('keeps the default exposition clean for promtool and the strict OpenMetrics parser', async () => {
    requireTool('promtool', ['--version']);
    requireTool(STRICT_PARSER_PYTHON, ['-c', 'import prometheus_client.openmetrics.parser']);
    const observability = createObservability({ prefix: 'web_', groups: ['api', 'cache'] });
    touchAllMetrics(observability);
    const text = (await observability.scrape()).body;
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(`${check.stdout}${check.stderr}`.trim()).toBe('');
    const server = await serveMetrics(observability, { port: 0, host: '127.0.0.1' });
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`, {
        headers: { accept: 'application/openmetrics-text;version=1.0.0' },
      });
      const families = parseStrictOpenMetrics(await response.text()).map((family) => family.name);
      expect(families).toContain('web_cache_operations');
      expect(families).not.toContain('web_jobs_created');
    } finally {
      await new Promise((done) => server.close(done));
    }
  });
});
