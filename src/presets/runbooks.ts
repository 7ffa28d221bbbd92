import { customAlertDefinitions, withCustomSettings } from './alerts/custom-alerts.js';
import { ALERTS } from './alerts/index.js';
import type { AlertDefinition, RuleContext } from './alerts/types.js';
import { ruleContext } from './promql.js';
import { generatedHeader } from './render/header.js';
import { formatValue } from './humanize.js';
import type { PresetConfig } from './config/preset-config.js';
import { resolvePresetConfig } from './config/resolve-config.js';
import { alertThreshold } from './render/alerts.js';
import { presetRenamer } from './render/rename-files.js';

function header(custom = false): string {
  const text = generatedHeader().join(' ');
  return `<!-- ${custom ? text : text.replace('render-presets', 'render-presets` via `npm run generate')} -->`;
}

/** Queries in the config's naming (`naming: 'otel'` renames metrics and labels, as in the rendered rules). */
type Rename = (query: string) => string;

function runbook(definition: AlertDefinition, c: RuleContext, rename: Rename, custom = false): string {
  const settings = c.config.alerts[definition.name];
  const threshold = alertThreshold(definition, c.config);
  const queries = definition.runbook.diagnosis(c).map(([what, query]) => [what, rename(query)] as const);
  return `${header(custom)}

# ${definition.name}

| Severity | Component | For | Threshold | Report name |
| --- | --- | --- | --- | --- |
| ${settings.severity} | ${definition.component} | ${settings.for} | ${threshold === undefined ? '(none)' : formatValue(threshold, definition.format)} | ${definition.reportName ?? definition.name} |

## Meaning

${definition.runbook.meaning}

${custom ? 'The rule, as rendered from your preset config:' : 'The rule (default config; your prefix, job names and thresholds may differ):'}

\`\`\`promql
${rename(definition.expr(c, settings.threshold ?? 0))}
\`\`\`

## Impact

${definition.runbook.impact}

## Diagnosis

${queries.map(([what, query]) => `- ${what}:\n\n  \`\`\`promql\n  ${query}\n  \`\`\``).join('\n')}
${custom ? '' : '- The dashboards in Grafana\'s "Transcode Flow" folder show the same signals over time (see docs/dashboards.md).\n'}
## Mitigation

${definition.runbook.mitigation.map((step) => `- ${step}`).join('\n')}
`;
}

function index(c: RuleContext): string {
  const rows = [...ALERTS, ...customAlertDefinitions(c.config)].map((definition) => {
    const settings = c.config.alerts[definition.name];
    const threshold = alertThreshold(definition, c.config);
    return `| [${definition.name}](${definition.name}.md) | ${settings.severity} | ${definition.component} | ${threshold === undefined ? '(none)' : formatValue(threshold, definition.format)} | ${settings.for} | ${definition.reportName ?? ''} |`;
  });
  return `${header()}

# Alert runbooks

One page per alert the presets render: what it means, what it costs, the queries to run and what to do.
Defaults are shown; set your own with \`alerts.<AlertName>.{threshold, for, severity, enabled}\` in the preset
config (see [the presets guide](../presets.md)). Alerts renamed from the Python reference stack (its Celery and Airflow ones)
list the Python reference stack’s name.

| Alert | Severity | Component | Threshold | For | Report name |
| --- | --- | --- | --- | --- | --- |
${rows.join('\n')}
`;
}

/**
 * The runbooks (`docs/runbooks/<AlertName>.md` and an index), generated from the same table
 * as the alerts; every alert's `runbook_url` points at its page.
 *
 * @param config - The preset config whose defaults the pages show. Default: `{}`.
 * @returns File name (`JobFailureRateHigh.md`, `README.md`) to Markdown.
 * @example
 * ```ts
 * import { renderRunbooks } from '@transcode-flow/observability/presets';
 *
 * const pages = renderRunbooks();
 * console.log(pages.get('ApplicationDown.md')?.split('\n')[2]); // "# ApplicationDown"
 * ```
 */
export function renderRunbooks(config: PresetConfig = {}): Map<string, string> {
  const c = ruleContext(withCustomSettings(resolvePresetConfig(config)));
  const pages = new Map<string, string>([['README.md', index(c)]]);
  const renamer = presetRenamer(c);
  const rename: Rename = (query) => renamer.query(query);
  for (const definition of ALERTS) pages.set(`${definition.name}.md`, runbook(definition, c, rename));
  for (const [file, page] of customRunbooks(c)) pages.set(file, page);
  return pages;
}

/**
 * The runbook page of every alert on the service's own metrics (`customMetrics` in the preset
 * config): the rule, the queries to run, and the meaning, impact and mitigation the config gives
 * (or stubs naming the fields to fill in). `renderPresets` writes them to `runbooks/`.
 */
export function customRunbooks(c: RuleContext): Map<string, string> {
  const context = { ...c, config: withCustomSettings(c.config) };
  const renamer = presetRenamer(context);
  const rename: Rename = (query) => renamer.query(query);
  return new Map(
    customAlertDefinitions(context.config).map((definition) => [
      `${definition.name}.md`,
      runbook(definition, context, rename, true),
    ]),
  );
}
