/** The keys ffmpeg writes with `-progress`; only lines with one of them are progress lines. */
const PROGRESS_LINE =
  /^(frame|fps|stream_\d+_\d+_q|bitrate|total_size|out_time_us|out_time_ms|out_time|dup_frames|drop_frames|speed|progress)=(.*)$/;

/** One block of ffmpeg's `-progress` output, with the values the SDK uses parsed. */
export interface ProgressBlock {
  /** Frames written; `undefined` when ffmpeg reports none (audio only). */
  readonly frame: number | undefined;
  /** Frames per second; `undefined` when ffmpeg reports none. */
  readonly fps: number | undefined;
  /** Multiple of real time; `undefined` while ffmpeg reports N/A. */
  readonly speed: number | undefined;
  /** Media time written, in seconds. */
  readonly outTimeSeconds: number;
  /** Bytes written; `undefined` while ffmpeg reports N/A. */
  readonly totalSizeBytes: number | undefined;
  /** `true` for the last block (`progress=end`). */
  readonly done: boolean;
}

function finite(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number.parseFloat(value);
  return Number.isFinite(number) ? number : undefined;
}

/** `hh:mm:ss.micro` (possibly negative) to seconds. */
function clockSeconds(value: string | undefined): number | undefined {
  const match = value === undefined ? null : /^(-)?(\d+):(\d\d):(\d\d(?:\.\d+)?)$/.exec(value);
  if (!match) return undefined;
  const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4]);
  return match[1] ? -seconds : seconds;
}

/**
 * Parses ffmpeg's machine-readable progress (`-progress pipe:2`), one `key=value` line at a
 * time, and hands each finished block (ended by `progress=continue` or `progress=end`) to
 * `onBlock`. Lines that are not progress lines are refused, so one stream can carry both
 * progress and ffmpeg's log.
 */
export class ProgressParser {
  private fields = new Map<string, string>();

  constructor(private readonly onBlock: (block: ProgressBlock) => void) {}

  /** Takes one line; returns `true` when it was a progress line. */
  line(line: string): boolean {
    const match = PROGRESS_LINE.exec(line.trim());
    if (!match) return false;
    const key = match[1]!;
    const value = match[2]!.trim();
    if (key !== 'progress') {
      this.fields.set(key, value);
      return true;
    }
    const fields = this.fields;
    this.fields = new Map();
    // out_time_ms is in microseconds too (an old ffmpeg naming slip); out_time_us is preferred.
    const micros = finite(fields.get('out_time_us')) ?? finite(fields.get('out_time_ms'));
    const outTime = micros !== undefined ? micros / 1e6 : clockSeconds(fields.get('out_time'));
    const speed = finite(fields.get('speed')?.replace(/x$/, ''));
    this.onBlock({
      frame: finite(fields.get('frame')),
      fps: finite(fields.get('fps')),
      speed,
      outTimeSeconds: Math.max(0, outTime ?? 0),
      totalSizeBytes: finite(fields.get('total_size')),
      done: value === 'end',
    });
    return true;
  }
}

/** Percentage of `expectedSeconds` that `outTimeSeconds` covers, clamped to 0..100. */
export function progressPercent(outTimeSeconds: number, expectedSeconds: number | undefined): number | undefined {
  if (expectedSeconds === undefined || !(expectedSeconds > 0)) return undefined;
  return Math.min(100, Math.max(0, (outTimeSeconds / expectedSeconds) * 100));
}
