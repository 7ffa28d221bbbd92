/** A small reader of the aggregations in a PromQL expression, for the presets' static checks. */

/** One aggregation: its operator, its `by` labels (or `without`), and the text it aggregates. */
export interface Aggregation {
  readonly operator: string;
  /** The grouping labels; `undefined` when there is no `by` clause. */
  readonly by: readonly string[] | undefined;
  /** Whether the grouping is `without (…)`. */
  readonly without: boolean;
  /** The aggregated expression, between the operator's parentheses. */
  readonly inner: string;
}

const OPERATORS =
  /\b(sum|max|min|avg|count|topk|bottomk|quantile|stddev|stdvar|group)\s*(?:(by|without)\s*\(([^)]*)\)\s*)?\(/g;

function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  throw new Error(`unbalanced parentheses in ${text}`);
}

/** Every aggregation in `expr`, nested ones included, outermost first. */
export function aggregations(expr: string): Aggregation[] {
  const text = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const found: Aggregation[] = [];
  for (const match of text.matchAll(OPERATORS)) {
    const open = match.index + match[0].length - 1;
    found.push({
      operator: match[1]!,
      by: match[3]
        ?.split(',')
        .map((label) => label.trim())
        .filter((label) => label !== ''),
      without: match[2] === 'without',
      inner: text.slice(open + 1, closing(text, open)),
    });
  }
  return found;
}

/** Whether the text holds an aggregation of its own. */
export function hasAggregation(text: string): boolean {
  return aggregations(text).length > 0;
}
