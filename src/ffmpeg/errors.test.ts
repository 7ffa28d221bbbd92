import { describe, expect, it } from 'vitest';
import { ObservabilityError } from '../core/errors.js';
import { exitReason, FfmpegError, formatCommand, LineTail } from './errors.js';

describe('FfmpegError', () => {
  it('says what ran, why it stopped and ends with the stderr tail', () => {
    const error = new FfmpegError({
      reason: 'exit_code',
      summary: 'ffmpeg exited with code 1',
      command: formatCommand('/usr/bin/ffmpeg', ['-i', 'my upload.mp4', 'out.mp4']),
      exitCode: 1,
      stderrTail: ['[aac @ 0x1] Too many bits', 'Conversion failed!'],
    });
    expect(error).toBeInstanceOf(ObservabilityError);
    expect(error.code).toBe('TFO_ERR_FFMPEG_FAILED');
    expect(error.exitCode).toBe(1);
    expect(error.message).toMatchInlineSnapshot(`
      "TFO_ERR_FFMPEG_FAILED: ffmpeg exited with code 1: /usr/bin/ffmpeg -i 'my upload.mp4' out.mp4

      Last lines of ffmpeg's stderr:
      [aac @ 0x1] Too many bits
      Conversion failed!"
    `);
  });

  it('has one code per kind of failure', () => {
    const codes = (['timeout', 'cancelled', 'spawn_error', 'invalid_input', 'output_error', 'signal'] as const).map(
      (reason) => new FfmpegError({ reason, summary: reason }).code,
    );
    expect(codes).toEqual([
      'TFO_ERR_FFMPEG_TIMEOUT',
      'TFO_ERR_FFMPEG_CANCELLED',
      'TFO_ERR_FFMPEG_SPAWN',
      'TFO_ERR_FFMPEG_INVALID_INPUT',
      'TFO_ERR_FFMPEG_OUTPUT',
      'TFO_ERR_FFMPEG_FAILED',
    ]);
  });
});

describe('exitReason', () => {
  it('calls refused options and unreadable sources invalid input, anything else an exit code', () => {
    expect(exitReason(["Unrecognized option 'bogus'.", 'Error splitting the argument list: Option not found'])).toBe(
      'invalid_input',
    );
    expect(exitReason(['in.mp4: Invalid data found when processing input'])).toBe('invalid_input');
    expect(exitReason(['Conversion failed!'])).toBe('exit_code');
  });

  const outputs = ['/srv/out/720p.mp4', '/srv/out/thumb.jpg', '/srv/out/seg%03d.ts'];
  it.each([
    // A missing output folder, in the words of each muxer and ffmpeg version.
    ['/srv/out/720p.mp4: No such file or directory', 'output_error'],
    ['[image2 @ 0x1] Could not open file : /srv/out/thumb.jpg', 'output_error'],
    ["[segment @ 0x1] Failed to open segment '/srv/out/seg000.ts'", 'output_error'],
    [
      'Could not write header for output file #0 (incorrect codec parameters ?): No such file or directory',
      'output_error',
    ],
    ['Error opening output file /srv/out/720p.mp4.', 'output_error'],
    ['Error opening output files: No such file or directory', 'output_error'],
    // Storage that refuses or runs out.
    ['/srv/out/720p.mp4: Permission denied', 'output_error'],
    ['/srv/out/720p.mp4: Read-only file system', 'output_error'],
    ['/srv/out/720p.mp4: Is a directory', 'output_error'],
    ['av_interleaved_write_frame(): No space left on device', 'output_error'],
    ['Error writing trailer of /srv/out/720p.mp4: Disk quota exceeded', 'output_error'],
    // The request itself: a missing source, an output name ffmpeg cannot mux, bad codec parameters.
    ['/srv/in/upload.mp4: No such file or directory', 'invalid_input'],
    ['/srv/out: Invalid argument', 'invalid_input'],
    ['Could not write header for output file #0 (incorrect codec parameters ?): Invalid argument', 'invalid_input'],
    // Neither.
    ['[libx264 @ 0x1] width not divisible by 2 (101x101)', 'exit_code'],
    ['Conversion failed!', 'exit_code'],
  ])('%s → %s', (line, reason) => {
    expect(exitReason(['Stream mapping:', line, 'Conversion failed!'], outputs)).toBe(reason);
  });
});

describe('LineTail', () => {
  it('keeps the last lines across chunks, leaving out the lines its router takes', () => {
    const routed: string[] = [];
    const tail = new LineTail(2, (line) => (line.startsWith('frame=') ? (routed.push(line), true) : false));
    tail.push('one\ntw');
    tail.push('o\nframe=1\r\nthree\n\nfo');
    expect(tail.end()).toEqual(['three', 'fo']);
    expect(routed).toEqual(['frame=1']);
  });
});
