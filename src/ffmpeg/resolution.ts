/** Standard video sizes (landscape width × height), largest first. */
const STANDARDS: readonly (readonly [number, number])[] = [
  [7680, 4320],
  [3840, 2160],
  [2560, 1440],
  [1920, 1080],
  [1280, 720],
  [854, 480],
  [640, 360],
  [426, 240],
  [256, 144],
];

/** Below the smallest standard size. */
const BELOW_144P = 'below_144p';

/**
 * The standard name (`360p`, `720p`, `1080p`, …, `4320p`) of a video size: the largest
 * standard whose height the short side reaches, or whose width the long side reaches (so
 * `1920x800` is `1080p` and a portrait `720x1280` is `720p`), with 5 % tolerance for sizes
 * rounded by scalers. Sizes below 256x144 are `below_144p`. The set of names is bounded,
 * so it is safe as a label.
 *
 * @example
 * ```ts
 * import { resolutionName } from '@transcode-flow/observability/ffmpeg';
 * resolutionName(1280, 720); // '720p'
 * resolutionName(1920, 800); // '1080p'
 * ```
 */
export function resolutionName(width: number, height: number): string {
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  for (const [standardWidth, standardHeight] of STANDARDS) {
    if (short >= standardHeight * 0.95 || long >= standardWidth * 0.95) return `${standardHeight}p`;
  }
  return BELOW_144P;
}

const SIZE_OPTION = /^(\d+)x(\d+)$/;
const SCALE_FILTER = /scale=(?:w=)?(-?\d+)(?::|:h=)(-?\d+)/;

/**
 * The resolution an ffmpeg command line asks for, from `-s WxH` or a `scale=W:H` filter
 * (one side may be -1/-2, then the other side decides); `undefined` when it asks for none.
 */
export function targetResolution(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length - 1; i++) {
    const option = args[i]!;
    const value = args[i + 1]!;
    if (option === '-s' || option.startsWith('-s:v')) {
      const size = SIZE_OPTION.exec(value);
      if (size) return resolutionName(Number(size[1]), Number(size[2]));
    }
    if (/^-(?:vf|filter:v|filter_complex|filter)$/.test(option)) {
      const scale = SCALE_FILTER.exec(value);
      if (!scale) continue;
      const width = Number(scale[1]);
      const height = Number(scale[2]);
      if (width > 0 && height > 0) return resolutionName(width, height);
      if (height > 0) return resolutionName(Math.round((height * 16) / 9), height);
      if (width > 0) return resolutionName(width, Math.round((width * 9) / 16));
    }
  }
  return undefined;
}
