/**
 * Route-label fuzz: random router trees on every framework (mounts with and without
 * parameters, nested routers, sub-apps, regular-expression and array routes, prefixes), thousands
 * of requests with random ids, and every recorded `route` must be the declared template of the
 * route that answered, or `__unmatched__`. The seed is printed on failure; set ROUTE_FUZZ_SEED
 * to replay one.
 */
import { createServer, type Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import Router from '@koa/router';
import express from 'express';
import express4 from 'express4';
import Fastify, { type FastifyInstance } from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import Koa2 from 'koa2';
import { describe, expect, it } from 'vitest';
import { createObservability, type Observability } from '../../src/index.js';
import { expressObservability } from '../../src/adapters/express/index.js';
import { fastifyObservability } from '../../src/adapters/fastify/index.js';
import { honoObservability } from '../../src/adapters/hono/index.js';
import { koaObservability } from '../../src/adapters/koa/index.js';
import { findSamples } from '../helpers/exposition.js';
import { listenOnLoopback as listen, scrape, sendAll } from '../helpers/http-apps.js';
import { seededRandom as prng } from '../helpers/random.js';

type Framework = 'express' | 'express4' | 'koa' | 'koa2' | 'fastify' | 'hono';

/** How a route is declared: a literal, a parameter, a regular expression (digits only) or an array of two paths. */
type RouteKind = 'plain' | 'param' | 'regex' | 'array';

/** One declared route: its index (names are unique per tree), and its kind. */
interface RouteNode {
  readonly n: number;
  readonly kind: RouteKind;
}

/** One mount: a literal segment, with or without a parameter after it, and what it holds. */
interface MountNode {
  readonly n: number;
  readonly param: boolean;
  /** Express only: a `RegExp` mount path instead of a string. */
  readonly regex: boolean;
  /** How the framework mounts it (sub-app or router, prefix option or `use`, base path or `route`). */
  readonly style: number;
  readonly routes: readonly RouteNode[];
  readonly mounts: readonly MountNode[];
}

const KINDS: Record<Framework, readonly RouteKind[]> = {
  express: ['plain', 'param', 'regex', 'array'],
  express4: ['plain', 'param', 'regex', 'array'],
  koa: ['plain', 'param', 'array'],
  koa2: ['plain', 'param', 'array'],
  fastify: ['plain', 'param', 'regex'],
  hono: ['plain', 'param', 'regex'],
};

function tree(random: () => number, framework: Framework): MountNode {
  let next = 0;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const node = (depth: number): MountNode => {
    const n = next++;
    const routes = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({
      n: next++,
      kind: pick(KINDS[framework]),
    }));
    const mounts = depth >= 3 ? [] : Array.from({ length: Math.floor(random() * 3) }, () => node(depth + 1));
    const expressLike = framework === 'express' || framework === 'express4';
    return {
      n,
      param: random() < 0.6,
      regex: expressLike && random() < 0.15,
      style: Math.floor(random() * 3),
      routes,
      mounts,
    };
  };
  return { ...node(0), param: false, regex: false };
}

/** The mount's declared prefix (root: none). */
const mountPath = (mount: MountNode, root: boolean): string =>
  root ? '' : mount.param ? `/m${mount.n}/:p${mount.n}` : `/m${mount.n}`;
/** A regular-expression mount (Express only). */
const mountRegExp = (mount: MountNode): RegExp => new RegExp(`^\\/x${mount.n}`);

/** The declared path(s) of a route, in the framework's syntax. */
function routePaths(route: RouteNode, framework: Framework): string[] {
  const n = route.n;
  switch (route.kind) {
    case 'plain':
      return [`/r${n}`];
    case 'param':
      return [`/r${n}/:id${n}`];
    case 'array':
      return [`/a${n}/:id${n}`, `/b${n}`];
    case 'regex':
      return framework === 'hono' ? [`/r${n}/:id${n}{[0-9]+}`] : [`/r${n}/:id${n}(^\\d+$)`];
  }
}
const expressRegExp = (route: RouteNode): RegExp => new RegExp(`^\\/q${route.n}\\/(\\d+)\\/?$`, 'i');

/** A request to send and the label it must get. */
interface Probe {
  readonly path: string;
  readonly route: string;
}

/** Requests for every route of the tree (by concrete prefix) and the template each must be labelled with. */
function probes(root: MountNode, framework: Framework, random: () => number): Probe[] {
  const id = (): string =>
    random() < 0.5 ? String(Math.floor(random() * 1e9)) : Math.floor(random() * 36 ** 6).toString(36);
  const digits = (): string => String(Math.floor(random() * 1e6));
  const fill = (template: string): string =>
    template.replace(/:[a-z]+\d+(\{[^}]*\}|\([^)]*\))?/g, (match) =>
      match.includes('{') || match.includes('(') ? digits() : id(),
    );
  const found: { template: () => Probe }[] = [];
  const walk = (mount: MountNode, root: boolean, label: string, concrete: () => string): void => {
    let prefixLabel = label;
    let prefix = concrete;
    if (!root) {
      if (mount.regex) {
        prefixLabel = label + String(mountRegExp(mount));
        prefix = () => `${concrete()}/x${mount.n}`;
      } else {
        const path = mountPath(mount, false);
        prefixLabel = label + path;
        prefix = () => concrete() + fill(path);
      }
    }
    for (const route of mount.routes) {
      const expressLike = framework === 'express' || framework === 'express4';
      if (expressLike && route.kind === 'regex') {
        const re = expressRegExp(route);
        found.push({
          template: () => ({ path: `${prefix()}/q${route.n}/${digits()}`, route: prefixLabel + String(re) }),
        });
        continue;
      }
      const paths = routePaths(route, framework);
      if (expressLike && route.kind === 'array') {
        const joined = paths.join(',');
        for (const path of paths)
          found.push({ template: () => ({ path: prefix() + fill(path), route: prefixLabel + joined }) });
        continue;
      }
      for (const path of paths)
        found.push({ template: () => ({ path: prefix() + fill(path), route: prefixLabel + path }) });
    }
    for (const child of mount.mounts) walk(child, false, prefixLabel, prefix);
  };
  walk(root, true, '', () => '');
  return Array.from({ length: REQUESTS_PER_TREE }, () => {
    const roll = random();
    if (roll < 0.1) return { path: `/nowhere/${id()}/${id()}`, route: '__unmatched__' };
    const probe = found[Math.floor(random() * found.length)]!.template();
    // A matched prefix followed by a path no route declares.
    if (roll < 0.15) return { path: `${probe.path}/${id()}/extra`, route: '__unmatched__' };
    return probe;
  });
}

const REQUESTS_PER_TREE = 1000;
const TREES = 2;

const ok = 'ok';

function buildExpress(framework: typeof express, root: MountNode, observability: Observability): express.Express {
  const app = framework();
  app.use(expressObservability(observability));
  // Sub-apps are mounted with `app.use` (which tells them their parent); inside a Router, a mount is a Router.
  const fill = (target: express.Router | express.Express, mount: MountNode, isApp: boolean): void => {
    // An app and a Router take the same calls here; one type keeps the overloads simple.
    const router = target as express.Router;
    for (const route of mount.routes) {
      const handler: express.RequestHandler = (_req, res) => void res.send(ok);
      if (route.kind === 'regex') router.get(expressRegExp(route), handler);
      else if (route.kind === 'array') router.get(routePaths(route, 'express'), handler);
      else router.get(routePaths(route, 'express')[0]!, handler);
    }
    for (const child of mount.mounts) {
      const subApp = child.style === 0 && isApp;
      const inner = subApp ? framework() : framework.Router({ mergeParams: child.style === 1 });
      fill(inner, child, subApp);
      router.use(child.regex ? mountRegExp(child) : mountPath(child, false), inner as express.Router);
    }
  };
  fill(app, root, true);
  return app;
}

function buildKoa(framework: typeof Koa, root: MountNode, observability: Observability): Koa {
  const app = new framework();
  app.silent = true;
  app.use(koaObservability(observability));
  const build = (mount: MountNode, prefix: string | undefined): Router => {
    const router = new Router(prefix === undefined ? {} : { prefix });
    for (const route of mount.routes) {
      const paths = routePaths(route, 'koa');
      router.get(paths.length === 1 ? paths[0]! : paths, (ctx) => {
        ctx.body = ok;
      });
    }
    for (const child of mount.mounts) {
      const path = mountPath(child, false);
      if (child.style === 0) router.use(build(child, path).routes());
      else router.use(path, build(child, undefined).routes());
    }
    return router;
  };
  app.use(build(root, undefined).routes());
  return app;
}

function buildHono(root: MountNode, observability: Observability): Hono {
  const app = new Hono();
  app.use(honoObservability(observability));
  const fill = (target: Hono, mount: MountNode): void => {
    for (const route of mount.routes) target.get(routePaths(route, 'hono')[0]!, (c) => c.text(ok));
    for (const child of mount.mounts) {
      const path = mountPath(child, false);
      if (child.style === 0) {
        const sub = new Hono().basePath(path);
        fill(sub, child);
        target.route('/', sub);
      } else {
        const sub = new Hono();
        fill(sub, child);
        target.route(path, sub);
      }
    }
  };
  fill(app, root);
  return app;
}

async function buildFastify(root: MountNode, observability: Observability): Promise<FastifyInstance> {
  const app = Fastify({ forceCloseConnections: true });
  await app.register(fastifyObservability(observability));
  const fill = async (scope: FastifyInstance, mount: MountNode): Promise<void> => {
    for (const route of mount.routes) scope.get(routePaths(route, 'fastify')[0]!, async () => ok);
    for (const child of mount.mounts)
      await scope.register((inner) => fill(inner, child), { prefix: mountPath(child, false) });
  };
  await app.register((scope) => fill(scope, root));
  return app;
}

async function start(framework: Framework, root: MountNode, observability: Observability) {
  switch (framework) {
    case 'express':
      return listen(createServer(buildExpress(express, root, observability)));
    case 'express4':
      return listen(createServer(buildExpress(express4, root, observability)));
    case 'koa':
      return listen(createServer(buildKoa(Koa, root, observability).callback()));
    case 'koa2':
      return listen(createServer(buildKoa(Koa2, root, observability).callback()));
    case 'hono':
      return listen(createAdaptorServer({ fetch: buildHono(root, observability).fetch }) as Server);
    case 'fastify': {
      const app = await buildFastify(root, observability);
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      return { url, close: () => app.close() };
    }
  }
}

const BASE_SEED = Number(process.env.ROUTE_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const FRAMEWORKS: readonly Framework[] = ['express', 'express4', 'koa', 'koa2', 'fastify', 'hono'];

describe.each(FRAMEWORKS)('route labels on random %s router trees', (framework) => {
  it(`labels ${TREES * REQUESTS_PER_TREE} random requests with declared templates only`, async () => {
    for (let t = 0; t < TREES; t++) {
      const seed = BASE_SEED + t;
      const random = prng(seed);
      const root = tree(random, framework);
      const sent = probes(root, framework, random);
      const observability = createObservability({ defaultMetrics: false, accessLog: false });
      const app = await start(framework, root, observability);
      try {
        const statuses = await sendAll(
          app.url,
          sent.map((probe) => probe.path),
          16,
        );
        const expected: Record<string, number> = {};
        sent.forEach((probe, i) => {
          const status = statuses[i]!;
          expect(status, `seed=${seed} framework=${framework} ${probe.path}`).toBe(
            probe.route === '__unmatched__' ? 404 : 200,
          );
          expected[probe.route] = (expected[probe.route] ?? 0) + 1;
        });
        const recorded: Record<string, number> = {};
        for (const sample of findSamples(await scrape(app.url), 'api_requests_total'))
          recorded[sample.labels.route!] = (recorded[sample.labels.route!] ?? 0) + sample.value;
        expect(recorded, `seed=${seed} (replay with ROUTE_FUZZ_SEED=${seed}) tree=${JSON.stringify(root)}`).toEqual(
          expected,
        );
      } finally {
        await app.close();
      }
    }
  });
});
