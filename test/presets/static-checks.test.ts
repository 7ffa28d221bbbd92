import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EXTERNAL_METRIC_NAMES } from '../../src/catalogue/external-metrics.js';
import { CATALOGUE_DEFINITIONS } from '../../src/catalogue/index.js';
import { runtimeMetrics } from '../../src/catalogue/runtime.js';
import type { PresetConfig } from '../../src/presets/index.js';
import { requireTool } from '../helpers/tools.js';
import { CUSTOM_CONFIG, renderToTemp, run } from './helpers.js';
import { metricNames } from './promql-names.js';

interface RuleGroup {
  name: string;
  rules: { alert?: string; record?: string; expr: string }[];
}
interface Panel {
  id: number;
  title: string;
  description: string;
  datasource: { uid: string };
  fieldConfig: { defaults: { unit?: string } };
  targets: { expr: string; datasource: { uid: string } }[];
}
interface Dashboard {
  uid: string;
  description: string;
  panels: Panel[];
  templating: { list: { name: string }[] };
}

/** Every name an SDK with `prefix` emits: catalogue and runtime metrics, histogram series included. */
function sdkNames(prefix: string): Set<string> {
  const names = new Set<string>();
  for (const definition of [...CATALOGUE_DEFINITIONS, ...runtimeMetrics]) {
    names.add(prefix + definition.name);
    if (definition.type === 'histogram' || definition.type === 'summary') {
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(prefix + definition.name + suffix);
    }
  }
  return names;
}

describe.each([
  ['the default config', {} as PresetConfig],
  ['a custom config', CUSTOM_CONFIG],
])('presets rendered with %s', (_, config) => {
  const { dir, cleanup } = renderToTemp(config);
  afterAll(cleanup);
  const read = (path: string) => readFileSync(join(dir, path), 'utf8');
  const ruleGroups = (sub: string): RuleGroup[] =>
    readdirSync(join(dir, 'prometheus', sub)).flatMap(
      (file) => (parse(read(`prometheus/${sub}/${file}`)) as { groups: RuleGroup[] }).groups,
    );
  const dashboards = readdirSync(join(dir, 'grafana/dashboards')).map((file) => ({
    file,
    json: JSON.parse(read(`grafana/dashboards/${file}`)) as Dashboard,
  }));
  const recorded = new Set(ruleGroups('rules').flatMap((group) => group.rules.map((rule) => rule.record!)));

  it('use only metrics the SDK emits (with the prefix), declared exporter metrics or their own recording rules', () => {
    const allowed = new Set([...sdkNames(config.prefix ?? ''), ...EXTERNAL_METRIC_NAMES, ...recorded]);
    const exprs = [
      ...[...ruleGroups('alerts'), ...ruleGroups('rules')].flatMap((group) =>
        group.rules.map((rule) => [rule.alert ?? rule.record, rule.expr]),
      ),
      ...dashboards.flatMap(({ file, json }) =>
        json.panels.flatMap((panel) => panel.targets.map((target) => [`${file}: ${panel.title}`, target.expr])),
      ),
    ];
    expect(exprs.length).toBeGreaterThan(100);
    for (const [where, expr] of exprs) {
      for (const name of metricNames(expr!)) expect(allowed.has(name), `${where} uses ${name}`).toBe(true);
    }
  });

  it('have the four dashboards, valid, with unique panel ids, units, descriptions and only the ${datasource} variable', () => {
    expect(dashboards.map((d) => d.file).sort()).toEqual([
      'api-performance.json',
      'job-processing.json',
      'system-overview.json',
      'video-processing.json',
    ]);
    for (const { file, json } of dashboards) {
      expect(json.description, file).toContain('Do not edit');
      expect(json.templating.list.map((v) => v.name)).toEqual(['datasource', 'job', 'instance']);
      const ids = json.panels.map((panel) => panel.id);
      expect(new Set(ids).size, file).toBe(ids.length);
      expect(json.panels.length, file).toBeGreaterThanOrEqual(9);
      for (const panel of json.panels) {
        expect(panel.description, panel.title).not.toBe('');
        expect(panel.fieldConfig.defaults.unit, panel.title).toBeTruthy();
        expect(panel.datasource.uid).toBe('${datasource}');
        for (const target of panel.targets) {
          expect(target.datasource.uid).toBe('${datasource}');
          for (const [, window] of target.expr.matchAll(/\brate\([^[]*\[([^\]]+)\]/g))
            expect(window, panel.title).toBe('$__rate_interval');
        }
      }
      expect(JSON.stringify(json)).not.toMatch(/"uid":\s*"(?!\$\{datasource\}|tfo-)[^"]*"/);
    }
  });

  it('pass promtool check config, rule files included', () => {
    const result = run(requireTool('promtool'), ['check', 'config', join(dir, 'prometheus/prometheus.yml')]);
    expect(result.output).not.toContain('FAILED');
    expect(result.status).toBe(0);
  });

  it('carry the same rule groups in the Kubernetes PrometheusRule, which promtool accepts', () => {
    const rule = parse(read('kubernetes/prometheus-rule.yaml')) as { kind: string; spec: { groups: RuleGroup[] } };
    expect(rule.kind).toBe('PrometheusRule');
    expect(rule.spec.groups).toEqual(
      [...ruleGroups('alerts'), ...ruleGroups('rules')].sort(
        (a, b) =>
          rule.spec.groups.findIndex((g) => g.name === a.name) - rule.spec.groups.findIndex((g) => g.name === b.name),
      ),
    );
    const file = join(dir, 'prometheus-rule-spec.yml');
    writeFileSync(file, JSON.stringify(rule.spec));
    expect(run(requireTool('promtool'), ['check', 'rules', file]).status).toBe(0);
    for (const [path, kind] of [
      ['kubernetes/service-monitor.yaml', 'ServiceMonitor'],
      ['kubernetes/pod-monitor.yaml', 'PodMonitor'],
    ]) {
      const manifest = parse(read(path!)) as { kind: string; apiVersion: string; metadata: { namespace: string } };
      expect(manifest.kind).toBe(kind);
      expect(manifest.apiVersion).toBe('monitoring.coreos.com/v1');
    }
  });

  it('run a docker-compose stack with pinned images, mounts that exist and the services prometheus.yml scrapes', () => {
    const compose = parse(read('docker-compose.yml')) as {
      services: Record<string, { image: string; volumes?: string[] }>;
    };
    for (const [name, service] of Object.entries(compose.services)) {
      expect(service.image, name).toMatch(/:v?\d+\.\d+\.\d+$/);
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (source.startsWith('./')) expect(existsSync(join(dir, source)), `${name} mounts ${source}`).toBe(true);
      }
    }
    const prometheus = parse(read('prometheus/prometheus.yml')) as {
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
      alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
    };
    const exporters = ['node', 'cadvisor', 'postgresql', 'redis'];
    const hosts = prometheus.scrape_configs
      .filter((scrape) => exporters.includes(scrape.job_name) || scrape.job_name === 'hosts')
      .flatMap((scrape) => scrape.static_configs.flatMap((s) => s.targets.map((t) => t.split(':')[0]!)));
    hosts.push(
      ...prometheus.alerting.alertmanagers.flatMap((a) =>
        a.static_configs.flatMap((s) => s.targets.map((t) => t.split(':')[0]!)),
      ),
    );
    expect(hosts.length).toBeGreaterThanOrEqual(5);
    for (const host of hosts) expect(Object.keys(compose.services)).toContain(host);
    const provisioning = parse(read('grafana/provisioning/dashboards/transcode-flow.yml')) as {
      providers: { options: { path: string } }[];
    };
    const grafanaMounts = compose.services.grafana!.volumes!.map((v) => v.split(':')[1]);
    expect(grafanaMounts).toContain(provisioning.providers[0]!.options.path);
  });
});
