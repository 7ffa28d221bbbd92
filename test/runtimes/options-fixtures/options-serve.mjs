// Serves the Hono options app on Bun or Deno at 127.0.0.1 on a free port, and says the port on
// stderr ("listening <port>"); stdout carries only the JSON log lines.
import { createOptionsApp } from './options-hono-app.mjs';
import { optionsObservability } from './options-setup.ts';

const app = createOptionsApp(optionsObservability('runtime-options'));
const ready = (port) => process.stderr.write(`listening ${port}\n`);
if (globalThis.Bun !== undefined) {
  const server = globalThis.Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: app.fetch });
  ready(server.port);
} else if (globalThis.Deno !== undefined) {
  globalThis.Deno.serve({ hostname: '127.0.0.1', port: 0, onListen: ({ port }) => ready(port) }, app.fetch);
} else {
  throw new Error('options-serve.mjs runs on Bun or Deno');
}
