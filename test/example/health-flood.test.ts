import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flood } from '../integration/health-flood-client.js';
import { requireTool } from '../helpers/tools.js';
import { type ServiceProcess, startServiceProcess } from './service-process.js';

const REQUESTS = 500;

/** A stand-in for `tool` that appends a line to `<path>.runs` and then becomes the real binary (exec). */
function countingBinary(dir: string, tool: 'ffmpeg' | 'ffprobe'): { path: string; runs: () => number } {
  const real = requireTool(tool, ['-version']);
  const path = join(dir, tool);
  writeFileSync(path, `#!/bin/sh\necho run >> '${path}.runs'\nexec ${real} "$@"\n`, { mode: 0o755 });
  return {
    path,
    runs: () => {
      try {
        return readFileSync(`${path}.runs`, 'utf8').split('\n').filter(Boolean).length;
      } catch {
        return 0;
      }
    },
  };
}

/** The children of `pid` now, by command name (from /proc: no `ps` parsing). */
function childrenOf(pid: number): string[] {
  const names: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // the process ended while we looked
    }
    // pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ')'.
    const close = stat.lastIndexOf(')');
    const ppid = Number(stat.slice(close + 2).split(' ')[1]);
    if (ppid === pid) names.push(stat.slice(stat.indexOf('(') + 1, close));
  }
  return names;
}

describe(`the example under ${REQUESTS} concurrent /health/detailed requests`, () => {
  let service: ServiceProcess;
  let binDir: string;
  let ffmpeg: ReturnType<typeof countingBinary>;
  let ffprobe: ReturnType<typeof countingBinary>;

  beforeAll(async () => {
    binDir = mkdtempSync(join(tmpdir(), 'tfo-health-bin-'));
    ffmpeg = countingBinary(binDir, 'ffmpeg');
    ffprobe = countingBinary(binDir, 'ffprobe');
    service = await startServiceProcess('example', {
      FFMPEG_PATH: ffmpeg.path,
      FFPROBE_PATH: ffprobe.path,
      LOG_LEVEL: 'debug',
    });
  }, 120_000);
  afterAll(async () => {
    await service?.cleanup();
    rmSync(binDir, { recursive: true, force: true });
  });

  it('answers every one 200, runs each check a handful of times and never more than one ffmpeg at once', async () => {
    const pid = await service.servicePid();
    let mostMedia = 0;
    let samples = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const media = childrenOf(pid).filter((name) => name === 'ffmpeg' || name === 'ffprobe' || name === 'sh');
        mostMedia = Math.max(mostMedia, media.length);
        samples++;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();

    const started = performance.now();
    let answers;
    try {
      answers = await flood(service.url, '/health/detailed', REQUESTS);
    } finally {
      sampling = false;
      await sampler;
    }
    const elapsedMs = performance.now() - started;

    const failed = answers.filter((answer) => answer.status !== 200);
    expect(failed.length, failed[0]?.body).toBe(0);
    for (const answer of answers) {
      const body = JSON.parse(answer.body) as { status: string; checks: Record<string, { status: string }> };
      expect(body.status).toBe('ok');
      expect(Object.keys(body.checks).sort()).toEqual(['disk', 'disk_space', 'ffmpeg', 'ffprobe']);
    }

    // ffmpeg and ffprobe each ran once for the whole flood (their result is kept for 5 minutes).
    expect({ ffmpeg: ffmpeg.runs(), ffprobe: ffprobe.runs() }).toEqual({ ffmpeg: 1, ffprobe: 1 });
    expect(samples).toBeGreaterThan(0);
    expect(mostMedia).toBeLessThanOrEqual(2);

    // Each check ran once per run of the report: one run shared by the requests in flight, then
    // at most one per healthCacheMs (1 s) while the flood lasted.
    const ran = service.logLines().filter((line) => line.message === 'health check ran');
    const runsOf = (check: string) => ran.filter((line) => line.check === check).length;
    const bound = 2 + Math.ceil(elapsedMs / 1000);
    for (const check of ['disk', 'disk_space', 'ffmpeg', 'ffprobe']) {
      expect(runsOf(check), `${check} in ${Math.round(elapsedMs)} ms`).toBeGreaterThanOrEqual(1);
      expect(runsOf(check), `${check} in ${Math.round(elapsedMs)} ms`).toBeLessThanOrEqual(bound);
    }
  }, 120_000);
});
