import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObservability } from '../create-observability.js';
import { findSamples, parseExposition, sampleValue } from '../../test/helpers/exposition.js';
import {
  expectFfmpegFailure,
  ffprobeFormat,
  makeCorruptVideo,
  makeTestVideo,
  mediaDir,
  runningGauges,
  slowTranscodeArgs,
} from '../../test/helpers/media.js';
import { requireTool } from '../../test/helpers/tools.js';
import { FfmpegError } from './errors.js';
import { runFfmpeg } from './run-ffmpeg.js';
import type { FfmpegProgress } from './types.js';

requireTool('ffmpeg', ['-version']);
requireTool('ffprobe', ['-version']);

const media = mediaDir();
const source = join(media.dir, 'source.mp4');
beforeAll(() => makeTestVideo(source, 3));
afterAll(() => media.remove());

const observability = createObservability({ groups: 'all', defaultMetrics: false });

async function scrape() {
  return parseExposition((await observability.scrape()).body);
}

function firstLine(error: unknown): string {
  return (error as Error).message.split('\n')[0]!.replaceAll(media.dir, '<tmp>');
}

describe('runFfmpeg with real ffmpeg', () => {
  it('transcodes 360p and 720p renditions: bytes equal the files, durations agree with ffprobe, progress reaches 100 %', async () => {
    const reports: FfmpegProgress[] = [];
    const results = [];
    for (const [height, name] of [
      [360, '360p'],
      [720, '720p'],
    ] as const) {
      const output = join(media.dir, `out-${name}.mp4`);
      const args = [
        '-y',
        '-i',
        source,
        '-vf',
        `scale=-2:${height}`,
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-c:a',
        'aac',
        output,
      ];
      const result = await runFfmpeg(args, { observability, onProgress: (p) => reports.push(p) });
      results.push(result);
      const file = ffprobeFormat(output);
      expect(result.outputs).toEqual([
        {
          path: output,
          bytes: statSync(output).size,
          resolution: name,
          width: Math.round((height * 16) / 9 / 2) * 2,
          height,
          codec: 'h264',
          durationSeconds: expect.closeTo(file.durationSeconds, 1),
        },
      ]);
      const samples = await scrape();
      const labels = { resolution: name, codec: 'h264' };
      expect(sampleValue(samples, 'video_transcoded_bytes_sum', labels)).toBe(statSync(output).size);
      expect(sampleValue(samples, 'video_transcode_duration_seconds_sum', { ...labels, preset: 'ultrafast' })).toBe(
        result.wallTimeSeconds,
      );
      expect(sampleValue(samples, 'video_compression_ratio_sum', labels)).toBeCloseTo(
        statSync(source).size / statSync(output).size,
        9,
      );
    }
    const probedSource = ffprobeFormat(source);
    expect(results[0]!.source).toEqual({
      path: source,
      sizeBytes: probedSource.sizeBytes,
      durationSeconds: expect.closeTo(probedSource.durationSeconds, 2),
    });
    const samples = await scrape();
    expect(sampleValue(samples, 'video_source_duration_seconds_sum')).toBeCloseTo(2 * probedSource.durationSeconds, 9);
    expect(sampleValue(samples, 'video_source_size_bytes_sum')).toBe(2 * probedSource.sizeBytes);

    for (const id of new Set(reports.map((report) => report.id))) {
      const run = reports.filter((report) => report.id === id);
      const percents = run.map((report) => report.percent ?? 0);
      expect(percents).toEqual([...percents].sort((a, b) => a - b));
      expect(run.at(-1)).toMatchObject({ done: true, percent: 100 });
      expect(run.at(-1)!.outTimeSeconds).toBeCloseTo(probedSource.durationSeconds, 1);
    }
    expect(await runningGauges(observability)).toEqual({
      inProgress: 0,
      progressSeries: 0,
      fpsSeries: 0,
      speedSeries: 0,
    });
  });

  it('records a thumbnail and an audio extraction in their own duration metrics', async () => {
    const thumbnail = join(media.dir, 'thumb.jpg');
    const audio = join(media.dir, 'audio.m4a');
    const thumb = await runFfmpeg(['-y', '-ss', '1', '-i', source, '-frames:v', '1', thumbnail], {
      observability,
      kind: 'thumbnail',
    });
    const extracted = await runFfmpeg(['-y', '-i', source, '-vn', '-c:a', 'aac', audio], {
      observability,
      kind: 'audio',
    });
    expect(thumb.outputs[0]).toMatchObject({ resolution: '720p', codec: 'mjpeg', bytes: statSync(thumbnail).size });
    expect(extracted.outputs[0]).toMatchObject({ resolution: 'audio', codec: 'aac', bytes: statSync(audio).size });
    expect(extracted.outputs[0]!.durationSeconds).toBeCloseTo(ffprobeFormat(audio).durationSeconds, 1);
    const samples = await scrape();
    expect(sampleValue(samples, 'thumbnail_generation_duration_seconds_sum')).toBe(thumb.wallTimeSeconds);
    expect(sampleValue(samples, 'audio_extraction_duration_seconds_sum', { codec: 'aac' })).toBe(
      extracted.wallTimeSeconds,
    );
    expect(findSamples(samples, 'video_transcode_duration_seconds_count', { resolution: 'audio' })).toEqual([]);
  });

  it('keeps the gauges exact with 4 concurrent transcodes, and removes every progress series at the end', async () => {
    const before = await runningGauges(observability);
    const started = new Set<string>();
    let resolveAll: () => void = () => {};
    const allReporting = new Promise<void>((resolve) => (resolveAll = resolve));
    const runs = [1, 2, 3, 4].map((n) =>
      runFfmpeg(slowTranscodeArgs(join(media.dir, `concurrent-${n}.mp4`), 3), {
        observability,
        id: `job-${n}`,
        onProgress: ({ id, fps, speed }) => {
          if (fps !== undefined && speed !== undefined) started.add(id);
          if (started.size === 4) resolveAll();
        },
      }),
    );
    try {
      await allReporting;
      expect(await runningGauges(observability)).toEqual({
        inProgress: before.inProgress + 4,
        progressSeries: 4,
        fpsSeries: 4,
        speedSeries: 4,
      });
      const samples = await scrape();
      expect(sampleValue(samples, 'video_transcodes_in_progress', { resolution: 'unknown' })).toBe(4);
      expect(
        findSamples(samples, 'video_transcode_progress_ratio')
          .map((s) => s.labels.transcode_id)
          .sort(),
      ).toEqual(['job-1', 'job-2', 'job-3', 'job-4']);
    } finally {
      await Promise.allSettled(runs);
    }
    expect(await runningGauges(observability)).toEqual(before);
  });
});

describe('runFfmpeg failures: reason label, clear error, gauges back, process alive', () => {
  const expectFailure = (start: () => Promise<unknown>, reason: string): Promise<FfmpegError> =>
    expectFfmpegFailure(observability, start, reason);

  /** Resolves once the run has reported progress, so ffmpeg is really encoding. */
  function progressing(): { onProgress: () => void; reached: Promise<void> } {
    let resolve: () => void = () => {};
    const reached = new Promise<void>((r) => (resolve = r));
    return { onProgress: () => resolve(), reached };
  }

  it('kill -9 mid-transcode gives reason signal', async () => {
    const { onProgress, reached } = progressing();
    let pid = 0;
    const run = runFfmpeg(slowTranscodeArgs(join(media.dir, 'killed.mp4')), {
      observability,
      onProgress,
      onStart: (info) => (pid = info.pid),
    });
    const error = await expectFailure(async () => {
      await reached;
      expect(await runningGauges(observability)).toMatchObject({ inProgress: 1, progressSeries: 1 });
      process.kill(pid, 'SIGKILL');
      return run;
    }, 'signal');
    expect(error.signal).toBe('SIGKILL');
    expect(error.code).toBe('TFO_ERR_FFMPEG_FAILED');
    expect(firstLine(error)).toMatch(/^TFO_ERR_FFMPEG_FAILED: ffmpeg was killed by SIGKILL: \S+ffmpeg -hide_banner/);
  });

  it('a timeout kills ffmpeg and gives reason timeout', async () => {
    const error = await expectFailure(
      () => runFfmpeg(slowTranscodeArgs(join(media.dir, 'timeout.mp4')), { observability, timeoutMs: 700 }),
      'timeout',
    );
    expect(error.signal).toBe('SIGKILL');
    expect(firstLine(error)).toContain(
      'TFO_ERR_FFMPEG_TIMEOUT: ffmpeg timed out after 700 ms and was killed with SIGKILL',
    );
  });

  it('an AbortSignal kills ffmpeg and gives reason cancelled', async () => {
    const controller = new AbortController();
    const { onProgress, reached } = progressing();
    const run = runFfmpeg(slowTranscodeArgs(join(media.dir, 'aborted.mp4')), {
      observability,
      signal: controller.signal,
      onProgress,
    });
    const error = await expectFailure(async () => {
      await reached;
      controller.abort(new Error('user cancelled the job'));
      return run;
    }, 'cancelled');
    expect(firstLine(error)).toContain(
      'TFO_ERR_FFMPEG_CANCELLED: ffmpeg was cancelled by its AbortSignal (Error: user cancelled the job) and killed with SIGKILL',
    );
    expect(error.cause).toBe(controller.signal.reason);
  });

  it('an AbortSignal aborted before the call never starts ffmpeg', async () => {
    const error = await expectFailure(
      () => runFfmpeg(['-i', source, join(media.dir, 'never.mp4')], { observability, signal: AbortSignal.abort() }),
      'cancelled',
    );
    expect(error.command).toBeUndefined();
  });

  it('a missing binary gives reason spawn_error and says what was tried', async () => {
    const error = await expectFailure(
      () =>
        runFfmpeg(['-i', source, join(media.dir, 'x.mp4')], {
          observability,
          ffmpegPath: join(media.dir, 'no-such-ffmpeg'),
        }),
      'spawn_error',
    );
    expect(firstLine(error)).toMatchInlineSnapshot(
      `"TFO_ERR_FFMPEG_SPAWN: no ffmpeg binary could be run; tried, in order: option \`ffmpegPath\` = <tmp>/no-such-ffmpeg (not an executable file). Install ffmpeg (e.g. \`apt-get install ffmpeg\`), set FFMPEG_PATH, or pass the \`ffmpegPath\` option"`,
    );
  });

  it('a corrupt input gives reason invalid_input with ffmpeg saying why', async () => {
    const corrupt = makeCorruptVideo(join(media.dir, 'corrupt.mp4'));
    const error = await expectFailure(
      () => runFfmpeg(['-y', '-i', corrupt, join(media.dir, 'from-corrupt.mp4')], { observability }),
      'invalid_input',
    );
    expect(error.exitCode).toBe(1);
    expect(error.code).toBe('TFO_ERR_FFMPEG_INVALID_INPUT');
    expect(error.stderrTail.join('\n')).toContain('Invalid data found when processing input');
    expect(firstLine(error)).toContain('ffmpeg refused its input and exited with code 1: ');
  });

  it('invalid arguments give reason invalid_input with ffmpeg’s own message', async () => {
    const error = await expectFailure(
      () =>
        runFfmpeg(['-y', '-i', source, '-c:v', 'no_such_encoder', join(media.dir, 'bad-args.mp4')], { observability }),
      'invalid_input',
    );
    expect(error.stderrTail.join('\n')).toMatch(/Unknown encoder 'no_such_encoder'/);
    expect(error.message).toContain("Last lines of ffmpeg's stderr:");
  });

  it('arguments that are not a list of strings, or name no output, are refused before starting', async () => {
    await expectFailure(() => runFfmpeg([] as string[], { observability }), 'invalid_input');
    const error = await expectFailure(() => runFfmpeg(['-i', source], { observability }), 'invalid_input');
    expect(firstLine(error)).toContain('`args` name no output');
  });

  it('an output folder that does not exist gives reason output_error, not invalid_input', async () => {
    const error = await expectFailure(
      () => runFfmpeg(['-y', '-i', source, join(media.dir, 'missing', 'out.mp4')], { observability }),
      'output_error',
    );
    expect(error.code).toBe('TFO_ERR_FFMPEG_OUTPUT');
    expect(firstLine(error)).toMatch(
      /^TFO_ERR_FFMPEG_OUTPUT: ffmpeg could not write its output and exited with code 1: /,
    );
    expect(error.stderrTail.join('\n')).toContain('No such file or directory');
  });

  it('a disk that fills up while encoding gives reason output_error', async () => {
    const error = await expectFailure(
      () => runFfmpeg(['-y', '-i', source, '-f', 'mpegts', '/dev/full'], { observability }),
      'output_error',
    );
    expect(error.exitCode).toBe(1);
    expect(error.stderrTail.join('\n')).toContain('No space left on device');
  });

  it('an encoder failure that is not about storage stays exit_code', async () => {
    const error = await expectFailure(
      // libx264 refuses odd sizes once it starts encoding: neither the input nor the output is at fault.
      () =>
        runFfmpeg(['-y', '-i', source, '-vf', 'scale=101:101', '-c:v', 'libx264', join(media.dir, 'odd.mp4')], {
          observability,
        }),
      'exit_code',
    );
    expect(firstLine(error)).toMatch(/^TFO_ERR_FFMPEG_FAILED: ffmpeg exited with code 1: /);
  });

  it('an invalid option throws TFO_ERR_INVALID_OPTION before anything runs', async () => {
    await expect(runFfmpeg(['-i', source, 'x.mp4'], { observability, timeoutMs: -1 })).rejects.toThrow(
      /TFO_ERR_INVALID_OPTION: option `timeoutMs` is -1/,
    );
  });
});

describe('runFfmpeg with ffmpeg’s log silenced', () => {
  it('probes the output file for its codec, size and duration', async () => {
    const output = join(media.dir, 'quiet-360p.mp4');
    const args = ['-loglevel', 'error', '-y', '-i', source, '-vf', 'scale=-2:360', '-preset', 'ultrafast', output];
    const result = await runFfmpeg(args, { observability });
    expect(result.outputs[0]).toMatchObject({
      resolution: '360p',
      codec: 'h264',
      durationSeconds: ffprobeFormat(output).durationSeconds,
    });
  });
});
