import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { getLogger, type Observability } from '@transcode-flow/observability';
import { instrumentMedia } from '@transcode-flow/observability/integrations';
import { FfmpegError, runFfmpeg } from '@transcode-flow/observability/ffmpeg';
import type { FfmpegBinaries } from './ffmpeg-binaries.js';
import type { JobOutputs, JobStore, VideoFormat } from './job-store.js';
import type { TranscodeJobData } from './queue/job-queue.js';
import type { LocalStorage } from './storage.js';
import type { Transcriber } from './transcribers/transcriber.js';

/** What the worker needs. */
export interface WorkerDeps {
  readonly observability: Observability;
  readonly store: JobStore;
  readonly storage: LocalStorage;
  readonly binaries: FfmpegBinaries;
  /** Scratch folder for ffmpeg's outputs before they are stored. */
  readonly workDir: string;
  /** The transcription step, or `undefined` for none. */
  readonly transcriber: Transcriber | undefined;
}

const HEIGHTS: Record<VideoFormat, number> = { '360p': 360, '720p': 720 };
const execFileAsync = promisify(execFile);

async function hasAudio(ffprobePath: string, source: string, signal: AbortSignal): Promise<boolean> {
  const { stdout } = await execFileAsync(
    ffprobePath,
    ['-v', 'error', '-select_streams', 'a', '-show_entries', 'stream=index', '-of', 'csv=p=0', source],
    { signal },
  ).catch(() => ({ stdout: '' }));
  return stdout.trim() !== '';
}

/** The code and message kept on a failed job. */
export function describeFailure(error: unknown): { code: string; message: string } {
  if (error instanceof FfmpegError)
    return { code: `ffmpeg_${error.reason}`, message: error.message.split('\n')[0] ?? error.message };
  const code = (error as { code?: unknown } | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return { code: typeof code === 'string' ? code : error instanceof Error ? error.name : 'error', message };
}

/**
 * Creates the job function: for each job, real ffmpeg runs through `runFfmpeg` make the 360p
 * and 720p renditions (`kind: 'transcode'`), a thumbnail (`'thumbnail'`) and an audio
 * extraction (`'audio'`, when the source has sound); then the optional transcription runs
 * under `instrumentMedia().transcription`. Every output goes to storage; every step stops
 * when the job's signal aborts. Lines logged here carry the job's `job_id` (set by the queue's
 * job wrapper).
 *
 * @param deps - See {@link WorkerDeps}.
 * @returns The function the queue runs for each job.
 * @example
 * ```ts
 * await queue.start(createTranscodeWorker(deps), settled);
 * ```
 */
export function createTranscodeWorker(
  deps: WorkerDeps,
): (data: TranscodeJobData, signal: AbortSignal) => Promise<void> {
  const { observability, store, storage, binaries } = deps;
  const log = getLogger('transcode-service.worker');
  const media = instrumentMedia(observability);
  const ffmpeg = (args: string[], options: Omit<Parameters<typeof runFfmpeg>[1], 'observability'>) =>
    runFfmpeg(['-hide_banner', '-y', ...args], { observability, ...binaries, ...options });

  return async (data, signal) => {
    const { jobId, source } = data;
    if (store.get(jobId) === undefined) store.create(jobId, source, data.webhookUrl, data.owner);
    store.update(jobId, { status: 'processing' });
    log.info({ source }, 'job started');
    const work = join(deps.workDir, jobId);
    await mkdir(work, { recursive: true });
    const outputs: JobOutputs = { video: {} };
    try {
      for (const format of ['360p', '720p'] as const) {
        const file = join(work, `video-${format}.mp4`);
        await ffmpeg(
          ['-i', source, '-vf', `scale=-2:${HEIGHTS[format]}`, '-c:v', 'libx264', '-preset', 'veryfast'].concat([
            '-pix_fmt',
            'yuv420p',
            '-c:a',
            'aac',
            '-b:a',
            '96k',
            '-movflags',
            '+faststart',
            file,
          ]),
          { id: `${jobId}-${format}`, signal, labels: { resolution: format } },
        );
        const key = `jobs/${jobId}/video-${format}.mp4`;
        outputs.video[format] = { key, bytes: await storage.putFile(key, file) };
        log.info({ format, bytes: outputs.video[format].bytes }, 'rendition stored');
      }
      const thumbnail = join(work, 'thumbnail.jpg');
      await ffmpeg(['-i', source, '-vf', 'thumbnail,scale=320:-2', '-frames:v', '1', thumbnail], {
        kind: 'thumbnail',
        signal,
      });
      outputs.thumbnail = {
        key: `jobs/${jobId}/thumbnail.jpg`,
        bytes: await storage.putFile(`jobs/${jobId}/thumbnail.jpg`, thumbnail),
      };
      if (await hasAudio(binaries.ffprobePath, source, signal)) {
        const audio = join(work, 'audio.m4a');
        await ffmpeg(['-i', source, '-vn', '-c:a', 'aac', '-b:a', '128k', audio], {
          kind: 'audio',
          signal,
          labels: { codec: 'aac' },
        });
        outputs.audio = {
          key: `jobs/${jobId}/audio.m4a`,
          bytes: await storage.putFile(`jobs/${jobId}/audio.m4a`, audio),
        };
        const transcriber = deps.transcriber;
        if (transcriber !== undefined) {
          const transcript = await media.transcription(() => transcriber.transcribe(audio, signal), {
            model: transcriber.model,
          });
          const key = `jobs/${jobId}/transcript.txt`;
          await storage.putStream(key, Readable.from([transcript.text]));
          outputs.transcript = { key, words: transcript.text.split(/\s+/).filter(Boolean).length };
        }
      }
      store.update(jobId, { status: 'completed', outputs });
      log.info({ renditions: Object.keys(outputs.video) }, 'job completed');
    } catch (error) {
      store.update(jobId, { outputs });
      throw error;
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  };
}
