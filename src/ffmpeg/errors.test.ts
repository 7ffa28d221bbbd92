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
    const codes = (['timeout', 'cancelled', 'spawn_error', 'invalid_input', 'signal'] as const).map(
      (reason) => new FfmpegError({ reason, summary: reason }).code,
    );
    expect(codes).toEqual([
      'TFO_ERR_FFMPEG_TIMEOUT',
      'TFO_ERR_FFMPEG_CANCELLED',
      'TFO_ERR_FFMPEG_SPAWN',
      'TFO_ERR_FFMPEG_INVALID_INPUT',
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
