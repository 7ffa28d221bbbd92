/**
 * The route template of an Express request, built from declared paths only: the route's own
 * path and the paths its routers and sub-apps were mounted on. `req.baseUrl` is the text a
 * request matched (`/users/42`), so it is never used.
 *
 * Where each mount path is kept:
 * - a sub-app: `app.mountpath` (Express 4 and 5);
 * - a router on Express 5: `layer.rawPath` (router 2.3 and later); on router 2.0 to 2.2 the
 *   layer's `path` before its first match, read when the adapter first sees the layer;
 * - a router on Express 4: read back from the layer's compiled expression
 *   ({@link express4MountPath}).
 *
 * The router tree is walked again from the root app, matching mount layers the way Express
 * does, to find which mounts led to the route. Routes declared on the root app need no walk.
 */
import { type Express4Layer, express4MountPath } from './express4-mount-path.js';

/** A declared path: a string, an array of them, or a regular expression. */
type DeclaredPath = string | RegExp | readonly DeclaredPath[];

/** The parts of a router layer read here (Express 4 or router 2.x). */
interface Layer {
  readonly route?: object;
  readonly handle: { readonly stack?: readonly Layer[]; readonly name?: string } & Partial<App>;
  // router 2.x
  readonly rawPath?: DeclaredPath;
  readonly slash?: boolean;
  readonly matchers?: readonly ((path: string) => { path: string } | false)[];
  readonly params?: unknown;
  readonly path?: unknown;
  // Express 4
  readonly regexp?: Express4Layer['regexp'];
}

/** The parts of an Express app read here. */
export interface App {
  readonly parent?: App;
  readonly mountpath?: DeclaredPath;
  readonly lazyrouter?: unknown;
  readonly _router?: { readonly stack: readonly Layer[] };
  readonly router?: { readonly stack: readonly Layer[] };
  readonly handle?: unknown;
  readonly set?: unknown;
}

/** Mount paths of router 2.0 to 2.2 layers (kept from before their first match) and of Express 4 layers (read once). */
const declaredPaths = new WeakMap<object, string>();
/** Routers whose layers were read for {@link declaredPaths}. */
const readRouters = new WeakSet<object>();

/** A declared path as a label part: strings as they are, arrays joined with `,`, expressions by `String()`. */
export function formatPath(path: DeclaredPath | undefined): string {
  if (typeof path === 'string') return path;
  if (Array.isArray(path)) return path.map(formatPath).join(',');
  return String(path);
}

/** A declared mount path as a prefix: a `/` mount adds nothing, and a string's trailing `/` is dropped (Express ignores it). */
function prefixOf(path: DeclaredPath | undefined): string {
  if (typeof path !== 'string') return formatPath(path);
  return path.endsWith('/') ? path.slice(0, -1) : path;
}

/** `prefix` followed by `path`, the way Express joins a mount and what it mounts. */
export function joinPath(prefix: string, path: string): string {
  if (prefix === '') return path;
  return path === '/' || path === '' ? prefix : prefix + path;
}

function routerOf(app: App): { readonly stack: readonly Layer[] } | undefined {
  // Express 4 throws on `app.router`; Express 5 creates its router lazily there.
  return typeof app.lazyrouter === 'function' ? app._router : app.router;
}

/** Reads the declared paths of a router 2.0 to 2.2 tree before requests match (and so overwrite) them. */
function rememberPaths(stack: readonly Layer[]): void {
  if (readRouters.has(stack)) return;
  readRouters.add(stack);
  for (const layer of stack) {
    if (layer.regexp !== undefined || 'rawPath' in layer) continue;
    if (layer.params === undefined && layer.path !== undefined && !declaredPaths.has(layer))
      declaredPaths.set(layer, prefixOf(layer.path as DeclaredPath));
    const inner = layer.handle?.stack;
    if (Array.isArray(inner)) rememberPaths(inner);
  }
}

/** Reads what can only be read before the first request matches: call when the app first reaches the adapter. */
export function prepareApp(app: App): void {
  let root = app;
  while (root.parent !== undefined) root = root.parent;
  const stack = routerOf(root)?.stack;
  if (stack !== undefined) rememberPaths(stack);
}

/** The mount path of a router layer as a prefix, or undefined when this Express no longer holds it. */
function mountPath(layer: Layer): string | undefined {
  if ('rawPath' in layer) return prefixOf(layer.rawPath);
  let path = declaredPaths.get(layer);
  if (path === undefined && layer.regexp !== undefined) {
    path = express4MountPath(layer as unknown as Express4Layer);
    declaredPaths.set(layer, path);
  }
  return path;
}

/** The text a mount layer matches at the start of `path`, or undefined. Reads no state Express keeps on the layer. */
function matchedText(layer: Layer, path: string): string | undefined {
  const regexp = layer.regexp;
  if (regexp !== undefined) {
    if (regexp.fast_slash === true) return '';
    if (regexp.fast_star === true) return path;
    const last = regexp.lastIndex;
    regexp.lastIndex = 0;
    const found = regexp.exec(path);
    regexp.lastIndex = last;
    return found === null ? undefined : found[0];
  }
  if (layer.slash === true) return '';
  for (const matcher of layer.matchers ?? []) {
    const found = matcher(path);
    if (found !== false) return found.path;
  }
  return undefined;
}

/** `path` once a mount consumed `text`, as Express hands it to what is mounted. */
function rest(path: string, text: string): string {
  const remaining = path.slice(text.length);
  return remaining.startsWith('/') ? remaining : `/${remaining}`;
}

/** What the walk looks for: the route object, and the apps from the one that matched it up to the root. */
interface Target {
  readonly route: object;
  readonly apps: readonly App[];
}

/** Failure to name a mount path on the way (the route was found, its template cannot be built). */
const UNKNOWN = Symbol('unknown mount path');

/** An Express app used directly as a handler (`router.use(path, subApp)`: no mount event, no `parent`). */
function isApp(handle: Layer['handle']): handle is Layer['handle'] & App {
  return typeof handle?.handle === 'function' && typeof handle.set === 'function';
}

/**
 * Looks for `target.route` under `stack` (a router of `app`) the way Express dispatches `path`,
 * and returns the joined declared paths of the mounts on the way.
 */
function walk(
  stack: readonly Layer[],
  app: App,
  path: string,
  prefix: string,
  target: Target,
): string | typeof UNKNOWN | undefined {
  for (const layer of stack) {
    if (layer.route !== undefined) {
      if (layer.route === target.route) return prefix;
      continue;
    }
    const handle = layer.handle;
    const routes = Array.isArray(handle?.stack) ? handle.stack : undefined;
    // A sub-app mounted with `app.use` is wrapped in a closure (named `mounted_app`) at its `mountpath`.
    const direct = routes === undefined && isApp(handle) ? handle : undefined;
    const child =
      routes !== undefined || direct !== undefined
        ? undefined
        : target.apps.find(
            (candidate) =>
              candidate.parent === app &&
              (handle?.name === 'mounted_app' || mountPath(layer) === prefixOf(candidate.mountpath)),
          );
    if (routes === undefined && child === undefined && direct === undefined) continue;
    const text = matchedText(layer, path);
    if (text === undefined) continue;
    let found: string | typeof UNKNOWN | undefined;
    if (child !== undefined) {
      const router = routerOf(child);
      if (router === undefined) continue;
      found = walk(router.stack, child, rest(path, text), joinPath(prefix, prefixOf(child.mountpath)), target);
    } else {
      const mount = mountPath(layer);
      const inner = routes ?? routerOf(direct!)?.stack;
      if (inner === undefined) continue;
      found = walk(inner, direct ?? app, rest(path, text), mount === undefined ? '' : joinPath(prefix, mount), target);
      if (mount === undefined && found !== undefined) return UNKNOWN;
    }
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The template of `route`, matched in `app` (the app whose router matched it) for a request
 * that `root` (the app the adapter runs in) routed as `path`; undefined when a mount path on
 * the way cannot be named.
 */
export function mountedTemplate(
  root: App,
  app: App,
  route: { readonly path?: DeclaredPath },
  path: string,
): string | undefined {
  const apps: App[] = [];
  for (let current: App | undefined = app; current !== undefined; current = current.parent) apps.push(current);
  let top = root;
  while (top.parent !== undefined) top = top.parent;
  const stack = routerOf(top)?.stack;
  if (stack === undefined) return undefined;
  const prefix = walk(stack, top, path, '', { route, apps });
  if (prefix === undefined || prefix === UNKNOWN) return undefined;
  const template = joinPath(prefix, formatPath(route.path));
  return template === '' ? '/' : template;
}
