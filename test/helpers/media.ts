import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Observability } from '../../src/create-observability.js';
import { FfmpegError } from '../../src/ffmpeg/errors.js';
import { findSamples, parseExposition } from './exposition.js';

/** A temporary folder for generated media; `remove()` deletes it. */
export function mediaDir(prefix = 'tfo-ffmpeg-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes a test video (testsrc2 + a 440 Hz sine, H.264/AAC in MP4) of the given length and size. */
export function makeTestVideo(path: string, seconds = 3, size = '1280x720', rate = 25): string {
  execFileSync(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=${size}:rate=${rate}`,
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440',
      '-t',
      String(seconds),
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-shortest',
      path,
    ],
    { stdio: 'pipe' },
  );
  return path;
}

/** Writes a file that claims to be an MP4 but holds random bytes. */
export function makeCorruptVideo(path: string): string {
  const bytes = Buffer.alloc(8192);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 251;
  writeFileSync(path, bytes);
  return path;
}

/**
 * Arguments for an ffmpeg run that lasts about `seconds` of wall time at little CPU cost: a
 * small lavfi source read at its native rate (`-re`).
 */
export function slowTranscodeArgs(output: string, seconds = 30): string[] {
  return [
    '-y',
    '-re',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=320x240:rate=10',
    '-t',
    String(seconds),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    output,
  ];
}

/** Duration and size of a media file, read by ffprobe independently of the SDK. */
export function ffprobeFormat(path: string): { durationSeconds: number; sizeBytes: number } {
  const json = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration,size', '-of', 'json', path], {
    encoding: 'utf8',
  });
  const format = (JSON.parse(json) as { format: { duration: string; size: string } }).format;
  return { durationSeconds: Number(format.duration), sizeBytes: Number(format.size) };
}

/** What the scrape says about running transcodes: the in-progress total and the live progress series. */
export async function runningGauges(
  observability: Observability,
): Promise<{ inProgress: number; progressSeries: number; fpsSeries: number; speedSeries: number }> {
  const samples = parseExposition((await observability.scrape()).body);
  const sum = (name: string): number => findSamples(samples, name).reduce((total, s) => total + s.value, 0);
  return {
    inProgress: sum('video_transcodes_in_progress'),
    progressSeries: findSamples(samples, 'video_transcode_progress_ratio').length,
    fpsSeries: findSamples(samples, 'video_transcode_frames_per_second').length,
    speedSeries: findSamples(samples, 'video_transcode_speed_ratio').length,
  };
}

/** The value of `video_transcode_failures_total{reason}` (0 when absent). */
export async function failures(observability: Observability, reason: string): Promise<number> {
  const samples = parseExposition((await observability.scrape()).body);
  return findSamples(samples, 'video_transcode_failures_total', { reason })[0]?.value ?? 0;
}

/**
 * Asserts that `start` rejects with an FfmpegError of `reason`, that the failure counter of
 * that reason went up by one, and that no transcode gauge is left behind. Returns the error.
 */
export async function expectFfmpegFailure(
  observability: Observability,
  start: () => Promise<unknown>,
  reason: string,
): Promise<FfmpegError> {
  const before = await failures(observability, reason);
  const error = await start().then(
    () => expect.fail('expected ffmpeg to fail'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FfmpegError);
  expect((error as FfmpegError).reason).toBe(reason);
  expect(await failures(observability, reason)).toBe(before + 1);
  expect(await runningGauges(observability)).toEqual({
    inProgress: 0,
    progressSeries: 0,
    fpsSeries: 0,
    speedSeries: 0,
  });
  return error as FfmpegError;
}
