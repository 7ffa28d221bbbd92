import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The lint rules of ARCHITECTURE.md (`import-x/no-cycle` and the `import-x/no-restricted-paths`
 * layer zones in eslint.config.js) fail on a deliberately added wrong import. Nothing is written
 * to disk: a real source file is linted with one import added, under its own path, so the rules
 * resolve its imports against the real tree.
 */
const ROOT = join(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: ROOT });

/** The import-x messages for `file` (relative to the root) with `extra` appended to its text. */
async function importMessages(file: string, extra = ''): Promise<{ ruleId: string | null; message: string }[]> {
  const text = readFileSync(join(ROOT, file), 'utf8') + extra;
  const [result] = await eslint.lintText(text, { filePath: join(ROOT, file) });
  return result!.messages
    .filter((message) => message.ruleId?.startsWith('import-x/') || message.fatal)
    .map(({ ruleId, message }) => ({ ruleId, message }));
}

describe('the architecture lint rules', () => {
  it.each(['src/logging/redaction.ts', 'src/core/http/request-scope.ts'])('pass on %s as it is', async (file) => {
    expect(await importMessages(file)).toEqual([]);
  });

  it('fail on an import cycle inside one layer (logging/redaction.ts importing logging/logger.ts, which imports it)', async () => {
    const messages = await importMessages('src/logging/redaction.ts', "\nimport './logger.js';\n");
    expect(messages.map((message) => message.ruleId)).toEqual(['import-x/no-cycle']);
  });

  it("fail on the old loop's first step: the HTTP core importing the assembly", async () => {
    const messages = await importMessages(
      'src/core/http/request-scope.ts',
      "\nimport '../../create-observability.js';\n",
    );
    expect(messages.map((message) => message.ruleId)).toContain('import-x/no-restricted-paths');
    expect(messages.find((message) => message.ruleId === 'import-x/no-restricted-paths')?.message).toMatch(
      /the HTTP core and health checks know no adapter, domain helper or preset/,
    );
  });

  it.each([
    ['src/catalogue/api.ts', "\nimport '../core/registry.js';\n", /the catalogue is the bottom layer/],
    ['src/presets/defaults.ts', "\nimport '../logging/logger.js';\n", /presets depend on the catalogue only/],
    ['src/logging/levels.ts', "\nimport '../core/registry.js';\n", /logging sits below HTTP and knows no metric/],
    [
      'src/adapters/koa/index.ts',
      "\nimport '../express/index.js';\n",
      /an adapter imports the HTTP core, never another adapter/,
    ],
  ])('fail on an upward import: %s', async (file, extra, reason) => {
    const messages = await importMessages(file, extra);
    const zone = messages.find((message) => message.ruleId === 'import-x/no-restricted-paths');
    expect(zone?.message, JSON.stringify(messages)).toMatch(reason);
  });
});
