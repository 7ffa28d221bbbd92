/**
 * Applies a naming to the rendered preset files: the rule, test and dashboard files are read
 * back, every query, template and label set in them renamed, and written again. The renderers
 * and the alert and dashboard declarations stay written in the catalogue's names.
 */
import { parse } from 'yaml';
import type { MetricDefinition } from '../../catalogue/define-metric.js';
import { CATALOGUE_DEFINITIONS } from '../../catalogue/index.js';
import { type MetricNaming, seriesRenames } from '../../catalogue/naming.js';
import type { RuleContext } from '../alerts/types.js';
import { recordingGroups } from '../recording-rules.js';
import { generatedHeader } from './header.js';
import { type LabelScope, QueryRenamer } from './query-renamer.js';
import { toYaml, type YamlDocument } from './yaml.js';

const SAMPLES = ['', '_bucket', '_count', '_sum'];
/** The template data `amtool template render` reads: example alerts with the labels their rules give. */
const SAMPLE_ALERTS = 'alertmanager/tests/sample-alerts.json';

/**
 * The renamer of a naming for a prefix: the catalogue series it renames, and those that keep a
 * label it renames elsewhere.
 */
export function queryRenamer(
  naming: MetricNaming,
  prefix: string,
  definitions: readonly MetricDefinition[] = CATALOGUE_DEFINITIONS,
): QueryRenamer {
  const series = seriesRenames(naming, prefix, definitions);
  const renamed = new Set([...series.values()].flatMap((rename) => Object.keys(rename.labels)));
  const keeps = new Map<string, LabelScope>();
  for (const definition of definitions) {
    if (series.has(prefix + definition.name)) continue;
    const kept = definition.labelNames.filter((label) => renamed.has(label));
    if (kept.length === 0) continue;
    const scope = Object.fromEntries(kept.map((label) => [label, label]));
    for (const sample of definition.type === 'histogram' ? SAMPLES : [''])
      keeps.set(prefix + definition.name + sample, scope);
  }
  return new QueryRenamer(series, keeps);
}

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}
interface RuleGroup {
  rules: Rule[];
  [key: string]: unknown;
}
interface InputSeries {
  series: string;
  values: string;
}
interface UnitTest {
  input_series?: InputSeries[];
  alert_rule_test?: { alertname: string; exp_alerts: { exp_labels?: Record<string, string> }[] }[];
  promql_expr_test?: { expr: string; exp_samples?: { labels: string }[] }[];
  [key: string]: unknown;
}

/** A rule group renamed: each expression, and an alert's annotations in the scope of its expression. */
function renameGroup(group: RuleGroup, renamer: QueryRenamer): RuleGroup {
  return {
    ...group,
    rules: group.rules.map((rule) => {
      const scope = renamer.scope(rule.expr);
      const annotations = rule.annotations;
      return {
        ...rule,
        expr: renamer.query(rule.expr),
        ...(annotations === undefined
          ? {}
          : {
              annotations: Object.fromEntries(
                Object.entries(annotations).map(([key, text]) => [key, renamer.template(text, scope)]),
              ),
            }),
      };
    }),
  };
}

/**
 * The input series renamed one by one. Two series that become one (a request counter and the
 * duration histogram's `_count`, which hold the same counts) are written once; if their
 * values differ, the test input cannot hold under the naming, and that is an error.
 */
function renameInput(series: readonly InputSeries[], renamer: QueryRenamer, test: string): InputSeries[] {
  const seen = new Map<string, string>();
  const out: InputSeries[] = [];
  for (const item of series) {
    const name = renamer.query(item.series);
    const values = seen.get(name);
    if (values === undefined) {
      seen.set(name, item.values);
      out.push({ series: name, values: item.values });
    } else if (values !== item.values) {
      throw new Error(`test "${test}": ${item.series} becomes ${name}, which another input series sets otherwise`);
    }
  }
  return out;
}

function renameTest(test: UnitTest, renamer: QueryRenamer, alertScopes: ReadonlyMap<string, LabelScope>): UnitTest {
  const name = String(test.name);
  return {
    ...test,
    ...(test.input_series ? { input_series: renameInput(test.input_series, renamer, name) } : {}),
    ...(test.alert_rule_test
      ? {
          alert_rule_test: test.alert_rule_test.map((check) => ({
            ...check,
            exp_alerts: check.exp_alerts.map((alert) =>
              alert.exp_labels === undefined
                ? alert
                : { ...alert, exp_labels: renamer.labels(alert.exp_labels, alertScopes.get(check.alertname) ?? {}) },
            ),
          })),
        }
      : {}),
    ...(test.promql_expr_test
      ? {
          promql_expr_test: test.promql_expr_test.map((check) => ({
            ...check,
            expr: renamer.query(check.expr),
            ...(check.exp_samples
              ? {
                  exp_samples: check.exp_samples.map((sample) => ({
                    ...sample,
                    labels: renamer.query(sample.labels, renamer.scope(check.expr)),
                  })),
                }
              : {}),
          })),
        }
      : {}),
  };
}

interface Target {
  expr?: string;
  legendFormat?: string;
  [key: string]: unknown;
}
interface Dashboard {
  panels: { targets?: Target[]; [key: string]: unknown }[];
  templating?: { list: { definition?: string; query?: unknown; [key: string]: unknown }[] };
  [key: string]: unknown;
}

function renameDashboard(dashboard: Dashboard, renamer: QueryRenamer): Dashboard {
  return {
    ...dashboard,
    panels: dashboard.panels.map((panel) => ({
      ...panel,
      ...(panel.targets
        ? {
            targets: panel.targets.map((target) => {
              if (target.expr === undefined) return target;
              const scope = renamer.scope(target.expr);
              return {
                ...target,
                expr: renamer.query(target.expr),
                ...(target.legendFormat === undefined
                  ? {}
                  : { legendFormat: renamer.template(target.legendFormat, scope) }),
              };
            }),
          }
        : {}),
    })),
    ...(dashboard.templating
      ? {
          templating: {
            ...dashboard.templating,
            list: dashboard.templating.list.map((variable) => {
              const query = variable.query as { query?: string } | undefined;
              return {
                ...variable,
                ...(typeof variable.definition === 'string' ? { definition: renamer.query(variable.definition) } : {}),
                ...(query && typeof query.query === 'string'
                  ? { query: { ...query, query: renamer.query(query.query) } }
                  : {}),
              };
            }),
          },
        }
      : {}),
  };
}

const readYaml = (text: string): YamlDocument => parse(text, { version: '1.1' }) as YamlDocument;
const writeYaml = (document: unknown): string => toYaml(document as YamlDocument, generatedHeader());

/**
 * The renamer of the config's naming and prefix, taught every recording rule of the presets, so
 * that a query on a recording rule is renamed in the scope of the metrics the rule reads. The
 * rendered files go through it; a query written elsewhere (a runbook's diagnosis) can too.
 *
 * @example
 * ```ts
 * const renamer = presetRenamer(ruleContext(resolvePresetConfig({ naming: 'otel' })));
 * renamer.query('sum by (route) (job_route:api_requests:rate5m)'); // 'sum by (http_route) (job_route:api_requests:rate5m)'
 * ```
 */
export function presetRenamer(c: RuleContext): QueryRenamer {
  const renamer = queryRenamer(c.config.naming, c.config.prefix);
  if (renamer.identity) return renamer;
  for (const group of recordingGroups(c)) for (const rule of group.rules) renamer.learn(rule.record, rule.expr);
  return renamer;
}

/**
 * Renames the rendered files for a naming, in place, with a renamer taught the recording rules
 * (see {@link presetRenamer}): the rules and alerts, the PrometheusRule
 * manifest, the promtool tests, the sample alerts of the Alertmanager tests and the dashboards. Under the default naming nothing changes.
 */
export function renameFiles(files: Map<string, string>, renamer: QueryRenamer): void {
  if (renamer.identity) return;
  const paths = [...files.keys()];
  const rules = paths.filter((path) => path.startsWith('prometheus/rules/'));
  const alertScopes = new Map<string, LabelScope>();
  for (const path of [...rules, ...paths.filter((path) => path.startsWith('prometheus/alerts/'))]) {
    const document = readYaml(files.get(path)!) as unknown as { groups: RuleGroup[] };
    for (const group of document.groups) {
      for (const rule of group.rules)
        if (rule.alert !== undefined) alertScopes.set(rule.alert, renamer.scope(rule.expr));
    }
    files.set(path, writeYaml({ ...document, groups: document.groups.map((group) => renameGroup(group, renamer)) }));
  }
  const manifest = files.get('kubernetes/prometheus-rule.yaml');
  if (manifest !== undefined) {
    const document = readYaml(manifest) as unknown as { spec: { groups: RuleGroup[] } };
    files.set(
      'kubernetes/prometheus-rule.yaml',
      writeYaml({
        ...document,
        spec: { ...document.spec, groups: document.spec.groups.map((g) => renameGroup(g, renamer)) },
      }),
    );
  }
  for (const path of paths.filter((path) => path.startsWith('prometheus/tests/'))) {
    const document = readYaml(files.get(path)!) as unknown as { tests: UnitTest[] };
    files.set(
      path,
      writeYaml({ ...document, tests: document.tests.map((test) => renameTest(test, renamer, alertScopes)) }),
    );
  }
  const samples = files.get(SAMPLE_ALERTS);
  if (samples !== undefined) {
    const data = JSON.parse(samples) as { alerts: { labels: Record<string, string> }[] };
    const alerts = data.alerts.map((alert) => ({
      ...alert,
      labels: renamer.labels(alert.labels, alertScopes.get(alert.labels.alertname ?? '') ?? {}),
    }));
    files.set(SAMPLE_ALERTS, `${JSON.stringify({ ...data, alerts }, null, 2)}\n`);
  }
  for (const path of paths.filter((path) => path.startsWith('grafana/dashboards/'))) {
    const dashboard = JSON.parse(files.get(path)!) as Dashboard;
    files.set(path, `${JSON.stringify(renameDashboard(dashboard, renamer), null, 2)}\n`);
  }
}
