/**
 * YAML output of the presets, written with the `yaml` package. One set of options for every
 * file: block style, no line folding (a long PromQL expression or URL stays on its line),
 * single quotes when a string must be quoted (PromQL and Go templates read better without
 * backslashes), and multi-line strings as literal blocks.
 *
 * Prometheus and Alertmanager read YAML 1.1 (go-yaml v2), other tools YAML 1.2. A string is
 * written plain only when both read it back as that string: the document is written with the
 * 1.1 schema (which quotes `yes`, `on`, `0x1F`, `1:20` …), and the one 1.2-only form, `0o17`
 * octal, and the 1.1 merge key `<<` are quoted as well. A byte order mark is written escaped in double quotes.
 */
import { Document, type ToStringOptions, visit } from 'yaml';

/** A value the presets write: plain data (objects, arrays, strings, numbers, booleans, null). */
export type YamlValue = string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue };

const OPTIONS: ToStringOptions = {
  lineWidth: 0,
  minContentWidth: 0,
  singleQuote: true,
  blockQuote: 'literal',
};

/** Plain text that YAML 1.2 reads as an octal number while YAML 1.1 reads it as a string. */
const OCTAL_1_2 = /^[-+]?0o[0-7]+$/;

/** Written plain as a key, YAML 1.1 reads `<<` as a merge of another mapping. */
const MERGE_KEY = '<<';
const MERGE_TAG = 'tag:yaml.org,2002:merge';

/** A byte order mark, which a reader drops wherever a line starts with it: written escaped. */
const BYTE_ORDER_MARK = /\uFEFF/;

/**
 * Multi-line text a literal block holds as it is: it starts with a visible character and no line
 * ends in white space (the presets' PromQL and templates). Other multi-line text is written in
 * double quotes, escaped, since blocks lose white-space-only lines.
 */
const LITERAL_BLOCK = /^\S(?:[^\S\n]*\S|\n(?=\S))*$/;

/** A YAML document of the presets: every file they write is a mapping at the top. */
export type YamlDocument = { readonly [key: string]: YamlValue };

/**
 * Writes `value` as a YAML document, optionally preceded by comment lines.
 *
 * @param value - The document.
 * @param header - Comment lines written first (each gets a `# `).
 */
export function toYaml(value: YamlDocument, header: readonly string[] = []): string {
  const document = new Document(value, {
    version: '1.1',
    // Keys are data, never merges: drop the merge tag so `<<` is written as the string it is.
    customTags: (tags) => tags.filter((tag) => typeof tag !== 'object' || tag.tag !== MERGE_TAG),
  });
  visit(document, {
    Scalar(_, node) {
      if (typeof node.value !== 'string') return;
      if (BYTE_ORDER_MARK.test(node.value)) node.type = 'QUOTE_DOUBLE';
      else if (node.value.includes('\n') && !LITERAL_BLOCK.test(node.value)) node.type = 'QUOTE_DOUBLE';
      else if (OCTAL_1_2.test(node.value) || node.value === MERGE_KEY) node.type = 'QUOTE_SINGLE';
    },
  });
  // On the top mapping rather than the document, so no blank line follows the header.
  if (header.length > 0 && document.contents) {
    document.contents.commentBefore = header.map((line) => ` ${line}`).join('\n');
  }
  return document.toString(OPTIONS);
}
