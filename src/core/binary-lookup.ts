import { moduleRequire, nodeBuiltin } from './module-require.js';

/** The binaries the SDK runs. */
export type Tool = 'ffmpeg' | 'ffprobe';

/** What the lookup reads; tests replace it. */
export interface BinaryLookup {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Returns the `path` export of an installer package, or throws when it is not installed. */
  readonly installerPath: (packageName: string) => string;
}

/** Where a binary was found, or every step tried when none was. */
export type LookupResult =
  | {
      readonly found: true;
      /** Absolute path of the executable. */
      readonly path: string;
      /** Which step found it: the option, `FFMPEG_PATH`/`FFPROBE_PATH`, `PATH` or the installer package. */
      readonly from: string;
    }
  | { readonly found: false; readonly tried: readonly string[] };

/** The npm package that ships each binary, the lookup's last step. */
export const INSTALLERS: Record<Tool, string> = {
  ffmpeg: '@ffmpeg-installer/ffmpeg',
  ffprobe: '@ffprobe-installer/ffprobe',
};

/** The environment variable naming each binary, the step after the option. */
export const BINARY_ENV: Record<Tool, string> = { ffmpeg: 'FFMPEG_PATH', ffprobe: 'FFPROBE_PATH' };

/** The default lookup: this process's environment and a lazy `require` of the installer. */
export const defaultLookup: BinaryLookup = {
  env: process.env,
  installerPath: (packageName) => (moduleRequire()(packageName) as { path: string }).path,
};

function isExecutableFile(path: string): boolean {
  // node:fs is read on the first lookup, not at import: the main entry does not load it.
  const { accessSync, constants, statSync } = nodeBuiltin('node:fs');
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
  const { delimiter, join } = nodeBuiltin('node:path');
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
  const { isAbsolute, resolve } = nodeBuiltin('node:path');
  if (isAbsolute(value) || value.includes('/') || value.includes('\\')) {
    const path = resolve(value);
    return isExecutableFile(path) ? path : undefined;
  }
  return onPath(value, env.PATH);
}

/**
 * Finds the ffmpeg or ffprobe binary, in this order: the option, the `FFMPEG_PATH` /
 * `FFPROBE_PATH` environment variable, `PATH`, then the `@ffmpeg-installer/ffmpeg` /
 * `@ffprobe-installer/ffprobe` package when it is installed. An option or variable that is set
 * must point at an executable: a wrong setting ends the lookup (it is never silently skipped).
 * `runFfmpeg` and the ffmpeg/ffprobe health checks share it, so a check tests the binary a
 * run would use.
 */
export function lookUpBinary(
  tool: Tool,
  option: { readonly name: string; readonly value: string | undefined },
  lookup: BinaryLookup = defaultLookup,
): LookupResult {
  const tried: string[] = [];
  const settings: [string, string | undefined][] = [
    [`option \`${option.name}\``, option.value],
    [BINARY_ENV[tool], lookup.env[BINARY_ENV[tool]]],
  ];
  for (const [label, value] of settings) {
    if (value === undefined || value === '') {
      tried.push(`${label} (not set)`);
      continue;
    }
    const path = explicit(value, lookup.env);
    if (path !== undefined) return { found: true, path, from: label };
    tried.push(`${label} = ${value} (not an executable file)`);
    return { found: false, tried };
  }
  const found = onPath(tool, lookup.env.PATH);
  if (found !== undefined) return { found: true, path: found, from: 'PATH' };
  tried.push(`PATH (${lookup.env.PATH || 'empty'}: no ${tool})`);
  const installer = INSTALLERS[tool];
  try {
    const path = lookup.installerPath(installer);
    if (isExecutableFile(path)) return { found: true, path, from: installer };
    tried.push(`${installer} (its binary ${path} is not executable)`);
  } catch {
    tried.push(`${installer} (not installed)`);
  }
  return { found: false, tried };
}
