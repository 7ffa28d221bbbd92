/**
 * Compile-time checks of the adapters' per-request options: `customLabels` is typed from the
 * label names declared with `createObservability({ httpLabels })`, on every adapter, and
 * receives that framework's own request. Every `@ts-expect-error` line must be an error.
 */
import type { Request } from 'express';
import { createObservability } from '../../src/index.js';
import { expressObservability } from '../../src/adapters/express/index.js';
import { fastifyObservability } from '../../src/adapters/fastify/index.js';
import { honoObservability } from '../../src/adapters/hono/index.js';
import { koaObservability } from '../../src/adapters/koa/index.js';

const declared = createObservability({ httpLabels: ['plan', 'region'] });
const bare = createObservability();

// Declared names, from each framework's request.
expressObservability(declared, { customLabels: { plan: (req: Request) => req.get('x-plan'), region: () => 'eu' } });
expressObservability(declared, { customLabels: { plan: (req) => req.get('x-plan') } });
fastifyObservability(declared, { customLabels: { plan: (request) => request.id } });
koaObservability(declared, { customLabels: { region: (ctx) => ctx.get('x-region') } });
honoObservability(declared, { customLabels: { plan: (c) => c.req.header('x-plan') } });

// An undeclared label is rejected, on every adapter.
// @ts-expect-error `tenant` was not declared in httpLabels
expressObservability(declared, { customLabels: { tenant: () => 'acme' } });
// @ts-expect-error `tenant` was not declared in httpLabels
fastifyObservability(declared, { customLabels: { plan: () => 'pro', tenant: () => 'acme' } });
// @ts-expect-error `tenant` was not declared in httpLabels
koaObservability(declared, { customLabels: { tenant: () => 'acme' } });
// @ts-expect-error `tenant` was not declared in httpLabels
honoObservability(declared, { customLabels: { tenant: () => 'acme' } });
// @ts-expect-error no label was declared at all
expressObservability(bare, { customLabels: { plan: () => 'pro' } });

// Values are strings.
// @ts-expect-error a label value is a string, not a number
expressObservability(declared, { customLabels: { plan: () => 3 } });

// The predicate gets the framework's request.
expressObservability(bare, { exclude: (req) => req.path === '/ping', groupStatusCodes: true });
fastifyObservability(bare, { exclude: (request) => request.url === '/ping' });
koaObservability(bare, { exclude: (ctx) => ctx.path === '/ping' });
honoObservability(bare, { exclude: (c) => c.req.path === '/ping' });
// @ts-expect-error Express's request has no `req` (that is Hono's context)
expressObservability(bare, { exclude: (req) => req.req.path === '/ping' });
// @ts-expect-error groupStatusCodes is a boolean
koaObservability(bare, { groupStatusCodes: 'yes' });

// The Fastify route opt-out is typed on the route config.
declare const app: import('fastify').FastifyInstance;
app.get('/ping', { config: { observability: false } }, async () => 'pong');
// @ts-expect-error observability is a boolean
app.get('/pong', { config: { observability: 'off' } }, async () => 'ping');

// @ts-expect-error httpLabels are strings
createObservability({ httpLabels: [1] });
