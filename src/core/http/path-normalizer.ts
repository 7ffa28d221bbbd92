import { match } from 'path-to-regexp';
import { invalidOption } from '../errors.js';

/** Settings of the normalizer used for requests the framework could not name a route for. */
interface PathNormalizerOptions {
  /** path-to-regexp patterns (`/downloads/job/:job_id/video/:video_format`); the first match wins. Default: none. */
  readonly patterns?: readonly string[];
  /** Replace id-like segments (numbers, UUIDs, ULIDs, hex of 16+ characters) with `{id}`. Default: `false`. */
  readonly detectIds?: boolean;
  /** Name of the option, for error messages. */
  readonly option?: string;
}

/**
 * Turns a raw path into a route label, or `undefined` when it cannot name one. Id detection
 * runs only when `detectIds` is on and the caller allows it (never for 404s: see route-label.ts).
 */
export type PathNormalizer = (path: string, allowIdDetection: boolean) => string | undefined;

const NUMBER = /^\d+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/i;
const HEX = /^[0-9a-f]{16,}$/i;
/** Paths longer than this are never normalized (they get the unmatched route value). */
const MAX_PATH_LENGTH = 2048;
/** Paths with more segments than this are never normalized. */
const MAX_SEGMENTS = 16;

/** True when a path segment looks like an identifier rather than a name. */
export function isIdSegment(segment: string): boolean {
  return NUMBER.test(segment) || UUID.test(segment) || ULID.test(segment) || HEX.test(segment);
}

/** The label a pattern produces: its parameters written as `{name}`. */
function templateOf(pattern: string): string {
  return pattern.replace(/[:*]([A-Za-z_$][\w$]*)/g, '{$1}');
}

/**
 * Builds the normalizer for routes a framework cannot name: configured path-to-regexp
 * patterns first (`/downloads/job/abc123/video/720p` matches `/downloads/job/:job_id/video/:video_format`
 * and becomes `/downloads/job/{job_id}/video/{video_format}`), then, when `detectIds` is on,
 * id-like segments replaced by `{id}`. A bad pattern throws `TFO_ERR_INVALID_OPTION`.
 */
export function createPathNormalizer(options: PathNormalizerOptions): PathNormalizer {
  const option = options.option ?? 'pathPatterns';
  const patterns = options.patterns ?? [];
  if (!Array.isArray(patterns)) throw invalidOption(option, 'is not an array', 'an array of path-to-regexp patterns');
  const matchers = patterns.map((pattern: unknown, index) => {
    if (typeof pattern !== 'string' || !pattern.startsWith('/')) {
      throw invalidOption(`${option}[${index}]`, `is ${JSON.stringify(pattern)}`, 'a path pattern starting with /');
    }
    try {
      return { test: match(pattern, { decode: false }), template: templateOf(pattern) };
    } catch (error) {
      throw invalidOption(
        `${option}[${index}]`,
        `(${JSON.stringify(pattern)}) is not a valid path-to-regexp pattern: ${(error as Error).message}`,
        'a pattern such as /downloads/job/:job_id/video/:video_format',
      );
    }
  });
  const detectIds = options.detectIds ?? false;
  if (typeof detectIds !== 'boolean')
    throw invalidOption('detectIds', `is ${JSON.stringify(detectIds)}`, 'true or false');
  return (path, allowIdDetection) => {
    if (path.length > MAX_PATH_LENGTH) return undefined;
    for (const matcher of matchers) if (matcher.test(path) !== false) return matcher.template;
    if (!detectIds || !allowIdDetection) return undefined;
    const segments = path.split('/');
    if (segments.length > MAX_SEGMENTS + 1) return undefined;
    for (let i = 0; i < segments.length; i++) if (isIdSegment(segments[i]!)) segments[i] = '{id}';
    return segments.join('/');
  };
}
