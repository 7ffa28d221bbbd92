import { describe, expect, it } from 'vitest';
import { resolutionName, targetResolution } from './resolution.js';

describe('resolutionName', () => {
  it.each([
    [640, 360, '360p'],
    [1280, 720, '720p'],
    [1920, 1080, '1080p'],
    [3840, 2160, '2160p'],
    [854, 480, '480p'],
    [1278, 718, '720p'],
    [720, 1280, '720p'],
    [1920, 800, '1080p'],
    [480, 360, '360p'],
    [160, 90, 'below_144p'],
  ])('%ix%i is %s', (width, height, name) => {
    expect(resolutionName(width, height)).toBe(name);
  });
});

describe('targetResolution', () => {
  it('reads -s, scale filters (fluent-ffmpeg writes scale=w=…:h=…) and one-sided scales', () => {
    expect(targetResolution(['-i', 'in.mp4', '-s', '1280x720', 'out.mp4'])).toBe('720p');
    expect(targetResolution(['-i', 'in.mp4', '-vf', 'scale=-2:360', 'out.mp4'])).toBe('360p');
    expect(targetResolution(['-i', 'in.mp4', '-filter:v', 'scale=w=1920:h=1080', 'out.mp4'])).toBe('1080p');
    expect(targetResolution(['-i', 'in.mp4', '-vf', 'fps=10,scale=1280:-1', 'out.mp4'])).toBe('720p');
    expect(targetResolution(['-i', 'in.mp4', 'out.mp4'])).toBeUndefined();
  });
});
