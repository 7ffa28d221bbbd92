import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CATALOGUE_DEFINITIONS } from '../catalogue/index.js';
import { METRIC_NAMINGS, type MetricNaming, namedMetric } from '../catalogue/naming.js';
import { ALWAYS_ON_GROUPS, CATALOGUE_GROUPS, DEFAULT_GROUPS } from '../catalogue/groups.js';
import { runtimeMetrics } from '../catalogue/runtime.js';
import { OVERFLOW_LABEL_VALUE } from '../core/metrics/labels.js';
import { type Exposition, parseExposition } from './exposition.js';
import { describeFetchError, notAnExposition } from './exposition-check.js';
import { type CliIo, EXIT } from './io.js';

/** `verify --help`. */
export const VERIFY_HELP = `Usage: transcode-flow-observability verify --url URL [options]

Reads a live /metrics and checks it against the SDK's metric catalogue. Reports SDK
metrics that are missing, names it does not know, wrong types, undeclared labels, and
metrics near (or at) their series cap. Exits 1 when it finds a problem, 2 when it
cannot read the endpoint or what it answers is not a metrics exposition (a web page,
JSON, an empty body), 0 otherwise, so it can run in CI or a smoke test.

Options:
  --url URL               The metrics endpoint, e.g. http://127.0.0.1:3000/metrics. Required.
  --prefix P              The metric prefix the service uses. Default: none.
  --naming N              The naming the service uses (createObservability's naming):
                          prometheus or otel. Default: prometheus.
  --max-series N          The service's maxSeriesPerMetric. Default: 1000.
  --warn-ratio R          Report a metric once it holds this share of its cap. Default: 0.8.
  --groups G[,G...]|all   The catalogue groups the service turned on (createObservability's
                          \`groups\`); only their metrics must be present. Default: ${DEFAULT_GROUPS.join(',')}.
                          Groups: ${CATALOGUE_GROUPS.join(', ')}.
  --expect NAME[,NAME...] The service's own metrics (customMetrics), names without prefix: each
                          must be present, and none counts as unknown. Repeatable.
  --http-labels L[,L...]  The extra labels of the HTTP request metrics (createObservability's
                          \`httpLabels\`): allowed on the request counter and histogram. Repeatable.
  --allow-unknown         Do not count other metrics outside the catalogue as problems.
  --bearer-token-file F   Send the token in F as "Authorization: Bearer …".
  --json                  Print the report as JSON.
  -h, --help              Show this help.
`;

/** What `verify` found. */
export interface VerifyReport {
  readonly missing: string[];
  /** Names given with --expect that the exposition lacks. */
  readonly missingExpected: string[];
  readonly missingRuntime: string[];
  readonly unknown: string[];
  readonly wrongTypes: { metric: string; expected: string; actual: string }[];
  readonly unexpectedLabels: { metric: string; labels: string[] }[];
  readonly nearCap: { metric: string; series: number; cap: number; overflowed: boolean }[];
  readonly constantLabels: string[];
}

const SUFFIXES = ['_bucket', '_sum', '_count'];
/** The catalogue metrics that carry the service's `httpLabels`. */
const HTTP_LABELLED = new Set(['api_requests_total', 'api_request_duration_seconds']);

/** Checks an exposition against the catalogue. */
export function verifyExposition(
  exposition: Exposition,
  options: {
    prefix: string;
    maxSeries: number;
    warnRatio: number;
    groups?: readonly string[];
    expect?: readonly string[];
    /** The naming the service passes to `createObservability`. Default: `'prometheus'`. */
    naming?: MetricNaming;
    /** The service's `httpLabels`, allowed on the request counter and histogram. Default: none. */
    httpLabels?: readonly string[];
  },
): VerifyReport {
  const { prefix } = options;
  const naming = options.naming ?? 'prometheus';
  const groups = new Set<string>([...ALWAYS_ON_GROUPS, ...(options.groups ?? DEFAULT_GROUPS)]);
  const expected = new Set((options.expect ?? []).map((name) => prefix + name));
  const definitions = new Map(
    CATALOGUE_DEFINITIONS.flatMap((d) => {
      const named = namedMetric(d, naming);
      if (!named.exposed) return [];
      return [[prefix + named.name, { ...d, labelNames: d.labelNames.map((label) => named.labels[label] ?? label) }]];
    }),
  );
  const runtime = new Set(runtimeMetrics.map((d) => prefix + d.name));
  const familyOf = (sample: string): string => {
    if (definitions.has(sample) || runtime.has(sample)) return sample;
    const suffix = SUFFIXES.find((s) => sample.endsWith(s));
    return suffix ? sample.slice(0, -suffix.length) : sample;
  };
  const sdkSamples = exposition.samples.filter((s) => definitions.has(familyOf(s.name)));
  const constantLabels =
    sdkSamples.length === 0
      ? []
      : Object.keys(sdkSamples[0]!.labels).filter((label) => sdkSamples.every((s) => label in s.labels));
  const report: VerifyReport = {
    missing: [],
    missingExpected: [...expected].filter((name) => !exposition.types.has(name)),
    missingRuntime: [],
    unknown: [],
    wrongTypes: [],
    unexpectedLabels: [],
    nearCap: [],
    constantLabels,
  };
  for (const [name, definition] of definitions) {
    const type = exposition.types.get(name);
    if (type === undefined) {
      if (groups.has(definition.group)) report.missing.push(name);
      continue;
    }
    if (type !== definition.type) report.wrongTypes.push({ metric: name, expected: definition.type, actual: type });
    const samples = sdkSamples.filter((s) => familyOf(s.name) === name);
    const allowed = new Set<string>([
      ...definition.labelNames,
      ...constantLabels,
      ...(definition.type === 'histogram' ? ['le'] : []),
      ...(HTTP_LABELLED.has(definition.name) ? (options.httpLabels ?? []) : []),
    ]);
    const extra = [...new Set(samples.flatMap((s) => Object.keys(s.labels)).filter((label) => !allowed.has(label)))];
    if (extra.length > 0) report.unexpectedLabels.push({ metric: name, labels: extra });
    const series = new Set(
      samples
        .filter((s) => definition.type !== 'histogram' || s.name.endsWith('_count'))
        .map((s) => JSON.stringify(s.labels)),
    );
    const overflowed = samples.some((s) => Object.values(s.labels).includes(OVERFLOW_LABEL_VALUE));
    if (overflowed || series.size >= options.maxSeries * options.warnRatio) {
      report.nearCap.push({ metric: name, series: series.size, cap: options.maxSeries, overflowed });
    }
  }
  for (const name of runtime) if (!exposition.types.has(name)) report.missingRuntime.push(name);
  for (const name of exposition.types.keys()) {
    if (!definitions.has(name) && !runtime.has(name) && !expected.has(name) && name.startsWith(prefix))
      report.unknown.push(name);
  }
  return report;
}

function describe(report: VerifyReport): string {
  const lines: string[] = [];
  const section = (title: string, items: string[]) => {
    if (items.length > 0) lines.push(`${title} (${items.length}):`, ...items.map((item) => `  - ${item}`));
  };
  section('SDK metrics missing', report.missing);
  section('Expected metrics missing (--expect)', report.missingExpected);
  section('Metrics not in the catalogue', report.unknown);
  section(
    'Wrong types',
    report.wrongTypes.map((w) => `${w.metric}: ${w.actual}, expected ${w.expected}`),
  );
  section(
    'Undeclared labels',
    report.unexpectedLabels.map((u) => `${u.metric}: ${u.labels.join(', ')}`),
  );
  section(
    'Near or at the series cap',
    report.nearCap.map((n) => `${n.metric}: ${n.series} of ${n.cap} series${n.overflowed ? ', overflowing' : ''}`),
  );
  section('Runtime metrics missing (defaultMetrics off?)', report.missingRuntime);
  if (report.constantLabels.length > 0) lines.push(`Constant labels: ${report.constantLabels.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** Runs `verify`; returns the exit code. */
export async function verifyCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let values: {
    url?: string;
    prefix?: string;
    naming?: string;
    'max-series'?: string;
    'warn-ratio'?: string;
    'allow-unknown'?: boolean;
    groups?: string;
    expect?: string[];
    'http-labels'?: string[];
    'bearer-token-file'?: string;
    json?: boolean;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        url: { type: 'string' },
        prefix: { type: 'string' },
        naming: { type: 'string' },
        'max-series': { type: 'string' },
        'warn-ratio': { type: 'string' },
        'allow-unknown': { type: 'boolean' },
        groups: { type: 'string' },
        expect: { type: 'string', multiple: true },
        'http-labels': { type: 'string', multiple: true },
        'bearer-token-file': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${VERIFY_HELP}`);
    return EXIT.usage;
  }
  if (values.help) {
    io.stdout(VERIFY_HELP);
    return EXIT.ok;
  }
  const maxSeries = Number(values['max-series'] ?? 1000);
  const warnRatio = Number(values['warn-ratio'] ?? 0.8);
  if (!values.url || !Number.isInteger(maxSeries) || maxSeries < 1 || !(warnRatio > 0 && warnRatio <= 1)) {
    io.stderr(
      `verify needs --url URL; --max-series must be a whole number of 1 or more and --warn-ratio a number in (0, 1].\n\n${VERIFY_HELP}`,
    );
    return EXIT.usage;
  }
  const list = (value: string): string[] =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  const groups = values.groups === undefined || values.groups === 'all' ? values.groups : list(values.groups);
  const badGroup = Array.isArray(groups)
    ? groups.find((group) => !(CATALOGUE_GROUPS as readonly string[]).includes(group))
    : undefined;
  if (badGroup !== undefined) {
    io.stderr(
      `verify: --groups names ${JSON.stringify(badGroup)}, which is not a group; groups: ${CATALOGUE_GROUPS.join(', ')}, or all.\n\n${VERIFY_HELP}`,
    );
    return EXIT.usage;
  }
  if (values.naming !== undefined && !(METRIC_NAMINGS as readonly string[]).includes(values.naming)) {
    io.stderr(
      `verify: --naming is ${JSON.stringify(values.naming)}; expected ${METRIC_NAMINGS.join(' or ')}, as passed to createObservability.\n\n${VERIFY_HELP}`,
    );
    return EXIT.usage;
  }
  const expect = (values.expect ?? []).flatMap(list);
  let text: string;
  let contentType: string | null;
  try {
    const headers: Record<string, string> = { accept: 'text/plain; version=0.0.4' };
    if (values['bearer-token-file'])
      headers.authorization = `Bearer ${readFileSync(values['bearer-token-file'], 'utf8').trim()}`;
    const response = await fetch(values.url, { headers, signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
    contentType = response.headers.get('content-type');
    text = await response.text();
  } catch (error) {
    io.stderr(`cannot read ${values.url}: ${describeFetchError(error)}\n`);
    return EXIT.usage;
  }
  const notExposition = notAnExposition(contentType, text);
  if (notExposition !== undefined) {
    io.stderr(
      `${values.url} is not a metrics exposition: ${notExposition}. Point --url at the service's metrics endpoint (e.g. http://127.0.0.1:3000/metrics).\n`,
    );
    return EXIT.usage;
  }
  const report = verifyExposition(parseExposition(text), {
    prefix: values.prefix ?? '',
    maxSeries,
    warnRatio,
    groups: groups === 'all' ? CATALOGUE_GROUPS : groups,
    expect,
    httpLabels: (values['http-labels'] ?? []).flatMap(list),
    naming: (values.naming ?? 'prometheus') as MetricNaming,
  });
  const problems =
    report.missing.length +
    report.missingExpected.length +
    report.wrongTypes.length +
    report.unexpectedLabels.length +
    report.nearCap.length +
    (values['allow-unknown'] ? 0 : report.unknown.length);
  io.stdout(values.json ? `${JSON.stringify({ ok: problems === 0, ...report }, null, 2)}\n` : describe(report));
  io.stderr(
    problems === 0 ? `verify: ${values.url} matches the catalogue\n` : `verify: ${problems} problem(s) found\n`,
  );
  return problems === 0 ? EXIT.ok : EXIT.problems;
}
