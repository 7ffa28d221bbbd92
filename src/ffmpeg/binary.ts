import { BINARY_ENV, type BinaryLookup, defaultLookup, lookUpBinary, type Tool } from '../core/binary-lookup.js';
import { FfmpegError } from './errors.js';

export type { BinaryLookup } from '../core/binary-lookup.js';

/** Where a binary was found. */
interface ResolvedBinary {
  /** Absolute path of the executable. */
  readonly path: string;
  /** Which step found it: `option`, `FFMPEG_PATH`/`FFPROBE_PATH`, `PATH` or the installer package. */
  readonly from: string;
}

/**
 * Finds the ffmpeg or ffprobe binary (see `lookUpBinary` for the order: the option, the
 * environment variable, `PATH`, the installer package). When nothing is found, the
 * `spawn_error` {@link FfmpegError} lists every step tried.
 */
export function resolveBinary(
  tool: Tool,
  option: { readonly name: string; readonly value: string | undefined },
  lookup: BinaryLookup = defaultLookup,
): ResolvedBinary {
  const result = lookUpBinary(tool, option, lookup);
  if (result.found) return { path: result.path, from: result.from };
  throw new FfmpegError({
    reason: 'spawn_error',
    summary: `no ${tool} binary could be run; tried, in order: ${result.tried.join('; ')}. Install ${tool} (e.g. \`apt-get install ffmpeg\`), set ${BINARY_ENV[tool]}, or pass the \`${option.name}\` option`,
  });
}
