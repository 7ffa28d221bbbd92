import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractSnippets, tsdocExamples, typecheckSnippets } from '../helpers/snippets.js';

const ROOT = resolve(import.meta.dirname, '../..');

describe('docs/ffmpeg.md', () => {
  // tsc over every snippet: CPU-bound, so on a busy machine it gets a budget of its own.
  it('has TypeScript snippets that compile against the built package', { timeout: 180_000 }, () => {
    const snippets = extractSnippets('docs/ffmpeg.md');
    expect(snippets.length).toBeGreaterThanOrEqual(4);
    expect(typecheckSnippets(snippets, 'ffmpeg')).toHaveLength(snippets.length);
  });
});

describe('the /ffmpeg API reference', () => {
  it('has an @example that compiles on every public function and type', { timeout: 180_000 }, () => {
    const files = ['errors', 'instrument-ffmpeg', 'resolution', 'run-ffmpeg', 'types'].map((f) => `src/ffmpeg/${f}.ts`);
    const examples = files.flatMap(tsdocExamples);
    const documented = examples.map((example) => example.code).join('\n');
    for (const name of [
      'runFfmpeg(',
      'instrumentFfmpeg(',
      'FfmpegError',
      'resolutionName(',
      'RunFfmpegOptions',
      'InstrumentFfmpegOptions',
      'FluentFfmpegCommandLike',
      'FfmpegInstrumentationOptions',
      'FfmpegLabels',
      'FfmpegResult',
      'FfmpegOutput',
      'FfmpegSource',
      'FfmpegProgress',
      'FfmpegKind',
      'FfmpegFailureReason',
    ]) {
      expect(documented, name).toContain(name);
    }
    expect(typecheckSnippets(examples, 'ffmpeg-tsdoc')).toHaveLength(examples.length);
  });
});

describe('the /ffmpeg subpath', () => {
  it('loads without fluent-ffmpeg (an optional peer dependency), in ESM and CJS', () => {
    const loaded = (code: string, type: 'module' | 'commonjs'): string =>
      execFileSync(process.execPath, ['--input-type', type, '-e', code], { cwd: ROOT, encoding: 'utf8' }).trim();
    expect(
      loaded(
        "const m = require('@transcode-flow/observability/ffmpeg'); console.log(typeof m.runFfmpeg, typeof m.instrumentFfmpeg, Object.keys(require.cache).some((k) => k.includes('fluent-ffmpeg')))",
        'commonjs',
      ),
    ).toBe('function function false');
    expect(
      loaded(
        "const m = await import('@transcode-flow/observability/ffmpeg'); console.log(typeof m.runFfmpeg, typeof m.instrumentFfmpeg)",
        'module',
      ),
    ).toBe('function function');
  });
});
