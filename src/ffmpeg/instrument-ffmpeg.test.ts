import { createWriteStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import ffmpeg, { type FfmpegCommand } from 'fluent-ffmpeg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObservability } from '../create-observability.js';
import { parseExposition, sampleValue } from '../../test/helpers/exposition.js';
import {
  expectFfmpegFailure,
  ffprobeFormat,
  makeCorruptVideo,
  makeTestVideo,
  mediaDir,
  runningGauges,
} from '../../test/helpers/media.js';
import { requireTool } from '../../test/helpers/tools.js';
import { FfmpegError } from './errors.js';
import { instrumentFfmpeg } from './instrument-ffmpeg.js';
import type { FfmpegProgress } from './types.js';

requireTool('ffmpeg', ['-version']);
requireTool('ffprobe', ['-version']);

const media = mediaDir('tfo-fluent-');
const source = join(media.dir, 'source.mp4');
beforeAll(() => makeTestVideo(source, 3));
afterAll(() => media.remove());

const observability = createObservability({ groups: 'all', defaultMetrics: false });
const idle = { inProgress: 0, progressSeries: 0, fpsSeries: 0, speedSeries: 0 };

async function scrape() {
  return parseExposition((await observability.scrape()).body);
}

/** A fluent command that runs for about `seconds` at little CPU cost (lavfi read at native rate). */
function slowCommand(seconds = 30): FfmpegCommand {
  return ffmpeg()
    .input('testsrc2=size=320x240:rate=10')
    .inputFormat('lavfi')
    .inputOptions(['-re'])
    .duration(seconds)
    .videoCodec('libx264')
    .outputOptions(['-preset', 'ultrafast']);
}

function pidOf(command: FfmpegCommand): number {
  return (command as unknown as { ffmpegProc: { pid: number } }).ffmpegProc.pid;
}

/** Resolves once the command has reported progress, so ffmpeg is really encoding. */
function progressing(): { onProgress: () => void; reached: Promise<void> } {
  let resolve: () => void = () => {};
  const reached = new Promise<void>((r) => (resolve = r));
  return { onProgress: () => resolve(), reached };
}

describe('instrumentFfmpeg with fluent-ffmpeg and real ffmpeg', () => {
  it('save(): records the 720p rendition (preset read from the arguments), keeps fluent’s progress and end events, reaches 100 %', async () => {
    const output = join(media.dir, 'save-720p.mp4');
    const reports: FfmpegProgress[] = [];
    const fluentPercents: number[] = [];
    const command = ffmpeg(source).videoCodec('libx264').size('1280x720').outputOptions(['-preset', 'ultrafast']);
    command.on('progress', (progress: { percent?: number }) => fluentPercents.push(progress.percent ?? -1));
    const ended = new Promise<void>((resolve) => command.on('end', () => resolve()));
    const done = instrumentFfmpeg(command, { observability, onProgress: (p) => reports.push(p) });
    command.save(output);
    const [result] = await Promise.all([done, ended]);
    expect(result.outputs).toEqual([
      {
        path: output,
        bytes: statSync(output).size,
        resolution: '720p',
        width: 1280,
        height: 720,
        codec: 'h264',
        durationSeconds: expect.closeTo(ffprobeFormat(output).durationSeconds, 1),
      },
    ]);
    expect(result.source?.durationSeconds).toBeCloseTo(ffprobeFormat(source).durationSeconds, 2);
    expect(reports.at(-1)).toMatchObject({ done: true, percent: 100 });
    expect(fluentPercents.at(-1)).toBe(100);
    const samples = await scrape();
    expect(sampleValue(samples, 'video_transcoded_bytes_sum', { resolution: '720p', codec: 'h264' })).toBe(
      statSync(output).size,
    );
    expect(
      sampleValue(samples, 'video_transcode_duration_seconds_sum', {
        resolution: '720p',
        codec: 'h264',
        preset: 'ultrafast',
      }),
    ).toBe(result.wallTimeSeconds);
    expect(await runningGauges(observability)).toEqual(idle);
  });

  it('run(): records the 360p rendition with the preset label given', async () => {
    const output = join(media.dir, 'run-360p.mp4');
    const command = ffmpeg(source).videoCodec('libx264').size('640x360').output(output);
    const done = instrumentFfmpeg(command, { observability, labels: { preset: 'ultrafast' } });
    command.run();
    const result = await done;
    expect(result.outputs[0]).toMatchObject({ resolution: '360p', bytes: statSync(output).size });
    const samples = await scrape();
    expect(
      sampleValue(samples, 'video_transcode_duration_seconds_count', {
        resolution: '360p',
        codec: 'h264',
        preset: 'ultrafast',
      }),
    ).toBe(1);
  });

  it('output to a stream: counts the bytes that went through it and reads the size from ffmpeg’s log', async () => {
    const output = join(media.dir, 'stream-360p.ts');
    const stream = createWriteStream(output);
    const command = ffmpeg(source).videoCodec('libx264').size('640x360').format('mpegts');
    const done = instrumentFfmpeg(command, { observability });
    command.pipe(stream, { end: true });
    const [result] = await Promise.all([done, finished(stream)]);
    expect(result.outputs).toEqual([
      {
        path: 'pipe:1',
        bytes: statSync(output).size,
        resolution: '360p',
        width: 640,
        height: 360,
        codec: 'h264',
        durationSeconds: expect.closeTo(3, 1),
      },
    ]);
    expect(await runningGauges(observability)).toEqual(idle);
  });

  it('keeps the gauges exact with 4 concurrent commands', async () => {
    const before = await runningGauges(observability);
    const reporting = new Set<string>();
    let resolveAll: () => void = () => {};
    const allReporting = new Promise<void>((resolve) => (resolveAll = resolve));
    const runs = [1, 2, 3, 4].map((n) => {
      const command = slowCommand(3).output(join(media.dir, `fluent-concurrent-${n}.mp4`));
      const done = instrumentFfmpeg(command, {
        observability,
        id: `fluent-${n}`,
        onProgress: ({ id, fps, speed }) => {
          if (fps !== undefined && speed !== undefined) reporting.add(id);
          if (reporting.size === 4) resolveAll();
        },
      });
      command.run();
      return done;
    });
    try {
      await allReporting;
      expect(await runningGauges(observability)).toEqual({
        inProgress: before.inProgress + 4,
        progressSeries: 4,
        fpsSeries: 4,
        speedSeries: 4,
      });
    } finally {
      await Promise.allSettled(runs);
    }
    expect(await runningGauges(observability)).toEqual(before);
  });
});

describe('instrumentFfmpeg failures: reason label, clear error, gauges back, process alive', () => {
  const expectFailure = (start: () => Promise<unknown>, reason: string): Promise<FfmpegError> =>
    expectFfmpegFailure(observability, start, reason);

  /** Runs the command and resolves with the error fluent-ffmpeg gives the user's own listener. */
  function userError(command: FfmpegCommand): Promise<Error> {
    return new Promise((resolve) => command.on('error', (error: Error) => resolve(error)));
  }

  it('kill -9 mid-transcode gives reason signal, and the user’s error listener still fires', async () => {
    const command = slowCommand().output(join(media.dir, 'fluent-killed.mp4'));
    const { onProgress, reached } = progressing();
    const seen = userError(command);
    const error = await expectFailure(async () => {
      const done = instrumentFfmpeg(command, { observability, onProgress });
      command.run();
      await reached;
      process.kill(pidOf(command), 'SIGKILL');
      return done;
    }, 'signal');
    expect(error.signal).toBe('SIGKILL');
    expect((await seen).message).toContain('SIGKILL');
  });

  it('a timeout gives reason timeout', async () => {
    const command = slowCommand().output(join(media.dir, 'fluent-timeout.mp4'));
    command.on('error', () => {});
    const error = await expectFailure(() => {
      const done = instrumentFfmpeg(command, { observability, timeoutMs: 700 });
      command.run();
      return done;
    }, 'timeout');
    expect(error.message).toContain('ffmpeg timed out after 700 ms');
  });

  it('an AbortSignal gives reason cancelled', async () => {
    const controller = new AbortController();
    const command = slowCommand().output(join(media.dir, 'fluent-aborted.mp4'));
    command.on('error', () => {});
    const { onProgress, reached } = progressing();
    await expectFailure(async () => {
      const done = instrumentFfmpeg(command, { observability, signal: controller.signal, onProgress });
      command.run();
      await reached;
      controller.abort();
      return done;
    }, 'cancelled');
  });

  it('a missing binary gives reason spawn_error without crashing the process', async () => {
    const command = ffmpeg(source).output(join(media.dir, 'fluent-nobinary.mp4'));
    const seen = userError(command);
    ffmpeg.setFfmpegPath(join(media.dir, 'no-such-ffmpeg'));
    try {
      const error = await expectFailure(() => {
        const done = instrumentFfmpeg(command, { observability });
        command.run();
        return done;
      }, 'spawn_error');
      expect(error.message).toContain('ffmpeg could not be started (spawn');
      expect((await seen).message).toContain('ENOENT');
    } finally {
      ffmpeg.setFfmpegPath('ffmpeg');
    }
  });

  it('a corrupt input gives reason invalid_input', async () => {
    const corrupt = makeCorruptVideo(join(media.dir, 'fluent-corrupt.mp4'));
    const command = ffmpeg(corrupt).output(join(media.dir, 'fluent-from-corrupt.mp4'));
    command.on('error', () => {});
    const error = await expectFailure(() => {
      const done = instrumentFfmpeg(command, { observability });
      command.run();
      return done;
    }, 'invalid_input');
    expect(error.stderrTail.join('\n')).toContain('Invalid data found when processing input');
  });

  it('invalid arguments give reason invalid_input', async () => {
    const command = ffmpeg(source)
      .outputOptions(['-c:v', 'no_such_encoder'])
      .output(join(media.dir, 'fluent-bad-args.mp4'));
    command.on('error', () => {});
    const error = await expectFailure(() => {
      const done = instrumentFfmpeg(command, { observability });
      command.run();
      return done;
    }, 'invalid_input');
    expect(error.stderrTail.join('\n')).toContain("Unknown encoder 'no_such_encoder'");
  });

  it('a codec fluent-ffmpeg refuses before starting gives reason invalid_input', async () => {
    const command = ffmpeg(source).videoCodec('no_such_codec').output(join(media.dir, 'fluent-bad-codec.mp4'));
    command.on('error', () => {});
    const error = await expectFailure(() => {
      const done = instrumentFfmpeg(command, { observability });
      command.run();
      return done;
    }, 'invalid_input');
    expect(error.message).toContain('ffmpeg was not started: Video codec no_such_codec is not available');
  });
});
