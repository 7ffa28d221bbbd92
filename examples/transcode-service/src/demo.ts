import { execFile } from 'node:child_process';
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { getLogger } from '@transcode-flow/observability';
import { startWebhookReceiver } from './demo-receiver.js';
import type { JobStatus } from './job-store.js';
import { keyFigures } from './scrape-summary.js';
import type { RunningService } from './service.js';

/** The demo feed, running next to the service. */
export interface DemoRun {
  /** Settles when every demo job has finished and the summary is printed. */
  readonly done: Promise<void>;
  /** Stops waiting and closes the webhook receiver. */
  stop(): Promise<void>;
}

const execFileAsync = promisify(execFile);
const say = (text: string): boolean => process.stderr.write(`${text}\n`);
const FINAL: readonly JobStatus[] = ['completed', 'failed', 'cancelled'];

/** Generates a 4-second 1280x720 test video (testsrc2 + a 440 Hz tone) with ffmpeg's lavfi sources. */
async function generateTestVideo(ffmpegPath: string, path: string): Promise<void> {
  await execFileAsync(ffmpegPath, [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '4'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', path],
  ]);
}

/** A file named .mp4 that holds no video: the job made from it fails on purpose. */
async function writeCorruptVideo(path: string): Promise<void> {
  const bytes = Buffer.alloc(16 * 1024);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 251;
  await writeFile(path, bytes);
}

/**
 * Feeds the service: generates a test video and a corrupt file in `DATA_DIR/demo`, starts a
 * local webhook receiver, then submits over HTTP, with the API key, a job from the video, one
 * with a completion webhook, one raw upload and one from the corrupt file (which fails on
 * purpose). It waits for them, asks for an unknown job once (a 404), downloads a rendition, and prints to stderr where to look and a
 * few key figures read from `/metrics`. The service keeps running afterwards.
 *
 * @param service - The running service.
 * @param dataDir - The data folder (sources must live under it).
 * @param metricsToken - The bearer token `/metrics` requires, if any.
 * @returns The running demo.
 * @example
 * ```ts
 * const demo = runDemo(service, config.dataDir, config.metricsToken);
 * await demo.done;
 * ```
 */
export function runDemo(service: RunningService, dataDir: string, metricsToken?: string): DemoRun {
  const log = getLogger('transcode-service.demo');
  const abort = new AbortController();
  const headers = { 'X-API-Key': service.apiKey };
  let closeReceiver: (() => Promise<void>) | undefined;

  const submit = async (init: { body: string | Uint8Array; type: string; query?: string }): Promise<string> => {
    const response = await fetch(`${service.url}/jobs${init.query ?? ''}`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': init.type },
      body: init.body,
      signal: abort.signal,
    });
    const answer = (await response.json()) as { id?: string; error?: { message: string } };
    if (response.status !== 202 || answer.id === undefined) {
      throw new Error(`POST /jobs answered ${response.status}: ${answer.error?.message ?? 'no job id'}`);
    }
    return answer.id;
  };

  const waitFor = async (id: string): Promise<{ status: JobStatus; webhook?: { status: string } }> => {
    for (;;) {
      const response = await fetch(`${service.url}/jobs/${id}`, { headers, signal: abort.signal });
      const job = (await response.json()) as { status: JobStatus; webhook?: { status: string } };
      if (FINAL.includes(job.status) && job.webhook?.status !== 'pending') return job;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };

  const run = async (): Promise<void> => {
    const dir = join(dataDir, 'demo');
    await mkdir(dir, { recursive: true });
    const sample = join(dir, 'sample-720p.mp4');
    const corrupt = join(dir, 'corrupt.mp4');
    say('Demo: generating a 4 s 1280x720 test video with ffmpeg (testsrc2 + 440 Hz tone)…');
    await generateTestVideo(service.binaries.ffmpegPath, sample);
    await writeCorruptVideo(corrupt);
    const receiver = await startWebhookReceiver();
    closeReceiver = receiver.close;

    const json = (body: object) => ({ type: 'application/json', body: JSON.stringify(body) });
    const jobs = {
      plain: await submit(json({ source: sample })),
      webhook: await submit(json({ source: sample, webhookUrl: receiver.url })),
      upload: await submit({ type: 'video/mp4', body: new Uint8Array(await readFile(sample)) }),
      corrupt: await submit(json({ source: corrupt })),
    };
    say(`Demo: submitted 4 jobs (one from a corrupt file, failing on purpose; one with a webhook to ${receiver.url})`);
    const results = Object.fromEntries(
      await Promise.all(Object.entries(jobs).map(async ([name, id]) => [name, (await waitFor(id)).status] as const)),
    );
    // One client error on purpose, so the 4xx panels and error-ratio queries have data.
    await fetch(`${service.url}/jobs/no-such-job`, { headers, signal: abort.signal }).then((r) => r.arrayBuffer());
    const download = await fetch(`${service.url}/downloads/job/${jobs.plain}/video/720p`, {
      headers,
      signal: abort.signal,
    });
    const bytes = (await download.arrayBuffer()).byteLength;

    const scrape = await fetch(`${service.url}/metrics`, {
      headers: metricsToken === undefined ? {} : { Authorization: `Bearer ${metricsToken}` },
      signal: abort.signal,
    });
    log.info({ jobs, results, webhooks_received: receiver.received.length, download_bytes: bytes }, 'demo finished');
    say('');
    say(`Demo finished: ${JSON.stringify(results)}; webhook deliveries accepted: ${receiver.received.length}`);
    say(`Downloaded the 720p rendition of job ${jobs.plain}: ${bytes} bytes`);
    say('Key figures from /metrics:');
    for (const line of keyFigures(await scrape.text())) say(`  ${line}`);
    say('');
    say(`Look at ${service.url}/metrics and ${service.url}/health/detailed,`);
    say(`and a job: curl -H 'X-API-Key: ${service.apiKey}' ${service.url}/jobs/${jobs.webhook}`);
    say('The service keeps running; stop it with Ctrl-C.');
  };

  const done = run().catch((error: unknown) => {
    if (abort.signal.aborted) return;
    log.error({ err: error }, 'demo failed');
    say(`Demo failed: ${error instanceof Error ? error.message : String(error)}`);
  });
  return {
    done,
    async stop() {
      abort.abort();
      await done;
      await closeReceiver?.();
    },
  };
}
