import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestVideo, mediaDir } from '../helpers/media.js';
import { extractSnippets, runSnippets } from '../helpers/snippets.js';
import { requireTool } from '../helpers/tools.js';

/*
 * Each snippet is its own test with its own time budget, on a small source (320x180 at 10 fps),
 * so a busy machine slows the run down without failing it: all snippets in one test under one
 * 60 s budget timed out with both cores loaded.
 */

const SNIPPET_BUDGET_MS = 150_000;

describe('docs/ffmpeg.md', () => {
  requireTool('ffmpeg', ['-version']);
  const media = mediaDir('tfo-ffmpeg-docs-');
  const snippets = extractSnippets('docs/ffmpeg.md');
  // The thumbnail snippet seeks to 5 s, so the source is longer than that.
  beforeAll(() => makeTestVideo(join(media.dir, 'upload.mp4'), 6, '320x180', 10));
  afterAll(() => media.remove());

  it('has at least 4 snippets', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(4);
  });

  it.each(snippets.map((snippet) => [snippet.index, snippet] as const))(
    'snippet %i runs against real ffmpeg on a generated upload.mp4',
    { timeout: SNIPPET_BUDGET_MS + 30_000 },
    (index, snippet) => {
      const [run] = runSnippets([snippet], `ffmpeg-${index}`, SNIPPET_BUDGET_MS, media.dir);
      expect({ file: run!.file, status: run!.status }, run!.output).toEqual({ file: run!.file, status: 0 });
    },
  );

  it('the snippets wrote every output they name', () => {
    for (const output of ['out-720p.mp4', 'out-360p.mp4', 'thumb.jpg', 'audio.m4a', 'out.mp4']) {
      expect(existsSync(join(media.dir, output)), output).toBe(true);
    }
  });
});
