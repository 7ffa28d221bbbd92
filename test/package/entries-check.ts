import type { SpawnSyncReturns } from 'node:child_process';
import { hostname } from 'node:os';
import { expect } from 'vitest';
import { parseExposition } from '../helpers/exposition.js';
import { parseLogLines } from '../helpers/log-lines.js';

/** What `bundle-apps/entries.ts` reports on its last line. */
interface EntriesResult {
  loaded: number[];
  traceId: string;
  requestTraceId: string;
  openMetrics: string;
  pretty: string;
  health: Record<string, unknown>;
  bytes: number;
  metrics: string;
}

/**
 * Checks a run of `bundle-apps/entries.ts` (bundled or as installed): every entry loaded, and
 * each part that the package loads lazily worked, so that none of them failed quietly (a
 * missing trace id, a health check failing with "Dynamic require … is not supported").
 */
export function checkEntriesRun(run: SpawnSyncReturns<string>): void {
  expect(run.status, `${run.stderr}\n${run.stdout}`).toBe(0);
  const lines = run.stdout.trim().split('\n');
  const { result } = JSON.parse(lines.pop()!) as { result: EntriesResult };
  expect(result.loaded.every((count) => count > 0)).toBe(true);
  expect(result.bytes).toBeGreaterThan(0);
  const transcodes = parseExposition(result.metrics).filter(
    (sample) => sample.name === 'video_transcode_duration_seconds_count',
  );
  expect(transcodes.map((sample) => sample.value)).toEqual([1]);
  const [line] = parseLogLines(lines.join('\n')).filter((entry) => entry.message === 'inside a span');
  expect(line).toMatchObject({ trace_id: result.traceId, thread_id: 0, hostname: hostname() });
  // The caller is the entries code (the bundle's own file when it has no source map).
  expect(line).toMatchObject({ file: expect.stringContaining('entries'), line: expect.any(Number) });
  // The request made inside a span left its trace id as an exemplar of its duration.
  expect(result.openMetrics).toMatch(
    new RegExp(
      `^api_request_duration_seconds_bucket\\{.*route="/jobs/:jobId".*\\} 1 # \\{trace_id="${result.requestTraceId}"`,
      'm',
    ),
  );
  // pino-pretty's output, not a JSON line.
  expect(result.pretty).toContain('a pretty line');
  expect(result.pretty).toContain('INFO');
  expect(result.pretty.trimStart().startsWith('{')).toBe(false);
  for (const [name, outcome] of Object.entries(result.health)) {
    expect([name, outcome === false || String(outcome).startsWith('threw')]).toEqual([name, false]);
  }
  expect(Object.keys(result.health).sort()).toEqual(['disk', 'ffmpeg', 'writable']);
}
