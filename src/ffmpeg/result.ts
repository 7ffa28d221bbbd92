import { stat } from 'node:fs/promises';
import { probeMedia } from './ffprobe.js';
import { resolutionName } from './resolution.js';
import type { OutputTarget, SourceInfo } from './session-types.js';
import type { OutputLogParser } from './stderr-outputs.js';
import type { FfmpegKind, FfmpegOutput, FfmpegResult, FfmpegSource } from './types.js';

/**
 * Describes one output: its bytes (the file's size, or what went through the stream), and
 * its codec and size in pixels as ffmpeg's log printed them, with the media time ffmpeg
 * wrote as its duration. Only when the log says nothing (e.g. `-loglevel error`) is a file
 * output probed with ffprobe, so a run costs no extra process after ffmpeg exits.
 */
export async function describeOutput(
  output: OutputTarget,
  logged: ReturnType<OutputLogParser['outputs']['get']>,
  ffprobe: string | undefined,
  writtenSeconds: number | undefined,
): Promise<FfmpegOutput> {
  let video = logged?.video;
  let audio = logged?.audio;
  let durationSeconds = writtenSeconds;
  let bytes: number;
  if ('path' in output) {
    bytes = await stat(output.path).then(
      (stats) => stats.size,
      () => 0,
    );
    if (video === undefined && audio === undefined && ffprobe !== undefined) {
      const probed = await probeMedia(ffprobe, output.path).catch(() => undefined);
      video = probed?.video;
      audio = probed?.audio;
      durationSeconds = probed?.durationSeconds ?? writtenSeconds;
    }
  } else {
    bytes = output.bytes;
  }
  const resolution =
    video !== undefined ? resolutionName(video.width, video.height) : audio !== undefined ? 'audio' : 'unknown';
  return {
    path: 'path' in output ? output.path : 'pipe:1',
    bytes,
    resolution,
    width: video?.width,
    height: video?.height,
    codec: video?.codec ?? audio?.codec ?? 'unknown',
    durationSeconds,
  };
}

/** Everything a result is made of. */
interface ResultParts {
  readonly id: string;
  readonly kind: FfmpegKind;
  readonly wallTimeSeconds: number;
  readonly outputs: FfmpegOutput[];
  readonly source: SourceInfo | undefined;
  /** The source duration, from ffprobe or from ffmpeg's log. */
  readonly sourceDuration: number | undefined;
  readonly command: string;
}

/** Builds the result of a successful run, compression ratio included. */
export function buildResult(parts: ResultParts): FfmpegResult {
  const info = parts.source;
  const source: FfmpegSource | undefined = info && {
    path: info.path,
    sizeBytes: info.sizeBytes,
    durationSeconds: parts.sourceDuration,
  };
  const outputBytes = parts.outputs.reduce((sum, output) => sum + output.bytes, 0);
  const sourceBytes = source?.sizeBytes;
  return {
    id: parts.id,
    kind: parts.kind,
    wallTimeSeconds: parts.wallTimeSeconds,
    outputs: parts.outputs,
    source,
    compressionRatio: sourceBytes !== undefined && outputBytes > 0 ? sourceBytes / outputBytes : undefined,
    command: parts.command,
  };
}
