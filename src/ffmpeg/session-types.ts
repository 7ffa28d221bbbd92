import type { ProbedMedia } from './ffprobe.js';

/** How the ffmpeg process ended. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Set when the process could not be started, or the runner reports a failure of its own. */
  readonly error?: Error;
}

/** An output the runner knows about: a file path, or a stream with the bytes that went through it. */
export type OutputTarget = { readonly path: string } | { readonly stream: true; readonly bytes: number };

/** The source file of a run: its size, and what ffprobe said (or why it could not). */
export interface SourceInfo {
  readonly path: string;
  readonly sizeBytes: number | undefined;
  readonly probed: ProbedMedia | undefined;
  readonly probeError: Error | undefined;
}
