import { describe, expect, it } from 'vitest';
import { type ProgressBlock, ProgressParser, progressPercent } from './progress-parser.js';

const BLOCK = `frame=75
fps=24.50
stream_0_0_q=-1.0
bitrate= 435.3kbits/s
total_size=164250
out_time_us=3018594
out_time_ms=3018594
out_time=00:00:03.018594
dup_frames=0
drop_frames=0
speed=6.41x
progress=continue`;

describe('ProgressParser', () => {
  it('turns one -progress block into frame, fps, speed, media time and size', () => {
    const blocks: ProgressBlock[] = [];
    const parser = new ProgressParser((block) => blocks.push(block));
    for (const line of BLOCK.split('\n')) expect(parser.line(line)).toBe(true);
    expect(blocks).toEqual([
      { frame: 75, fps: 24.5, speed: 6.41, outTimeSeconds: 3.018594, totalSizeBytes: 164250, done: false },
    ]);
  });

  it('marks the last block done and reads N/A values as unknown', () => {
    const blocks: ProgressBlock[] = [];
    const parser = new ProgressParser((block) => blocks.push(block));
    for (const line of ['total_size=N/A', 'out_time=00:01:02.500000', 'speed=N/A', 'progress=end']) parser.line(line);
    expect(blocks).toEqual([
      {
        frame: undefined,
        fps: undefined,
        speed: undefined,
        outTimeSeconds: 62.5,
        totalSizeBytes: undefined,
        done: true,
      },
    ]);
  });

  it('refuses log lines, so one stream can carry progress and the log', () => {
    const parser = new ProgressParser(() => {});
    expect(parser.line('[libx264 @ 0x55] frame I:1     Avg QP:20.21  size:  6926')).toBe(false);
    expect(parser.line('    encoder         : Lavf59.27.100')).toBe(false);
    expect(parser.line('in.mp4: Invalid data found when processing input')).toBe(false);
  });

  it('clamps a negative start time to zero', () => {
    const blocks: ProgressBlock[] = [];
    const parser = new ProgressParser((block) => blocks.push(block));
    parser.line('out_time_us=-23220');
    parser.line('progress=continue');
    expect(blocks[0]?.outTimeSeconds).toBe(0);
  });
});

describe('progressPercent', () => {
  it('is the share of the expected duration, clamped to 0..100, unknown without a duration', () => {
    expect(progressPercent(1.5, 3)).toBe(50);
    expect(progressPercent(3.02, 3)).toBe(100);
    expect(progressPercent(1, undefined)).toBeUndefined();
    expect(progressPercent(1, 0)).toBeUndefined();
  });
});
