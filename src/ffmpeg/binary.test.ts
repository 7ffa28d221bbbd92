import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type BinaryLookup, resolveBinary } from './binary.js';
import { FfmpegError } from './errors.js';

const dir = mkdtempSync(join(tmpdir(), 'tfo-binary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function executable(name: string): string {
  const path = join(dir, name);
  writeFileSync(path, '#!/bin/sh\nexit 0\n');
  chmodSync(path, 0o755);
  return path;
}

const optionBinary = executable('custom-ffmpeg');
const envBinary = executable('env-ffmpeg');
const pathDir = mkdtempSync(join(dir, 'bin-'));
const installerBinary = executable('installer-ffmpeg');
const notInstalled = (): string => {
  throw new Error('Cannot find module');
};

function lookup(env: Record<string, string | undefined>, installer = notInstalled): BinaryLookup {
  return { env, installerPath: installer };
}

describe('resolveBinary', () => {
  it('takes the option first, then FFMPEG_PATH, then PATH, then the installer package', () => {
    const option = { name: 'ffmpegPath', value: optionBinary };
    const none = { name: 'ffmpegPath', value: undefined };
    writeFileSync(join(pathDir, 'ffmpeg'), '#!/bin/sh\n');
    chmodSync(join(pathDir, 'ffmpeg'), 0o755);
    const env = { FFMPEG_PATH: envBinary, PATH: pathDir };
    expect(resolveBinary('ffmpeg', option, lookup(env))).toEqual({ path: optionBinary, from: 'option `ffmpegPath`' });
    expect(resolveBinary('ffmpeg', none, lookup(env))).toEqual({ path: envBinary, from: 'FFMPEG_PATH' });
    expect(resolveBinary('ffmpeg', none, lookup({ PATH: pathDir }))).toEqual({
      path: join(pathDir, 'ffmpeg'),
      from: 'PATH',
    });
    expect(
      resolveBinary(
        'ffmpeg',
        none,
        lookup({ PATH: '' }, () => installerBinary),
      ),
    ).toEqual({
      path: installerBinary,
      from: '@ffmpeg-installer/ffmpeg',
    });
  });

  it('looks a bare option name up on PATH', () => {
    const found = resolveBinary('ffprobe', { name: 'ffprobePath', value: 'env-ffmpeg' }, lookup({ PATH: dir }));
    expect(found.path).toBe(envBinary);
  });

  it('lists every step tried when nothing is found', () => {
    const none = { name: 'ffprobePath', value: undefined };
    let error: unknown;
    try {
      resolveBinary('ffprobe', none, lookup({ PATH: '/nowhere' }));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FfmpegError);
    expect((error as FfmpegError).reason).toBe('spawn_error');
    expect((error as FfmpegError).code).toBe('TFO_ERR_FFMPEG_SPAWN');
    expect((error as FfmpegError).message).toMatchInlineSnapshot(
      `"TFO_ERR_FFMPEG_SPAWN: no ffprobe binary could be run; tried, in order: option \`ffprobePath\` (not set); FFPROBE_PATH (not set); PATH (/nowhere: no ffprobe); @ffprobe-installer/ffprobe (not installed). Install ffprobe (e.g. \`apt-get install ffmpeg\`), set FFPROBE_PATH, or pass the \`ffprobePath\` option"`,
    );
  });

  it('refuses a set option or variable that points at nothing, instead of silently falling through', () => {
    const missing = { name: 'ffmpegPath', value: join(dir, 'missing-ffmpeg') };
    expect(() => resolveBinary('ffmpeg', missing, lookup({ PATH: pathDir }))).toThrow(
      /option `ffmpegPath` = .*missing-ffmpeg \(not an executable file\)/,
    );
    const none = { name: 'ffmpegPath', value: undefined };
    expect(() => resolveBinary('ffmpeg', none, lookup({ FFMPEG_PATH: '/nope/ffmpeg', PATH: pathDir }))).toThrow(
      /option `ffmpegPath` \(not set\); FFMPEG_PATH = \/nope\/ffmpeg \(not an executable file\)/,
    );
  });
});
