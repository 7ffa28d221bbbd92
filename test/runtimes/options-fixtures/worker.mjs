// The Cloudflare Worker of the workerd options test (worker.mjs: workerd-serve.mjs serves out/worker.js): the Hono options app, created with no
// setting for Workers at all (no `defaultMetrics: false`, no logger destination, no pino alias
// in wrangler.json): createObservability sees workerd and chooses them itself.
import { createOptionsApp } from './options-hono-app.mjs';
import { optionsObservability } from './options-setup.ts';

export default createOptionsApp(optionsObservability('runtime-options'));
