import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleValue } from '../helpers/exposition.js';
import { type ServiceProcess, startServiceProcess } from './service-process.js';

/** A PATH holding only node, npm and sh, so neither ffmpeg nor ffprobe is found on it. */
function pathWithoutFfmpeg(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tfo-path-'));
  symlinkSync(process.execPath, join(dir, 'node'));
  const npm = execFileSync('which', ['npm'], { encoding: 'utf8' }).trim();
  symlinkSync(npm, join(dir, 'npm'));
  symlinkSync('/bin/sh', join(dir, 'sh'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** How long the demo may take to finish its jobs. */
const DEMO_BUDGET_MS = 420_000;

describe('npm run demo without ffmpeg on PATH', () => {
  let service: ServiceProcess;
  let path: { dir: string; remove: () => void };

  beforeAll(async () => {
    path = pathWithoutFfmpeg();
    expect(() => execFileSync('ffmpeg', ['-version'], { env: { PATH: path.dir }, stdio: 'pipe' })).toThrow();
    service = await startServiceProcess('demo', { PATH: path.dir });
    // The demo runs four real transcodes: on a loaded machine that takes minutes, so the wait is generous.
    await service.waitForLog('demo finished', () => true, DEMO_BUDGET_MS);
  }, DEMO_BUDGET_MS + 30_000);

  afterAll(async () => {
    await service?.cleanup();
    path?.remove();
  });

  it('falls back to the bundled @ffmpeg-installer binaries and completes the demo jobs', async () => {
    const started = service.logLines().find((line) => line.message === 'service started');
    expect(String(started?.ffmpeg)).toContain(join('@ffmpeg-installer', ''));
    expect(dirname(String(started?.ffmpeg))).not.toBe('/usr/bin');
    const samples = await service.scrape();
    expect(sampleValue(samples, 'jobs_completed_total', { queue: 'transcode', job_type: 'transcode' })).toBe(3);
    expect(sampleValue(samples, 'video_transcode_failures_total', { reason: 'invalid_input' })).toBe(1);
    const health = (await (await fetch(`${service.url}/health/detailed`)).json()) as { status: string };
    expect(health.status).toBe('ok');
  });

  it('exits with code 0 on SIGTERM', async () => {
    await service.signal('SIGTERM');
    expect(await service.exited).toBe(0);
  });
});
