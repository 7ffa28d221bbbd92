import { execFile } from 'node:child_process';

/** What the SDK reads from ffprobe about one media file. */
export interface ProbedMedia {
  /** Container duration in seconds. */
  readonly durationSeconds: number | undefined;
  /** File size in bytes. */
  readonly sizeBytes: number | undefined;
  /** The first video stream. */
  readonly video: { readonly codec: string; readonly width: number; readonly height: number } | undefined;
  /** The first audio stream. */
  readonly audio: { readonly codec: string } | undefined;
}

interface FfprobeJson {
  streams?: { codec_type?: string; codec_name?: string; width?: number; height?: number }[];
  format?: { duration?: string; size?: string };
}

function number(value: string | undefined): number | undefined {
  const parsed = value === undefined ? NaN : Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** Turns ffprobe's JSON (`-show_entries format=duration,size:stream=…`) into {@link ProbedMedia}. */
function parseProbe(json: string): ProbedMedia {
  const data = JSON.parse(json) as FfprobeJson;
  const streams = data.streams ?? [];
  const video = streams.find((stream) => stream.codec_type === 'video' && (stream.width ?? 0) > 0);
  const audio = streams.find((stream) => stream.codec_type === 'audio');
  return {
    durationSeconds: number(data.format?.duration),
    sizeBytes: number(data.format?.size),
    video: video && {
      codec: video.codec_name ?? 'unknown',
      width: video.width ?? 0,
      height: video.height ?? 0,
    },
    audio: audio && { codec: audio.codec_name ?? 'unknown' },
  };
}

/**
 * Probes a media file with ffprobe (duration, size, first video and audio stream). Rejects
 * with an `Error` carrying ffprobe's message when the file is missing or not media.
 */
export function probeMedia(ffprobe: string, path: string, timeoutMs = 30_000): Promise<ProbedMedia> {
  const args = [
    '-v',
    'error',
    '-show_entries',
    'format=duration,size:stream=codec_type,codec_name,width,height',
    '-of',
    'json',
    path,
  ];
  return new Promise((resolve, reject) => {
    execFile(ffprobe, args, { timeout: timeoutMs, maxBuffer: 1 << 20, windowsHide: true }, (error, stdout, stderr) => {
      if (error) {
        const detail = stderr.trim().split('\n').slice(-3).join(' ') || error.message;
        reject(new Error(`ffprobe could not read ${path}: ${detail}`, { cause: error }));
        return;
      }
      try {
        resolve(parseProbe(stdout));
      } catch (parseError) {
        reject(new Error(`ffprobe wrote output that is not JSON for ${path}`, { cause: parseError }));
      }
    });
  });
}
