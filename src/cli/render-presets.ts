import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ObservabilityError } from '../core/errors.js';
import type { PresetConfig } from '../presets/preset-config.js';
import { writePresets } from '../presets/render-presets.js';
import { type CliIo, EXIT } from './io.js';

/** `render-presets --help`. */
export const RENDER_PRESETS_HELP = `Usage: transcode-flow-observability render-presets --out DIR [--prefix P] [--config FILE]

Writes the whole monitoring-presets/ tree for your service into DIR:
  DIR/prometheus/prometheus.yml          scrape configs, alerting, rule files
  DIR/prometheus/alerts/*.yml            alert rules (job, system, API, SLO burn rates)
  DIR/prometheus/rules/*.yml             recording rules
  DIR/prometheus/tests/*.yml             promtool unit tests for the thresholds rendered
  DIR/alertmanager/                      alertmanager.yml, templates/, tests/
  DIR/grafana/                           dashboards/*.json, provisioning/
  DIR/kubernetes/                        ServiceMonitor, PodMonitor, PrometheusRule
  DIR/docker-compose.yml                 Prometheus, Alertmanager, Grafana, exporters

Options:
  --out DIR        Directory to write into (created if missing; files are overwritten). Required.
  --prefix P       The metric prefix your service passes to createObservability (e.g. media_).
                   Overrides "prefix" in the config file. Default: none.
  --config FILE    A JSON or YAML preset config: prefix, jobs, targets, selector, metricsPath,
                   scrapeInterval, evaluationInterval, externalLabels, alertLabels,
                   alerts.<AlertName>.{threshold,for,severity,enabled}, slo, runbookUrl,
                   alertmanager, grafana, kubernetes. See docs/presets.md. Default: none.
                   YAML needs the "yaml" package installed; JSON always works.
  -h, --help       Show this help.

Then check the result:  promtool test rules DIR/prometheus/tests/*.yml
`;

async function loadConfig(file: string): Promise<PresetConfig> {
  const text = readFileSync(resolve(file), 'utf8');
  if (/\.json$/i.test(file)) return JSON.parse(text) as PresetConfig;
  let yaml: { parse(source: string): unknown };
  try {
    yaml = (await import('yaml')) as { parse(source: string): unknown };
  } catch {
    throw new ObservabilityError(
      'TFO_ERR_INVALID_PRESET_CONFIG',
      `--config ${file} is YAML, but the "yaml" package is not installed; install it (npm i -D yaml) or pass a .json file.`,
      'config',
    );
  }
  return (yaml.parse(text) ?? {}) as PresetConfig;
}

/** Runs `render-presets`; returns the exit code. */
export async function renderPresetsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let values: { out?: string; prefix?: string; config?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        out: { type: 'string' },
        prefix: { type: 'string' },
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${RENDER_PRESETS_HELP}`);
    return EXIT.usage;
  }
  if (values.help) {
    io.stdout(RENDER_PRESETS_HELP);
    return EXIT.ok;
  }
  if (!values.out) {
    io.stderr(`render-presets needs --out DIR.\n\n${RENDER_PRESETS_HELP}`);
    return EXIT.usage;
  }
  try {
    const config = values.config ? await loadConfig(values.config) : {};
    const written = writePresets(
      values.out,
      values.prefix === undefined ? config : { ...config, prefix: values.prefix },
    );
    io.stderr(`wrote ${written.length} files to ${values.out}\n`);
    return EXIT.ok;
  } catch (error) {
    io.stderr(`${(error as Error).message}\n`);
    return EXIT.usage;
  }
}
