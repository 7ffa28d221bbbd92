#!/usr/bin/env node
/**
 * The `transcode-flow-observability` command: `render-presets` and `verify`.
 *
 * @packageDocumentation
 */
import { runCli } from './run.js';

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
