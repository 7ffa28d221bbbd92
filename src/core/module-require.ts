import { createRequire } from 'node:module';

/** The `require` made by the first {@link moduleRequire} call. */
let made: NodeJS.Require | undefined;

/**
 * A `require` for the optional packages the SDK reads on first use (OpenTelemetry, pino-pretty,
 * the ffmpeg installers), made when first called, never at import time.
 *
 * Where the module has a URL (our ESM build, and our CJS build, whose `import.meta.url` tsup
 * derives from the file's path), it is a `require` made from that URL. Only where it has none,
 * as in our ESM build bundled to CommonJS by esbuild (`import.meta` is empty there and
 * `createRequire` would throw), is it the module's own `require`. The order matters: in ESM
 * output, esbuild writes a bare `require` as a shim that is a function but throws
 * "Dynamic require of … is not supported" wherever no real `require` exists, as in a plain Node
 * process importing our ESM build, so `typeof require === 'function'` cannot tell.
 */
export function moduleRequire(): NodeJS.Require {
  if (made !== undefined) return made;
  const url: unknown = import.meta.url;
  made = typeof url === 'string' && url !== '' ? createRequire(url) : require;
  return made;
}

/** The built-ins read through {@link nodeBuiltin}, by the id they are read with. */
interface LazyBuiltins {
  'node:child_process': typeof import('node:child_process');
  'node:fs': typeof import('node:fs');
  'node:fs/promises': typeof import('node:fs/promises');
  'node:module': typeof import('node:module');
  'node:os': typeof import('node:os');
  'node:path': typeof import('node:path');
  'node:url': typeof import('node:url');
  'node:worker_threads': typeof import('node:worker_threads');
}

/**
 * A Node built-in that only some features need, read when a feature first uses it rather than
 * imported by the main entry: each `import ... from 'node:os'` in an ES module makes Node build
 * a module facade over the built-in at every cold start (about 0.15 ms each on Node 20), and some
 * (`node:child_process`, `node:fs/promises`) are not loaded by Node or our dependencies at all.
 * `process.getBuiltinModule` (Node 20.16+, Bun, Deno) returns the built-in itself; older Node
 * lines go through {@link moduleRequire}. Node caches built-ins, so repeated calls cost a lookup.
 */
export function nodeBuiltin<Id extends keyof LazyBuiltins>(id: Id): LazyBuiltins[Id] {
  const host = globalThis.process as { getBuiltinModule?: (id: string) => unknown } | undefined;
  return (host?.getBuiltinModule?.(id) ?? moduleRequire()(id)) as LazyBuiltins[Id];
}
