import { parseArgs } from 'node:util';
import { ObservabilityError } from '../core/errors.js';
import { type PresetConfig, writePresets } from '../presets/index.js';
import { loadConfigFile } from './config-file.js';
import { type CliIo, EXIT } from './io.js';

/** `render-presets --help`. */
export const RENDER_PRESETS_HELP = `Usage: transcode-flow-observability render-presets --out DIR [--prefix P] [--naming N] [--config FILE]

Writes the whole monitoring-presets/ tree for your service into DIR:
  DIR/prometheus/prometheus.yml          scrape configs, alerting, rule files
  DIR/prometheus/alerts/*.yml            alert rules (job, system, API, SLO burn rates, custom)
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
  --naming N       The naming your service passes to createObservability: prometheus or otel
                   (OpenTelemetry's names and labels, see docs/otel-naming.md). Overrides
                   "naming" in the config file. Default: prometheus.
  --config FILE    A JSON or YAML preset config: prefix, naming, jobs, targets, selector, metricsPath,
                   scrapeInterval, evaluationInterval, externalLabels, alertLabels,
                   alerts.<AlertName>.{threshold,for,severity,enabled}, slo, runbookUrl,
                   alertmanager, grafana, kubernetes, groups ('all' or a list of catalogue groups),
                   customMetrics.<key>.{name,type,labelNames,buckets,alerts[...]} (alerts on your
                   own metrics, into alerts/custom.yml). See docs/presets.md. Default: none.
                   YAML needs the "yaml" package installed; JSON always works.
  -h, --help       Show this help.

Then check the result:  promtool test rules DIR/prometheus/tests/*.yml
`;

/**
 * The message of a failed render, naming the config file when a field of it is at fault
 * (a bad `--prefix` is the command line's, not the file's).
 */
function blame(error: unknown, values: { config?: string; prefix?: string; naming?: string }): string {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof ObservabilityError) || values.config === undefined) return message;
  if (error.option === 'prefix' && values.prefix !== undefined) return `--prefix: ${message}`;
  if (error.option === 'naming' && values.naming !== undefined) return `--naming: ${message}`;
  return `--config ${values.config}: ${message}`;
}

/** Runs `render-presets`; returns the exit code. */
export async function renderPresetsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let values: { out?: string; prefix?: string; naming?: string; config?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        out: { type: 'string' },
        prefix: { type: 'string' },
        naming: { type: 'string' },
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
  let config: PresetConfig = {};
  try {
    if (values.config !== undefined) config = (await loadConfigFile(values.config)) as PresetConfig;
  } catch (error) {
    io.stderr(`render-presets: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  try {
    const written = writePresets(values.out, {
      ...config,
      ...(values.prefix === undefined ? {} : { prefix: values.prefix }),
      ...(values.naming === undefined ? {} : { naming: values.naming as PresetConfig['naming'] }),
    });
    io.stderr(`wrote ${written.length} files to ${values.out}\n`);
    return EXIT.ok;
  } catch (error) {
    io.stderr(`render-presets: ${blame(error, values)}\n`);
    return EXIT.usage;
  }
}
