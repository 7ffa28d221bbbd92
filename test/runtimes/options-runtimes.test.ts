import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { requireTool } from '../helpers/tools.js';
import { optionsProject } from './options-project.js';
import { checkOptionsApp } from './options-checks.js';
import { nodeAtLeast, ROOT, startServer, type ServerProcess } from './user-project.js';

/**
 * The options of issue 17 on Hono in every non-Node runtime the package claims: Bun
 * (`Bun.serve`), Deno (`Deno.serve`) and Cloudflare Workers (wrangler's bundle in workerd through
 * miniflare, with no setting for Workers: createObservability detects workerd). The same app and
 * the same checks as the bundled apps (options-checks.ts).
 */
const BUN = join(ROOT, 'node_modules/.bin/bun');
const DENO = join(ROOT, 'node_modules/.bin/deno');

const RUNTIMES: { name: string; start(dir: string): Promise<ServerProcess> }[] = [
  {
    name: 'Bun (Bun.serve)',
    start: (dir) => {
      requireTool(BUN);
      return startServer(BUN, ['options-serve.mjs'], dir);
    },
  },
  {
    name: 'Deno (Deno.serve)',
    start: (dir) => {
      requireTool(DENO);
      return startServer(DENO, ['run', '-A', '--no-lock', 'options-serve.mjs'], dir);
    },
  },
  {
    name: 'Cloudflare Workers (workerd, nodejs_compat, no Workers settings)',
    // miniflare and wrangler need Node >= 22: on Node 20 the runner runs on an installed line.
    start: (dir) => startServer(nodeAtLeast(22), [join(dir, 'workerd-serve.mjs')], dir),
  },
];

describe.each(RUNTIMES)('Hono with every HTTP, naming, group and access-log option on $name', ({ name, start }) => {
  let project: ReturnType<typeof optionsProject>;
  let server: ServerProcess;

  beforeAll(async () => {
    project = optionsProject(`options-${name.split(' ')[0]!.toLowerCase()}`);
    server = await start(project.dir);
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    project?.remove();
  });

  it('custom labels, status classes, exclusions, OpenTelemetry names, groups, custom metric, access-log level/ignore/props', async () => {
    await checkOptionsApp(server, { routeOptOut: false });
  });
});
