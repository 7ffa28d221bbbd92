// Serves the Hono options app on Bun or Deno at 127.0.0.1 on a free port, and says the port on
// stderr ("listening <port>"); stdout carries only the JSON log lines.
import { createOptionsApp } from './options-hono-app.mjs';
import { optionsObservability } from './options-setup.ts';
import { serveFetch } from './serve-fetch.mjs';

const app = createOptionsApp(optionsObservability('runtime-options'));
serveFetch(app.fetch, 'options-serve.mjs');
