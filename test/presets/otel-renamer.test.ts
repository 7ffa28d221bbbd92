import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CATALOGUE_DEFINITIONS } from '../../src/catalogue/index.js';
import { namedMetric } from '../../src/catalogue/naming.js';
import { renderPresets } from '../../src/presets/index.js';
import { QueryRenamer } from '../../src/presets/render/query-renamer.js';
import { presetRenamer, queryRenamer } from '../../src/presets/render/rename-files.js';
import { ruleContext } from '../../src/presets/promql.js';
import { resolvePresetConfig } from '../../src/presets/config/resolve-config.js';
import { metricNames } from './promql-names.js';

const otel = (prefix = '') => queryRenamer('otel', prefix);

describe('the OpenTelemetry rename pass over PromQL', () => {
  it.each([
    [
      'sum by (route) (rate(api_requests_total{status_code=~"5..",route!="route"}[5m]))',
      'sum by (http_route) (rate(http_server_request_duration_seconds_count{http_response_status_code=~"5..",http_route!="route"}[5m]))',
    ],
    [
      'histogram_quantile(0.95, sum by (le, method) (rate(api_request_duration_seconds_bucket[1h30m])))',
      'histogram_quantile(0.95, sum by (le, http_request_method) (rate(http_server_request_duration_seconds_bucket[1h30m])))',
    ],
    ['api_requests_in_progress{method="GET"} > 1e3', 'http_server_active_requests{http_request_method="GET"} > 1e3'],
    [
      'sum without (operation) (db_query_duration_seconds_sum) offset 5m',
      'sum without (db_operation_name) (db_client_operation_duration_seconds_sum) offset 5m',
    ],
    // A label that only another metric renames stays as it is.
    [
      'sum by (operation) (rate(cache_operations_total{operation="hit"}[5m]))',
      'sum by (operation) (rate(cache_operations_total{operation="hit"}[5m]))',
    ],
    ['up{job="route"} # route stays in comments', 'up{job="route"} # route stays in comments'],
  ])('%s', (query, expected) => {
    expect(otel().query(query)).toBe(expected);
    expect(queryRenamer('prometheus', '').query(query)).toBe(query);
  });

  it('renames with the prefix, and only prefixed names', () => {
    expect(otel('media_').query('rate(media_api_requests_total[5m]) + rate(api_requests_total[5m])')).toBe(
      'rate(media_http_server_request_duration_seconds_count[5m]) + rate(api_requests_total[5m])',
    );
  });

  it('refuses a label that one metric of the query renames and another keeps', () => {
    expect(() =>
      otel().query(
        'sum by (operation) (db_query_duration_seconds_count) / on (operation) sum by (operation) (cache_operations_total)',
      ),
    ).toThrow(/cannot rename label operation/);
  });

  it('refuses labels quoted in label_replace, where a rename cannot see them', () => {
    expect(() => otel().query('label_replace(api_requests_total, "path", "$1", "route", "(.*)")')).toThrow(
      /label_replace|quoted/,
    );
  });

  it('renames a recording rule output labels once taught the rule, and templates in scope', () => {
    const renamer = otel();
    renamer.learn('job_route:api_requests:rate5m', 'sum by (job, route) (rate(api_requests_total[5m]))');
    expect(renamer.query('job_route:api_requests:rate5m{route="/a"} > 1')).toBe(
      'job_route:api_requests:rate5m{http_route="/a"} > 1',
    );
    const scope = renamer.scope('job_route:api_requests:rate5m');
    expect(renamer.template('{{ $labels.route }} on {{ $labels.job }}, {{route}} {{ route }}', scope)).toBe(
      '{{ $labels.http_route }} on {{ $labels.job }}, {{http_route}} {{ http_route }}',
    );
    expect(renamer.template('{{route}}', renamer.scope('up'))).toBe('{{route}}');
    expect(renamer.labels({ route: '/a', job: 'x' }, scope)).toEqual({ http_route: '/a', job: 'x' });
  });

  it('gives the presets a renamer taught every recording rule (for queries written outside the rendered files)', () => {
    const renamer = presetRenamer(ruleContext(resolvePresetConfig({ naming: 'otel', prefix: 'media_' })));
    expect(renamer.query('sum by (route) (job_route:media_api_requests:rate5m)')).toBe(
      'sum by (http_route) (job_route:media_api_requests:rate5m)',
    );
    expect(presetRenamer(ruleContext(resolvePresetConfig({}))).identity).toBe(true);
  });

  it('leaves every query alone under the default naming', () => {
    const renamer = new QueryRenamer(new Map());
    expect(renamer.identity).toBe(true);
    expect(renamer.query('sum by (route) (api_requests_total)')).toBe('sum by (route) (api_requests_total)');
  });
});

interface RuleFile {
  groups: { rules: { expr: string; annotations?: Record<string, string> }[] }[];
}

describe('every query the presets render', () => {
  const hidden = new Set<string>();
  const renamedLabels = new Set<string>();
  for (const definition of CATALOGUE_DEFINITIONS) {
    const named = namedMetric(definition, 'otel');
    if (definition.otel === undefined) continue;
    for (const sample of definition.type === 'histogram' ? ['', '_bucket', '_count', '_sum'] : ['']) {
      hidden.add(definition.name + sample);
    }
    for (const label of Object.keys(named.labels)) renamedLabels.add(label);
  }

  for (const prefix of ['', 'media_']) {
    it(`reads no catalogue name that naming: 'otel' renames, in rules, alerts, tests and dashboards (prefix ${JSON.stringify(prefix)})`, () => {
      const files = renderPresets({ naming: 'otel', prefix });
      const exprs: string[] = [];
      for (const [path, text] of files) {
        if (/^prometheus\/(alerts|rules)\//.test(path)) {
          for (const group of (parse(text) as RuleFile).groups) for (const rule of group.rules) exprs.push(rule.expr);
        } else if (path.startsWith('prometheus/tests/')) {
          const tests = (parse(text) as { tests: { input_series?: { series: string }[] }[] }).tests;
          for (const test of tests) for (const input of test.input_series ?? []) exprs.push(input.series);
        } else if (path === 'kubernetes/prometheus-rule.yaml') {
          for (const group of (parse(text) as { spec: RuleFile }).spec.groups) {
            for (const rule of group.rules) exprs.push(rule.expr);
          }
        } else if (path === 'alertmanager/tests/sample-alerts.json') {
          const alerts = (JSON.parse(text) as { alerts: { labels: Record<string, string> }[] }).alerts;
          expect(alerts.some((alert) => 'http_route' in alert.labels)).toBe(true);
          expect(alerts.filter((alert) => 'route' in alert.labels)).toEqual([]);
        } else if (path.startsWith('grafana/dashboards/')) {
          const dashboard = JSON.parse(text) as { panels: { targets: { expr: string }[] }[] };
          for (const panel of dashboard.panels) for (const target of panel.targets) exprs.push(target.expr);
        }
      }
      expect(exprs.length).toBeGreaterThan(200);
      const left = exprs.flatMap((expr) => metricNames(expr)).filter((name) => hidden.has(name.slice(prefix.length)));
      expect([...new Set(left)]).toEqual([]);
      // The renamed HTTP labels appear nowhere (only the database `operation` is shared with other metrics).
      const httpLabel = /[{,(\s](method|route|status_code)\s*(=|!|,|\))/;
      expect(httpLabel.test('sum by (job, route) (x{status_code=~"5.."})')).toBe(true);
      expect(exprs.filter((expr) => httpLabel.test(expr))).toEqual([]);
    });
  }

  it('keeps the default render byte for byte when the naming is given as prometheus', () => {
    const plain = renderPresets({});
    const named = renderPresets({ naming: 'prometheus' });
    expect([...named.entries()]).toEqual([...plain.entries()]);
  });
});

describe('the runbooks', () => {
  /** Every metric name a query outside a recording rule would read under the default naming but not under otel. */
  const hidden = CATALOGUE_DEFINITIONS.filter((definition) => definition.otel !== undefined).map((d) => d.name);

  it('show their rule and diagnosis queries in the naming of the preset config', async () => {
    const { renderRunbooks } = await import('../../src/presets/runbooks.js');
    const pages = renderRunbooks({ naming: 'otel', prefix: 'media_' });
    let queries = 0;
    for (const [file, page] of pages) {
      for (const [, block] of page.matchAll(/```promql\n([\s\S]*?)```/g)) {
        queries++;
        // Recording rules keep their names (`job:api_requests:rate5m`); raw series are renamed.
        const raw = block!.split(/[^A-Za-z0-9_:]+/).filter((token) => !token.includes(':'));
        for (const name of hidden) expect(raw, `${file}: ${block}`).not.toContain(`media_${name}`);
      }
    }
    expect(queries).toBeGreaterThan(100);
    expect([...pages.values()].some((page) => page.includes('media_http_server_request_duration_seconds'))).toBe(true);
    expect(renderRunbooks({ naming: 'prometheus' })).toEqual(renderRunbooks());
  });
});
