import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { checkOptionsApp } from './options-checks.js';
import { ROOT, startServer, userProject } from './user-project.js';

/**
 * The options of issue 17 in a NestJS app on both platforms, run as a real process (through tsx,
 * the package resolved from the project's node_modules to `dist/`): the same app contract and
 * checks as the bundled apps and the other runtimes (options-checks.ts). On Fastify, a route
 * opts out with Nest's `@RouteConfig({ observability: false })`.
 */
const TSX_LOADER = join(ROOT, 'node_modules/tsx/dist/loader.mjs');
let project: ReturnType<typeof userProject>;

beforeAll(() => {
  project = userProject('nest-options', join(import.meta.dirname, '../package/bundle-apps'));
});
afterAll(() => project?.remove());

describe.each(['express', 'fastify'] as const)('NestJS on @nestjs/platform-%s with every HTTP option', (platform) => {
  it('custom labels, status classes, exclusions, OpenTelemetry names, groups, custom metric, access-log level/ignore/props', async () => {
    const server = await startServer(
      process.execPath,
      ['--import', TSX_LOADER, 'options-nest.ts', platform],
      project.dir,
    );
    try {
      await checkOptionsApp(server, { routeOptOut: platform === 'fastify' });
    } finally {
      await server.stop();
    }
  });
});
