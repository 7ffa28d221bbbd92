import { realpath, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';

/** The outcome of checking a JSON job's `source`. */
export type SourceCheck =
  | { readonly ok: true; readonly path: string }
  | {
      readonly ok: false;
      readonly status: 400 | 403;
      readonly code: 'source_not_found' | 'source_not_allowed';
      readonly message: string;
    };

const inside = (path: string, roots: readonly string[]): boolean => roots.some((root) => path.startsWith(root + sep));

/** Both spellings of each folder: as configured (resolved) and with symbolic links followed. */
async function spellings(dirs: readonly string[]): Promise<string[]> {
  const all = await Promise.all(dirs.map(async (dir) => [resolve(dir), await realpath(dir).catch(() => resolve(dir))]));
  return [...new Set(all.flat())];
}

/**
 * Checks the `source` of JSON jobs against the allow-list before touching the file system, so
 * an answer never tells whether a file exists outside it: every path outside `allowedDirs`, or
 * inside `deniedDirs` (the service's own storage and scratch folders, which hold other jobs'
 * uploads and renditions), gets the same 403, existing or not. Only a path inside the
 * allowed folders is looked up; there a missing file is a 400. Symbolic links are followed and
 * the target checked again.
 *
 * @param allowedDirs - Folders a source may be under (`SOURCE_DIRS`, default `DATA_DIR`).
 * @param deniedDirs - Folders under them that no source may name.
 * @returns The check for one `source`.
 * @example
 * ```ts
 * const checkSource = sourceChecker(['/data'], ['/data/storage', '/data/work']);
 * const result = await checkSource('/etc/shadow'); // { ok: false, status: 403, code: 'source_not_allowed', … }
 * ```
 */
export function sourceChecker(
  allowedDirs: readonly string[],
  deniedDirs: readonly string[],
): (source: string) => Promise<SourceCheck> {
  const roots = Promise.all([spellings(allowedDirs), spellings(deniedDirs)]);
  const notAllowed: SourceCheck = {
    ok: false,
    status: 403,
    code: 'source_not_allowed',
    message: `sources must be files under ${allowedDirs.join(', ')} (set SOURCE_DIRS), outside the service's own storage`,
  };
  return async (source) => {
    const [allowed, denied] = await roots;
    const path = resolve(source);
    if (!inside(path, allowed) || inside(path, denied) || denied.includes(path)) return notAllowed;
    const real = await realpath(path).catch(() => undefined);
    const notFound: SourceCheck = {
      ok: false,
      status: 400,
      code: 'source_not_found',
      message: `no file at ${JSON.stringify(source)}`,
    };
    if (real === undefined) return notFound;
    if (!inside(real, allowed) || inside(real, denied) || denied.includes(real)) return notAllowed;
    const info = await stat(real).catch(() => undefined);
    return info?.isFile() ? { ok: true, path: real } : notFound;
  };
}
