/** The options the SDK adds: machine-readable progress on stderr, no human stats line, and no banner (so an error's stderr tail shows the error). */
export const PROGRESS_ARGS: readonly string[] = ['-hide_banner', '-nostats', '-progress', 'pipe:2'];

/** ffmpeg options that take no value; every other option takes exactly one. */
const FLAGS = new Set([
  '-y',
  '-n',
  '-nostdin',
  '-stdin',
  '-nostats',
  '-stats',
  '-hide_banner',
  '-an',
  '-vn',
  '-sn',
  '-dn',
  '-re',
  '-shortest',
  '-copyts',
  '-start_at_zero',
  '-copytb',
  '-benchmark',
  '-benchmark_all',
  '-dump',
  '-hex',
  '-debug_ts',
  '-ignore_unknown',
  '-copy_unknown',
  '-accurate_seek',
  '-noaccurate_seek',
  '-autorotate',
  '-noautorotate',
  '-autoscale',
  '-noautoscale',
  '-xerror',
  '-vstats',
  '-report',
]);

/** Non-file destinations: pipes, stdout, URLs with a protocol, and the null device. */
function isFilePath(target: string): boolean {
  if (target === '-' || target === '/dev/null' || target === 'NUL') return false;
  const protocol = /^([a-z][a-z0-9+.-]+):/i.exec(target);
  return !protocol || protocol[1]!.toLowerCase() === 'file' || /^[a-z]$/i.test(protocol[1]!);
}

function stripFileProtocol(path: string): string {
  return path.startsWith('file:') ? path.slice('file:'.length) : path;
}

/** What the SDK reads from an ffmpeg argument list. */
export interface ParsedArgs {
  /** The `-i` values, in order. */
  readonly inputs: readonly string[];
  /** The output file paths (pipes, URLs and `-f null -` excluded), in order. */
  readonly outputFiles: readonly string[];
  /** Number of outputs of every kind (files, pipes, URLs). */
  readonly outputCount: number;
  /** The last `-preset` value. */
  readonly preset: string | undefined;
  /** The last `-t` value, in seconds. */
  readonly durationSeconds: number | undefined;
}

/** `90`, `1.5`, `00:01:30`, `1:30.5` or `500ms` to seconds. */
export function parseTime(value: string): number | undefined {
  const trimmed = value.trim();
  const units = /^(\d+(?:\.\d+)?)(ms|us|s)?$/.exec(trimmed);
  if (units) {
    const number = Number(units[1]);
    return units[2] === 'ms' ? number / 1e3 : units[2] === 'us' ? number / 1e6 : number;
  }
  const clock = /^(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$/.exec(trimmed);
  if (!clock) return undefined;
  return Number(clock[1] ?? 0) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
}

/**
 * Reads inputs, outputs, `-preset` and `-t` from an ffmpeg argument list: a positional
 * argument (one that is neither an option nor an option's value) is an output.
 */
export function parseArgs(args: readonly string[]): ParsedArgs {
  const inputs: string[] = [];
  const outputFiles: string[] = [];
  let outputCount = 0;
  let preset: string | undefined;
  let durationSeconds: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith('-') && arg !== '-') {
      if (FLAGS.has(arg)) continue;
      const value = args[++i];
      if (value === undefined) break;
      if (arg === '-i') inputs.push(value);
      else if (arg === '-preset' || arg.startsWith('-preset:')) preset = value;
      else if (arg === '-t') durationSeconds = parseTime(value);
      continue;
    }
    outputCount++;
    if (isFilePath(arg)) outputFiles.push(stripFileProtocol(arg));
  }
  return { inputs, outputFiles, outputCount, preset, durationSeconds };
}

/** The input path a command line reads from, when it is a local file path. */
export function localInput(inputs: readonly string[]): string | undefined {
  const first = inputs[0];
  return first !== undefined && isFilePath(first) ? stripFileProtocol(first) : undefined;
}
