import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';

/** The ffmpeg and ffprobe executables the service runs. */
export interface FfmpegBinaries {
  readonly ffmpegPath: string;
  readonly ffprobePath: string;
}

/** A `require` for the installer packages, made on first use (CommonJS bundles have their own). */
function requireHere(id: string): unknown {
  return (typeof require === 'function' ? require : createRequire(import.meta.url))(id);
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function find(tool: 'ffmpeg' | 'ffprobe', envPath: string | undefined, pathVariable: string | undefined): string {
  if (envPath !== undefined && envPath !== '') return envPath;
  for (const dir of (pathVariable ?? '').split(delimiter)) {
    if (dir !== '' && executable(join(dir, tool))) return join(dir, tool);
  }
  const installer = tool === 'ffmpeg' ? '@ffmpeg-installer/ffmpeg' : '@ffprobe-installer/ffprobe';
  try {
    return (requireHere(installer) as { path: string }).path;
  } catch {
    throw new Error(
      `no ${tool} found: not in ${tool.toUpperCase()}_PATH, not on PATH, and ${installer} is not installed. ` +
        `Install ffmpeg (e.g. apt-get install ffmpeg) or run npm ci.`,
    );
  }
}

/**
 * Finds ffmpeg and ffprobe: `FFMPEG_PATH`/`FFPROBE_PATH` when set, else the system binaries on
 * `PATH`, else the bundled `@ffmpeg-installer/ffmpeg` and `@ffprobe-installer/ffprobe`.
 *
 * @param env - The environment, usually `process.env`.
 * @returns Both paths.
 * @example
 * ```ts
 * const { ffmpegPath } = findFfmpegBinaries(process.env);
 * ```
 */
export function findFfmpegBinaries(env: Readonly<Record<string, string | undefined>>): FfmpegBinaries {
  return {
    ffmpegPath: find('ffmpeg', env.FFMPEG_PATH, env.PATH),
    ffprobePath: find('ffprobe', env.FFPROBE_PATH, env.PATH),
  };
}
