import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EXTERNAL_METRIC_NAMES } from '../../src/catalogue/external-metrics.js';
import { CATALOGUE_GROUPS, type CatalogueGroup, metricGroup } from '../../src/catalogue/groups.js';
import { ObservabilityError } from '../../src/core/errors.js';
import { type PresetConfig, renderPresets, resolvePresetConfig } from '../../src/presets/index.js';
import { requireTool } from '../helpers/tools.js';
import { CUSTOM_CONFIG, renderToTemp, run } from './helpers.js';
import { expectFiringAndQuietCases } from './promtool-suite.js';
import { metricNames } from './promql-names.js';

interface RuleFile {
  groups: { name: string; rules: { alert?: string; record?: string; expr: string }[] }[];
}
interface Dashboard {
  panels: { title: string; targets: { expr: string }[] }[];
}

/** What a rendered tree reads: every rule and panel expression, by where it sits. */
function expressions(files: Map<string, string>): { where: string; expr: string }[] {
  const found: { where: string; expr: string }[] = [];
  for (const [path, content] of files) {
    if (/^prometheus\/(alerts|rules)\//.test(path)) {
      for (const group of (parse(content) as RuleFile).groups) {
        for (const rule of group.rules) found.push({ where: `${path}: ${rule.alert ?? rule.record}`, expr: rule.expr });
      }
    }
    if (path.startsWith('grafana/dashboards/')) {
      for (const panel of (JSON.parse(content) as Dashboard).panels) {
        for (const target of panel.targets) found.push({ where: `${path}: ${panel.title}`, expr: target.expr });
      }
    }
  }
  return found;
}

/** The recording rules a tree renders. */
function recorded(files: Map<string, string>): Set<string> {
  return new Set(
    [...files]
      .filter(([path]) => path.startsWith('prometheus/rules/'))
      .flatMap(([, content]) => (parse(content) as RuleFile).groups.flatMap((g) => g.rules.map((r) => r.record!))),
  );
}

/** Every SDK metric a tree reads, with the group it is in (prefix taken off). */
function groupsRead(files: Map<string, string>, prefix: string): { where: string; name: string; group: string }[] {
  const records = recorded(files);
  return expressions(files).flatMap(({ where, expr }) =>
    metricNames(expr)
      .filter((name) => !records.has(name) && !EXTERNAL_METRIC_NAMES.has(name))
      .map((name) => ({ where, name, group: metricGroup(name.slice(prefix.length)) ?? `unknown (${name})` })),
  );
}

const ALWAYS = ['app', 'sdk', 'runtime'];

describe('preset config groups', () => {
  it("renders every group by default, as 'all' does", () => {
    expect(resolvePresetConfig().groups).toEqual(CATALOGUE_GROUPS);
    expect(renderPresets({ groups: 'all' })).toEqual(renderPresets());
  });

  it.each(CATALOGUE_GROUPS.map((group) => [group]))(
    'with groups [%s], every rule and panel reads only that group and the always-on ones',
    (group) => {
      const files = renderPresets({ groups: [group], prefix: 'media_' });
      for (const read of groupsRead(files, 'media_')) {
        expect([group, ...ALWAYS], `${read.where} reads ${read.name}`).toContain(read.group);
      }
    },
  );

  it('with groups [api], renders no job or video rule, panel or dashboard', () => {
    const files = renderPresets({ ...CUSTOM_CONFIG, groups: ['api'] });
    const reads = groupsRead(files, 'media_');
    expect(reads.filter((read) => read.group === 'jobs' || read.group === 'video')).toEqual([]);
    expect(reads.some((read) => read.group === 'api')).toBe(true);
    expect([...files.keys()].filter((path) => path.startsWith('grafana/dashboards/')).sort()).toEqual([
      'grafana/dashboards/api-performance.json',
      'grafana/dashboards/system-overview.json',
    ]);
    const alerts = expressions(files).filter(({ where }) => where.startsWith('prometheus/alerts/'));
    expect(alerts.filter(({ where }) => where.startsWith('prometheus/alerts/jobs.yml'))).toEqual([]);
    // The scheduler only enqueues jobs; its alert goes with the jobs group although it reads `up`.
    expect(alerts.map(({ where }) => where)).not.toContain('prometheus/alerts/system.yml: JobSchedulerDown');
    expect(alerts.map(({ where }) => where)).toContain('prometheus/alerts/api.yml: HighAPIErrorRate');
    expect(files.get('prometheus/tests/recording.test.yml')).not.toMatch(/jobs_|queue_/);
  });

  it('lists the groups it renders in catalogue order', () => {
    expect(resolvePresetConfig({ groups: ['video', 'api', 'jobs'] }).groups).toEqual(['api', 'jobs', 'video']);
  });

  const refusal = (config: PresetConfig): string => {
    try {
      resolvePresetConfig(config);
    } catch (error) {
      expect(error).toBeInstanceOf(ObservabilityError);
      return `${(error as ObservabilityError).code} ${(error as ObservabilityError).option}: ${(error as Error).message}`;
    }
    return 'accepted';
  };

  it.each([
    ['a string other than all', { groups: 'api' }, 'groups', 'a list of api'],
    ['a number', { groups: 3 }, 'groups', "'all' or a list"],
    ['an unknown name', { groups: ['api', 'jbos'] }, 'groups[1]', 'did you mean `jobs`'],
    ['http', { groups: ['http'] }, 'groups[0]', 'the `api` group'],
    ['runtime', { groups: ['runtime'] }, 'groups[0]', 'always rendered'],
    ['sdk', { groups: ['sdk'] }, 'groups[0]', 'always on'],
    ['custom', { groups: ['custom'] }, 'groups[0]', 'customMetrics'],
    ['a repeated group', { groups: ['api', 'api'] }, 'groups[1]', 'each group listed once'],
    ['a non-string', { groups: ['api', null] }, 'groups[1]', "'all' or a list"],
    [
      'an alert turned on whose group is off',
      { groups: ['api'], alerts: { JobQueueBacklog: { enabled: true } } },
      'alerts.JobQueueBacklog.enabled',
      'reads the jobs group',
    ],
    [
      'the scheduler alert turned on without jobs',
      { groups: ['api'], alerts: { JobSchedulerDown: { enabled: true } } },
      'alerts.JobSchedulerDown.enabled',
      'jobs group',
    ],
  ] as const)('refuses %s with TFO_ERR_INVALID_PRESET_CONFIG naming the field', (_, config, field, message) => {
    const text = refusal(config as unknown as PresetConfig);
    expect(text).toContain(`TFO_ERR_INVALID_PRESET_CONFIG ${field}:`);
    expect(text).toContain(message);
  });

  it('accepts an alert of a group that is off when it is turned off', () => {
    expect(refusal({ groups: ['api'], alerts: { JobQueueBacklog: { enabled: false } } })).toBe('accepted');
    expect(refusal({ groups: [] })).toBe('accepted');
  });
});

describe.each([
  ['[api]', ['api'], 'prometheus'],
  ['[api] and naming otel', ['api'], 'otel'],
  ['[jobs, video, queue_workers]', ['jobs', 'video', 'queue_workers'], 'prometheus'],
  ['[] (only the always-on groups)', [], 'prometheus'],
] as [string, CatalogueGroup[], PresetConfig['naming']][])('rules rendered with groups %s', (_, groups, naming) => {
  const promtool = requireTool('promtool');
  const { dir, cleanup } = renderToTemp({ ...CUSTOM_CONFIG, groups, naming });
  const prometheus = join(dir, 'prometheus');
  afterAll(cleanup);
  const files = (sub: string) => readdirSync(join(prometheus, sub)).map((file) => join(sub, file));

  it('pass promtool check rules and every promtool unit test', { timeout: 240_000 }, () => {
    const checked = run(promtool, ['check', 'rules', ...files('alerts'), ...files('rules')], prometheus);
    expect(checked.output).not.toMatch(/FAILED|error/i);
    expect(checked.status).toBe(0);
    const tested = run(promtool, ['test', 'rules', ...files('tests')], prometheus);
    expect(tested.output, tested.output).not.toContain('FAILED');
    expect(tested.status).toBe(0);
  });

  it('test every rendered alert firing and staying quiet', () => {
    const alerts = files('alerts').flatMap((file) =>
      (parse(readFileSync(join(prometheus, file), 'utf8')) as RuleFile).groups.flatMap((g) =>
        g.rules.map((r) => r.alert!),
      ),
    );
    const tests = files('tests').flatMap((file) =>
      (
        parse(readFileSync(join(prometheus, file), 'utf8')) as {
          tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[];
        }
      ).tests.flatMap((test) => test.alert_rule_test ?? []),
    );
    expectFiringAndQuietCases(alerts, tests);
    const tested = new Set(tests.map((test) => test.alertname));
    expect([...tested].filter((name) => !alerts.includes(name))).toEqual([]);
  });
});
