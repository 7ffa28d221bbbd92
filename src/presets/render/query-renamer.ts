/**
 * The rename pass of `naming: 'otel'` over PromQL and Go/Grafana templates: metric names and
 * label names, each label renamed only where the query reads a metric that renames it.
 */
import type { SeriesRename } from '../../catalogue/naming.js';

/** Label renames that hold in one query: catalogue label → exposed label. */
export type LabelScope = Readonly<Record<string, string>>;

/** Functions whose string arguments name labels; a scope that renames labels cannot see into them. */
const LABEL_STRING_FUNCTIONS = /\b(label_replace|label_join|count_values|sort_by_label|sort_by_label_desc)\s*\(/;

/** One token of a query: an identifier to look at, or text to keep as it is. */
type Token =
  { readonly identifier: true; readonly text: string } | { readonly identifier: false; readonly text: string };

/** Splits PromQL into identifiers and the rest; strings, numbers, durations and comments are kept whole. */
function tokens(query: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let plain = '';
  const flush = (): void => {
    if (plain !== '') out.push({ identifier: false, text: plain });
    plain = '';
  };
  while (i < query.length) {
    const char = query[i]!;
    if (char === '"' || char === "'" || char === '`') {
      let end = i + 1;
      while (end < query.length && query[end] !== char) end += char !== '`' && query[end] === '\\' ? 2 : 1;
      plain += query.slice(i, end + 1);
      i = end + 1;
    } else if (char === '#') {
      const end = query.indexOf('\n', i);
      plain += query.slice(i, end === -1 ? query.length : end);
      i = end === -1 ? query.length : end;
    } else if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(query[i + 1] ?? ''))) {
      const match = /^[0-9.][0-9a-zA-Z_.]*/.exec(query.slice(i))![0];
      plain += match;
      i += match.length;
    } else if (/[a-zA-Z_:]/.test(char)) {
      const match = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(query.slice(i))![0];
      flush();
      out.push({ identifier: true, text: match });
      i += match.length;
    } else {
      plain += char;
      i++;
    }
  }
  flush();
  return out;
}

/** Adds `more` to `scope`; the same label renamed two ways in one query is an error. */
function merge(scope: Record<string, string>, more: LabelScope, query: string): void {
  for (const [from, to] of Object.entries(more)) {
    const known = scope[from];
    if (known !== undefined && known !== to) {
      throw new Error(`cannot rename label ${from} in \`${query}\`: its metrics rename it to both ${known} and ${to}`);
    }
    scope[from] = to;
  }
}

/**
 * Renames the metric and label names of queries and templates for a naming. It knows the
 * catalogue series the naming renames and, once taught, the recording rules built on them (a
 * recording rule's output keeps the labels of the metrics it reads, renamed alike).
 */
export class QueryRenamer {
  private readonly series: ReadonlyMap<string, SeriesRename>;
  private readonly recorded = new Map<string, LabelScope>();
  /** Labels renamed by a metric that a query does not read. */
  private readonly renamedLabels: ReadonlySet<string>;

  /** Series that keep a label the naming renames on other metrics (`operation` of the cache metrics). */
  private readonly keeps: ReadonlyMap<string, LabelScope>;

  /**
   * @param series - The series the naming renames, by their default name (see `seriesRenames`).
   * @param keeps - The series that keep, under their own name, a label it renames elsewhere:
   *   a query that reads both kinds cannot rename that label, and throws.
   */
  constructor(series: ReadonlyMap<string, SeriesRename>, keeps: ReadonlyMap<string, LabelScope> = new Map()) {
    this.series = series;
    this.keeps = keeps;
    this.renamedLabels = new Set([...series.values()].flatMap((rename) => Object.keys(rename.labels)));
  }

  /** True when the naming renames nothing (the default naming). */
  get identity(): boolean {
    return this.series.size === 0;
  }

  /** Teaches a recording rule: its output series carry the labels of the query it records, renamed alike. */
  learn(record: string, expr: string): void {
    const scope = this.scope(expr);
    if (Object.keys(scope).length > 0) this.recorded.set(record, scope);
  }

  /** The label renames that hold in a query: those of every metric and recording rule it reads. */
  scope(query: string): LabelScope {
    const scope: Record<string, string> = {};
    for (const token of tokens(query)) {
      if (!token.identifier) continue;
      const more = this.series.get(token.text)?.labels ?? this.recorded.get(token.text) ?? this.keeps.get(token.text);
      if (more !== undefined) merge(scope, more, query);
    }
    return scope;
  }

  /** A query with its metrics renamed, and its labels renamed in its own scope (plus `extra`). */
  query(query: string, extra: LabelScope = {}): string {
    if (this.identity) return query;
    const scope = { ...this.scope(query) };
    merge(scope, extra, query);
    if (Object.entries(scope).some(([from, to]) => from !== to) && LABEL_STRING_FUNCTIONS.test(query)) {
      throw new Error(`cannot rename the labels quoted in \`${query}\`; name the label outside a string`);
    }
    return tokens(query)
      .map((token) =>
        token.identifier ? (this.series.get(token.text)?.name ?? scope[token.text] ?? token.text) : token.text,
      )
      .join('');
  }

  /** A template's labels renamed in `scope`: `{{ $labels.route }}` (Prometheus) and `{{route}}` (Grafana legends). */
  template(text: string, scope: LabelScope): string {
    if (this.identity) return text;
    return text
      .replace(/\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)/g, (whole, name: string) => `$labels.${scope[name] ?? name}`)
      .replace(/\{\{(\s*)([a-zA-Z_][a-zA-Z0-9_]*)(\s*)\}\}/g, (whole, before: string, name: string, after: string) =>
        scope[name] === undefined ? whole : `{{${before}${scope[name]}${after}}}`,
      );
  }

  /** The keys of a label set renamed in `scope`. */
  labels<V>(labels: Readonly<Record<string, V>>, scope: LabelScope): Record<string, V> {
    const out: Record<string, V> = {};
    for (const [name, value] of Object.entries(labels)) out[scope[name] ?? name] = value;
    return out;
  }

  /** True when a label the naming renames is left in a text that reads none of the renamed metrics. */
  mentionsRenamedLabel(text: string): boolean {
    return tokens(text).some((token) => token.identifier && this.renamedLabels.has(token.text));
  }
}
