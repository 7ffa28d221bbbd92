import { createRequire } from 'node:module';

/**
 * A `require` for the optional packages the SDK reads on first use (OpenTelemetry, pino-pretty,
 * the ffmpeg installers) and for the Node built-ins that only some features need
 * (`node:child_process`, `node:fs/promises`: loading them would cost every cold start), made
 * when called, never at import time. CommonJS code has its own `require`: our CJS build, and our
 * ESM build bundled to CommonJS by esbuild, where `import.meta.url` is empty and
 * `createRequire(import.meta.url)` would throw. ESM code makes one from its own URL.
 */
export function moduleRequire(): NodeJS.Require {
  if (typeof require === 'function') return require;
  return createRequire(import.meta.url);
}
