import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run.js';

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('render-presets --config with a bad file: the file name, where, and a TFO code', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tfo-cli-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  mkdirSync(join(dir, 'a-folder.json'));

  // [case, file name, content (undefined: not written), what stderr must contain]
  const CASES: readonly [string, string, string | undefined, (RegExp | string)[]][] = [
    [
      'invalid JSON (trailing comma)',
      'trailing.json',
      '{\n  "prefix": "media_",\n  "jobs": { "service": "api", },\n}\n',
      ['TFO_ERR_CONFIG_FILE', 'trailing.json', 'line 3, column 31', 'not valid JSON'],
    ],
    [
      'invalid JSON (unterminated string)',
      'unterminated.json',
      '{"prefix": "media_}',
      ['TFO_ERR_CONFIG_FILE', 'unterminated.json', 'line 1, column 20', 'not valid JSON'],
    ],
    ['an empty JSON file', 'empty.json', '', ['TFO_ERR_CONFIG_FILE', 'empty.json', 'is empty']],
    [
      'invalid YAML',
      'bad.yaml',
      'prefix: media_\njobs: [a, b\n',
      ['TFO_ERR_CONFIG_FILE', 'bad.yaml', /line \d+, column \d+/, 'not valid YAML'],
    ],
    [
      'YAML with a tab for indentation',
      'tabs.yml',
      'jobs:\n\tservice: api\n',
      ['TFO_ERR_CONFIG_FILE', 'tabs.yml', /line 2, column \d+/, 'not valid YAML'],
    ],
    ['an empty YAML file', 'empty.yaml', '\n', ['TFO_ERR_CONFIG_FILE', 'empty.yaml', 'is empty']],
    [
      'a JSON array, not an object',
      'array.json',
      '[1, 2]',
      ['TFO_ERR_INVALID_PRESET_CONFIG', 'array.json', 'an array', 'an object'],
    ],
    ['a YAML string, not an object', 'string.yaml', 'hello\n', ['TFO_ERR_INVALID_PRESET_CONFIG', 'string.yaml']],
    ['JSON null', 'null.json', 'null', ['TFO_ERR_INVALID_PRESET_CONFIG', 'null.json']],
    [
      'an unknown key',
      'unknown.json',
      '{"prefx": "media_"}',
      ['TFO_ERR_INVALID_PRESET_CONFIG', 'unknown.json', '`prefx`', 'did you mean `prefix`'],
    ],
    ['a file that does not exist', 'missing.json', undefined, ['TFO_ERR_CONFIG_FILE', 'missing.json', 'no such file']],
    ['a folder', 'a-folder.json', undefined, ['TFO_ERR_CONFIG_FILE', 'a-folder.json', 'is a folder']],
  ];

  it.each(CASES)('%s', async (_case, name, content, expected) => {
    const path = content === undefined ? join(dir, name) : file(name, content);
    const out = join(dir, `out-${name}`);
    const { code, stdout, stderr } = await cli('render-presets', '--out', out, '--config', path);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    for (const part of expected) expect(stderr).toMatch(part);
    // One line for a person, with the path in full, and no stack trace.
    expect(stderr).toContain(path);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('a UTF-8 byte-order mark before the JSON is accepted', async () => {
    const path = file('bom.json', '\uFEFF{"prefix": "media_"}');
    const { code, stderr } = await cli('render-presets', '--out', join(dir, 'out-bom'), '--config', path);
    expect(code, stderr).toBe(0);
  });

  it('a bad --prefix is blamed on --prefix, not on the config file', async () => {
    const path = file('fine.json', '{"prefix": "media_"}');
    const { code, stderr } = await cli(
      'render-presets',
      '--out',
      join(dir, 'out-p'),
      '--config',
      path,
      '--prefix',
      '1bad',
    );
    expect(code).toBe(2);
    expect(stderr).toContain('TFO_ERR_INVALID_PRESET_CONFIG');
    expect(stderr).not.toContain('fine.json');
  });
});
