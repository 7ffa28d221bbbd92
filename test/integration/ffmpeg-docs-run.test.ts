import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTestVideo, mediaDir } from '../helpers/media.js';
import { extractSnippets, runSnippets } from '../helpers/snippets.js';
import { requireTool } from '../helpers/tools.js';

describe('docs/ffmpeg.md', () => {
  requireTool('ffmpeg', ['-version']);
  const media = mediaDir('tfo-ffmpeg-docs-');
  afterAll(() => media.remove());

  it('runs every snippet against real ffmpeg on a generated upload.mp4, and each writes its outputs', () => {
    // The thumbnail snippet seeks to 5 s, so the source is longer than that.
    makeTestVideo(join(media.dir, 'upload.mp4'), 6, '640x360');
    const snippets = extractSnippets('docs/ffmpeg.md');
    expect(snippets.length).toBeGreaterThanOrEqual(4);
    for (const run of runSnippets(snippets, 'ffmpeg', 60_000, media.dir)) {
      expect({ file: run.file, status: run.status }, run.output).toEqual({ file: run.file, status: 0 });
    }
    for (const output of ['out-720p.mp4', 'out-360p.mp4', 'thumb.jpg', 'audio.m4a', 'out.mp4']) {
      expect(existsSync(join(media.dir, output)), output).toBe(true);
    }
  });
});
