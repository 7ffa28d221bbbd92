import { createRequire } from 'node:module';

/**
 * A `require` for the optional packages the SDK reads on first use (OpenTelemetry, pino-pretty,
 * the ffmpeg installers), made when called, never at import time. CommonJS code has its own
 * `require`: our CJS build, and our ESM build bundled to CommonJS by esbuild, where
 * `import.meta.url` is empty and `createRequire(import.meta.url)` would throw. ESM code makes one
 * from its own URL.
 */
export function moduleRequire(): NodeJS.Require {
  if (typeof require === 'function') return require;
  return createRequire(import.meta.url);
}

/** The built-ins read through {@link nodeBuiltin}, by the id they are read with. */
interface LazyBuiltins {
  'node:child_process': typeof import('node:child_process');
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
