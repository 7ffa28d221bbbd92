import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ffmpeg from 'fluent-ffmpeg';
import { afterAll, describe, expect, it } from 'vitest';
import { createObservability } from '../../src/create-observability.js';
import { instrumentFfmpeg } from '../../src/ffmpeg/instrument-ffmpeg.js';
import { runFfmpeg } from '../../src/ffmpeg/run-ffmpeg.js';
import { expectFfmpegFailure, mediaDir } from '../helpers/media.js';
import { requireTool } from '../helpers/tools.js';

/*
 * Every way real ffmpeg reports an output it could not write (missing folder, a folder where
 * the file should be, a full disk), for each muxer that words it differently, is the reason
 * `output_error` (a storage problem on the server), never `invalid_input` (a bad request).
 * A missing source and an output name ffmpeg cannot mux stay `invalid_input`.
 */

requireTool('ffmpeg', ['-version']);

const media = mediaDir('tfo-output-errors-');
afterAll(() => media.remove());
const missing = join(media.dir, 'no-such-folder');
const folderAsFile = join(media.dir, 'a-folder.mp4');
mkdirSync(folderAsFile);

const source = ['-f', 'lavfi', '-i', 'color=c=black:size=64x64:rate=5', '-t', '0.4'];
const observability = createObservability({ groups: 'all', defaultMetrics: false });

describe('runFfmpeg: outputs that cannot be written give reason output_error', () => {
  it.each([
    ['an MP4 in a missing folder', ['-y', ...source, join(missing, 'out.mp4')]],
    ['a thumbnail (image2) in a missing folder', ['-y', ...source, '-frames:v', '1', join(missing, 'thumb.jpg')]],
    ['segments in a missing folder', ['-y', ...source, '-f', 'segment', join(missing, 'seg%03d.ts')]],
    ['an output path that is a folder', ['-y', ...source, folderAsFile]],
    // Enough data that the muxer fails while running: ffmpeg exits with 1.
    [
      'a full disk while muxing',
      [
        '-y',
        '-f',
        'lavfi',
        '-i',
        'testsrc2=size=1280x720:rate=25',
        '-t',
        '2',
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-f',
        'mpegts',
        '/dev/full',
      ],
    ],
    // A small output fails only when its trailer is written: ffmpeg says so, then exits with 0.
    ['a full disk at the trailer (exit code 0)', ['-y', ...source, '-f', 'mpegts', '/dev/full']],
    // The HLS muxer cannot open its segment, says so, and exits with 0.
    ['HLS segments in a missing folder (exit code 0)', ['-y', ...source, '-f', 'hls', join(missing, 'index.m3u8')]],
  ])('%s', async (_name, args) => {
    const error = await expectFfmpegFailure(observability, () => runFfmpeg(args, { observability }), 'output_error');
    expect(error.code).toBe('TFO_ERR_FFMPEG_OUTPUT');
    expect(error.message).toContain('ffmpeg could not write its output');
  });

  it.each([
    ['a missing source', ['-y', '-i', join(missing, 'in.mp4'), join(media.dir, 'out.mp4')]],
    ['an output name with no muxer', ['-y', ...source, media.dir]],
  ])('%s stays invalid_input', async (_name, args) => {
    await expectFfmpegFailure(observability, () => runFfmpeg(args, { observability }), 'invalid_input');
  });
});

describe('instrumentFfmpeg: the same class through fluent-ffmpeg', () => {
  it('an output in a missing folder gives reason output_error', async () => {
    const command = ffmpeg()
      .input('color=c=black:size=64x64:rate=5')
      .inputFormat('lavfi')
      .duration(0.4)
      .output(join(missing, 'fluent.mp4'));
    command.on('error', () => {});
    const error = await expectFfmpegFailure(
      observability,
      () => {
        const done = instrumentFfmpeg(command, { observability });
        command.run();
        return done;
      },
      'output_error',
    );
    expect(error.stderrTail.join('\n')).toContain('No such file or directory');
  });
});
