import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CATALOGUE_DEFINITIONS } from '../../src/catalogue/index.js';
import { RUNTIME_RENAMES } from '../../src/catalogue/renames.js';
import { runtimeMetrics } from '../../src/catalogue/runtime.js';
import { createObservability } from '../../src/create-observability.js';
import { findSamples, parseExposition } from '../helpers/exposition.js';
import { requireTool } from '../helpers/tools.js';
import { touchAllMetrics } from '../helpers/touch-all-metrics.js';

/** Runs the real `promtool check metrics` on an exposition; returns its complaints, one per line. */
function promtoolCheck(exposition: string): string[] {
  const result = spawnSync('promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  if (result.error) throw result.error;
  return `${result.stdout}${result.stderr}`.split('\n').filter((line) => line.trim() !== '');
}

describe('promtool check metrics on the full exposition', () => {
  requireTool('promtool', ['--version']);

  for (const prefix of ['', 'media_']) {
    it(`finds nothing wrong with the whole exposition (every group on), runtime metrics included (prefix ${JSON.stringify(prefix)})`, async () => {
      const observability = createObservability({ groups: 'all', prefix, defaultLabels: { environment: 'test' } });
      expect(touchAllMetrics(observability)).toBe(CATALOGUE_DEFINITIONS.length);
      const { body } = await observability.scrape();
      const samples = parseExposition(body);
      for (const definition of CATALOGUE_DEFINITIONS) {
        const family = prefix + definition.name;
        const series = findSamples(samples, definition.type === 'histogram' ? `${family}_count` : family);
        expect(series.length, family).toBeGreaterThan(0);
      }

      for (const runtime of runtimeMetrics) {
        expect(body, runtime.name).toMatch(new RegExp(`^# TYPE ${prefix}${runtime.name} ${runtime.type}$`, 'm'));
      }
      expect(promtoolCheck(body)).toEqual([]);
    });
  }

  it("does complain about prom-client's names for the runtime gauges the SDK renamed (the renames are needed)", () => {
    const complaints = promtoolCheck(
      RUNTIME_RENAMES.map(({ promClientName: name }) => `# HELP ${name} x\n# TYPE ${name} gauge\n${name} 1\n`).join(''),
    );
    expect(complaints.sort()).toEqual(
      RUNTIME_RENAMES.map(
        ({ promClientName }) => `${promClientName} non-counter metrics should not have "_total" suffix`,
      ).sort(),
    );
  });

  it('does complain about the report names the catalogue renamed (the renames are needed)', () => {
    const complaints = promtoolCheck(
      ['job_retry_count', 'webhook_retry_count', 'api_key_quota_exceeded']
        .map((name) => `# HELP ${name} x\n# TYPE ${name} counter\n${name} 1\n`)
        .join(''),
    );
    expect(complaints.filter((line) => line.includes('counter metrics should have "_total" suffix'))).toHaveLength(3);
  });
});
