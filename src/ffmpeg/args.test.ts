import { describe, expect, it } from 'vitest';
import { localInput, parseArgs, parseTime } from './args.js';

describe('parseArgs', () => {
  it('finds inputs, output files, -preset and -t; flags take no value', () => {
    const parsed = parseArgs([
      '-y',
      '-i',
      'in.mp4',
      '-c:v',
      'libx264',
      '-preset',
      'fast',
      '-t',
      '00:00:05',
      '-an',
      'out-720p.mp4',
      '-f',
      'null',
      '-',
      'file:thumb.jpg',
      'pipe:1',
    ]);
    expect(parsed).toEqual({
      inputs: ['in.mp4'],
      outputFiles: ['out-720p.mp4', 'thumb.jpg'],
      outputCount: 4,
      preset: 'fast',
      durationSeconds: 5,
    });
  });

  it('counts no output when there is none', () => {
    expect(parseArgs(['-i', 'in.mp4']).outputCount).toBe(0);
  });
});

describe('parseTime', () => {
  it('reads seconds, clock times and units', () => {
    expect(parseTime('90')).toBe(90);
    expect(parseTime('1:30')).toBe(90);
    expect(parseTime('01:00:01.5')).toBe(3601.5);
    expect(parseTime('500ms')).toBe(0.5);
    expect(parseTime('soon')).toBeUndefined();
  });
});

describe('localInput', () => {
  it('is the first input when it is a file path, not a URL or a pipe', () => {
    expect(localInput(['/media/in.mp4'])).toBe('/media/in.mp4');
    expect(localInput(['file:/media/in.mp4'])).toBe('/media/in.mp4');
    expect(localInput(['https://example.com/in.mp4'])).toBeUndefined();
    expect(localInput(['pipe:0'])).toBeUndefined();
    expect(localInput([])).toBeUndefined();
  });
});
