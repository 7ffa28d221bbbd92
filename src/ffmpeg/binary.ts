import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { FfmpegError } from './errors.js';
import { moduleRequire } from '../core/module-require.js';

/** The binaries the SDK runs. */
type Tool = 'ffmpeg' | 'ffprobe';

/** Where a binary was found. */
interface ResolvedBinary {
  /** Absolute path of the executable. */
  readonly path: string;
  /** Which step found it: `option`, `FFMPEG_PATH`/`FFPROBE_PATH`, `PATH` or the installer package. */
  readonly from: string;
}

/** What the lookup reads; tests replace it. */
export interface BinaryLookup {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Returns the `path` export of an installer package, or throws when it is not installed. */
  readonly installerPath: (packageName: string) => string;
}

const INSTALLERS: Record<Tool, string> = {
  ffmpeg: '@ffmpeg-installer/ffmpeg',
  ffprobe: '@ffprobe-installer/ffprobe',
};

const ENV: Record<Tool, string> = { ffmpeg: 'FFMPEG_PATH', ffprobe: 'FFPROBE_PATH' };

/** The default lookup: this process's environment and a lazy `require` of the installer. */
const defaultLookup: BinaryLookup = {
  env: process.env,
  installerPath: (packageName) => (moduleRequire()(packageName) as { path: string }).path,
};

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function executableNames(name: string): string[] {
  if (process.platform !== 'win32' || /\.\w+$/.test(name)) return [name];
  return [name, `${name}.exe`, `${name}.cmd`];
}

function onPath(name: string, pathVariable: string | undefined): string | undefined {
  for (const dir of (pathVariable ?? '').split(delimiter)) {
    if (dir === '') continue;
    for (const candidate of executableNames(name)) {
      const path = join(dir, candidate);
      if (isExecutableFile(path)) return path;
    }
  }
  return undefined;
}

/** A path (with a separator) is used as is; a bare name is looked up on PATH. */
function explicit(value: string, env: BinaryLookup['env']): string | undefined {
  if (isAbsolute(value) || value.includes('/') || value.includes('\\')) {
    const path = resolve(value);
    return isExecutableFile(path) ? path : undefined;
  }
  return onPath(value, env.PATH);
}

/**
 * Finds the ffmpeg or ffprobe binary, in this order: the option, the `FFMPEG_PATH` /
 * `FFPROBE_PATH` environment variable, `PATH`, then the `@ffmpeg-installer/ffmpeg` /
 * `@ffprobe-installer/ffprobe` package when it is installed. An option or variable that is
 * set must point at an executable (a wrong setting is an error, never silently skipped).
 * When nothing is found, the `spawn_error` {@link FfmpegError} lists every step tried.
 */
export function resolveBinary(
  tool: Tool,
  option: { readonly name: string; readonly value: string | undefined },
  lookup: BinaryLookup = defaultLookup,
): ResolvedBinary {
  const tried: string[] = [];
  const fail = (): never => {
    throw new FfmpegError({
      reason: 'spawn_error',
      summary: `no ${tool} binary could be run; tried, in order: ${tried.join('; ')}. Install ${tool} (e.g. \`apt-get install ffmpeg\`), set ${ENV[tool]}, or pass the \`${option.name}\` option`,
    });
  };
  const settings: [string, string | undefined][] = [
    [`option \`${option.name}\``, option.value],
    [ENV[tool], lookup.env[ENV[tool]]],
  ];
  for (const [label, value] of settings) {
    if (value === undefined || value === '') {
      tried.push(`${label} (not set)`);
      continue;
    }
    const path = explicit(value, lookup.env);
    if (path !== undefined) return { path, from: label };
    tried.push(`${label} = ${value} (not an executable file)`);
    return fail();
  }
  const found = onPath(tool, lookup.env.PATH);
  if (found !== undefined) return { path: found, from: 'PATH' };
  tried.push(`PATH (${lookup.env.PATH || 'empty'}: no ${tool})`);
  const installer = INSTALLERS[tool];
  try {
    const path = lookup.installerPath(installer);
    if (isExecutableFile(path)) return { path, from: installer };
    tried.push(`${installer} (its binary ${path} is not executable)`);
  } catch {
    tried.push(`${installer} (not installed)`);
  }
  return fail();
}
