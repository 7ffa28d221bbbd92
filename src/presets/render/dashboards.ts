import type { RuleContext } from '../alerts/types.js';
import { quote } from '../promql.js';
import { dashboards } from '../dashboards/index.js';
import { DATASOURCE, type DashboardSpec, type PanelContext, type PanelSpec } from '../dashboards/panel.js';
import { generatedHeader } from './header.js';
import { toYaml, type YamlValue } from './yaml.js';

const HEIGHT = 8;

/** The context dashboards are declared with. */
function panelContext(c: RuleContext): PanelContext {
  const extra = Object.entries(c.config.selector).map(([label, value]) => `${label}=${quote(value)}`);
  return {
    ...c,
    sdk: (...matchers) => `{${['job=~"$job"', 'instance=~"$instance"', ...extra, ...matchers].join(',')}}`,
    all: () => (extra.length === 0 ? '' : `{${extra.join(',')}}`),
  };
}

/** The Python reference stack’s four dashboards, declared, with the panels of the groups that are on. */
function dashboardSpecs(c: RuleContext): DashboardSpec[] {
  return dashboards(panelContext(c));
}

function panelJson(panel: PanelSpec, id: number, gridPos: { x: number; y: number; w: number; h: number }): YamlValue {
  const table = panel.type === 'table';
  return {
    id,
    type: panel.type,
    title: panel.title,
    description: panel.description,
    datasource: DATASOURCE,
    gridPos,
    fieldConfig: {
      defaults: {
        unit: panel.unit,
        ...(panel.min === undefined ? {} : { min: panel.min }),
        ...(panel.max === undefined ? {} : { max: panel.max }),
      },
      overrides: [],
    },
    options: table ? { showHeader: true } : { legend: { displayMode: 'list', placement: 'bottom' } },
    ...(table ? { transformations: [{ id: 'merge', options: {} }] } : {}),
    targets: panel.queries.map((query, index) => ({
      refId: String.fromCharCode(65 + index),
      datasource: DATASOURCE,
      expr: query.expr,
      legendFormat: query.legend ?? '__auto',
      instant: query.instant ?? false,
      range: !(query.instant ?? false),
      format: table ? 'table' : 'time_series',
    })),
  };
}

function variable(name: string, label: string, query: string, options: { all: boolean; current: string }): YamlValue {
  return {
    name,
    label,
    type: 'query',
    datasource: DATASOURCE,
    definition: query,
    query: { query, refId: `${name}-variable` },
    refresh: 2,
    sort: 1,
    multi: false,
    includeAll: options.all,
    ...(options.all ? { allValue: '.*' } : {}),
    current: { text: options.current, value: options.all ? '$__all' : options.current },
  };
}

/** One dashboard's JSON document. */
function dashboardJson(spec: DashboardSpec, c: RuleContext): YamlValue {
  let x = 0;
  let y = 0;
  const panels = spec.panels.map((panel, index) => {
    const w = panel.width ?? (panel.type === 'gauge' || panel.type === 'stat' ? 6 : 12);
    if (x + w > 24) {
      x = 0;
      y += HEIGHT;
    }
    const json = panelJson(panel, index + 1, { x, y, w, h: HEIGHT });
    x += w;
    return json;
  });
  const info = c.metric('app_info');
  return {
    uid: spec.uid,
    title: spec.title,
    description: `${spec.summary} ${generatedHeader().join(' ')}`,
    tags: ['transcode-flow', 'observability'],
    editable: true,
    graphTooltip: 1,
    refresh: '30s',
    schemaVersion: 39,
    version: 1,
    time: { from: 'now-6h', to: 'now' },
    timepicker: {},
    timezone: 'browser',
    annotations: { list: [] },
    links: [],
    templating: {
      list: [
        {
          name: 'datasource',
          label: 'Datasource',
          type: 'datasource',
          query: 'prometheus',
          current: { text: c.config.grafana.datasourceName, value: c.config.grafana.datasourceUid },
          hide: 0,
          refresh: 1,
          regex: '',
        },
        variable('job', 'Job', `label_values(${info}, job)`, { all: false, current: c.config.jobs.service }),
        variable('instance', 'Instance', `label_values(${info}{job=~"$job"}, instance)`, { all: true, current: 'All' }),
      ],
    },
    panels,
  };
}

/** `grafana/dashboards/<name>.json` for each dashboard. */
export function renderDashboards(c: RuleContext): Map<string, string> {
  return new Map(
    dashboardSpecs(c).map((spec) => [
      `grafana/dashboards/${spec.file}.json`,
      `${JSON.stringify(dashboardJson(spec, c), null, 2)}\n`,
    ]),
  );
}

/** `grafana/provisioning/…`: the Prometheus datasource and the dashboard folder. */
export function renderProvisioning(c: RuleContext): Map<string, string> {
  const grafana = c.config.grafana;
  return new Map([
    [
      'grafana/provisioning/datasources/prometheus.yml',
      toYaml(
        {
          apiVersion: 1,
          datasources: [
            {
              name: grafana.datasourceName,
              uid: grafana.datasourceUid,
              type: 'prometheus',
              access: 'proxy',
              url: grafana.prometheusUrl,
              isDefault: true,
              jsonData: { timeInterval: c.config.scrapeInterval },
            },
          ],
        },
        generatedHeader(),
      ),
    ],
    [
      'grafana/provisioning/dashboards/transcode-flow.yml',
      toYaml(
        {
          apiVersion: 1,
          providers: [
            {
              name: 'transcode-flow',
              folder: 'Transcode Flow',
              type: 'file',
              disableDeletion: false,
              allowUiUpdates: false,
              options: { path: '/var/lib/grafana/dashboards', foldersFromFilesStructure: false },
            },
          ],
        },
        generatedHeader(),
      ),
    ],
  ]);
}
