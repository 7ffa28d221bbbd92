import type { Observability } from '../observability.js';
import { invalidOption } from '../errors.js';
import { createHealthEndpoint } from '../health/health-endpoint.js';
import {
  createMetricsEndpoint,
  type EndpointRequestHeaders,
  type EndpointResponse,
  resolveToken,
} from '../metrics-endpoint.js';
import { HTTP_OPTION_NAMES, type HttpObservabilityOptions } from './http-options.js';
import { createPathNormalizer } from './path-normalizer.js';
import { RequestRecorder } from './request-recorder.js';
import { requestOptions } from './request-options.js';
import type { RequestScope } from './request-scope.js';
import { leaveContext } from '../../logging/context.js';

/** An endpoint the adapters serve themselves. */
export type EndpointKind = 'metrics' | 'health' | 'detailed';

/** What a path is: one of the endpoints, `'excluded'` (not recorded), or `undefined` (recorded). */
type PathKind = EndpointKind | 'excluded' | undefined;

/** The framework-agnostic part of every HTTP adapter. */
export interface HttpCore {
  /** Records requests; see {@link RequestRecorder}. */
  readonly recorder: RequestRecorder;
  /** Classifies a raw path (no query string). */
  classify(path: string): PathKind;
  /**
   * Whether `excludePaths` names any path or pattern. When not, only the endpoints' own paths
   * classify as anything, so an adapter that serves the endpoints as routes it marks (Fastify)
   * need not classify a request that matched another route.
   */
  readonly excludesPaths: boolean;
  /** Whether the `exclude` predicate leaves out this request (the framework's own); `false` when there is none or it threw. */
  excluded(request: unknown): boolean;
  /**
   * The prologue every middleware adapter shares: what to do with a request, from its method and
   * raw path (no query string). An endpoint to answer (GET and HEAD only); `'excluded'` to pass it
   * on unrecorded (an excluded path, or another method on an endpoint path); `undefined` to record it.
   */
  dispatch(method: string, path: string): PathKind;
  /**
   * Whether `path` may name an endpoint or an excluded path once a mount prefix is cut from its
   * front (it ends with one of them, or an `excludePaths` pattern could match): when not, an
   * adapter need not look up its mount prefix (Hono's `basePath`) for the request.
   */
  mayBeBelowPrefix(path: string): boolean;
  /** The answer of an endpoint; never rejects. */
  respond(kind: EndpointKind, headers: EndpointRequestHeaders): Promise<EndpointResponse>;
  /** Runs `next` in the request scope (next-style middleware), or just runs it when `requestContext` is off. */
  runInScope<T>(scope: RequestScope, next: () => T): T;
  /** Enters the request scope from a hook (Fastify), or does nothing when `requestContext` is off. */
  enterScope(scope: RequestScope): void;
  /**
   * For hook-based adapters, on a request they do not record: leaves the context an earlier
   * request may have entered on the same connection (see `leaveContext`).
   */
  leaveScope(): void;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };
const LIVE: EndpointResponse = { status: 200, headers: JSON_HEADERS, body: '{"status":"ok"}' };

function endpointPath(option: string, value: unknown, fallback: string): string | false {
  if (value === undefined) return fallback;
  if (value === false) return false;
  if (typeof value !== 'string' || !value.startsWith('/') || /[?#\s]/.test(value)) {
    throw invalidOption(option, `is ${JSON.stringify(value)}`, 'a path starting with / (no query string), or false');
  }
  return value;
}

/**
 * A copy of a user's RegExp without the flags that keep state between calls (`g` and `y` make
 * `test` start at `lastIndex`, so every other request would not match), leaving theirs as it was.
 */
function statelessCopy(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
}

function excludedPaths(value: unknown): { exact: string[]; patterns: RegExp[] } {
  const exact: string[] = [];
  const patterns: RegExp[] = [];
  if (value === undefined) return { exact, patterns };
  if (!Array.isArray(value))
    throw invalidOption('excludePaths', 'is not an array', 'an array of paths or regular expressions');
  (value as unknown[]).forEach((entry, index) => {
    if (typeof entry === 'string' && entry.startsWith('/')) exact.push(entry);
    else if (entry instanceof RegExp) patterns.push(statelessCopy(entry));
    else
      throw invalidOption(
        `excludePaths[${index}]`,
        `is ${JSON.stringify(entry)}`,
        'a path starting with / or a RegExp',
      );
  });
  return { exact, patterns };
}

/**
 * Validates the adapter options and builds the shared core: endpoint routing, the metrics
 * and health endpoints, and the request recorder. `adapter` names the adapter in errors.
 */
export function createHttpCore(
  observability: Observability<object, string>,
  options: HttpObservabilityOptions<never, string> = {},
  adapter: string,
): HttpCore {
  if (
    observability === null ||
    typeof observability !== 'object' ||
    typeof observability.metrics?.apiRequestsTotal?.labels !== 'function'
  ) {
    throw invalidOption(
      'observability',
      `passed to ${adapter} is not an observability object`,
      'the object returned by createObservability()',
    );
  }
  if (options === null || typeof options !== 'object')
    throw invalidOption('options', `of ${adapter} is not an object`, 'an options object or nothing');
  for (const key of Object.keys(options)) {
    if (!HTTP_OPTION_NAMES.has(key))
      throw invalidOption(key, `is not an option of ${adapter}`, `one of ${[...HTTP_OPTION_NAMES].join(', ')}`);
  }
  const endpoints = new Map<string, EndpointKind>();
  const add = (path: string | false, kind: EndpointKind): void => {
    if (path !== false) endpoints.set(path, kind);
  };
  add(endpointPath('metricsPath', options.metricsPath, '/metrics'), 'metrics');
  add(endpointPath('healthPath', options.healthPath, '/health'), 'health');
  add(endpointPath('detailedHealthPath', options.detailedHealthPath, '/health/detailed'), 'detailed');
  const { exact, patterns } = excludedPaths(options.excludePaths);
  const excluded = new Set(exact);
  const detailed = createHealthEndpoint(options, observability.logger);
  const metrics = createMetricsEndpoint(observability, resolveToken('metricsToken', options.metricsToken));
  const normalizer =
    options.pathPatterns === undefined && options.detectIds === undefined
      ? undefined
      : createPathNormalizer({ patterns: options.pathPatterns ?? [], detectIds: options.detectIds ?? false });

  if (options.requestContext !== undefined && typeof options.requestContext !== 'boolean') {
    throw invalidOption('requestContext', `is ${JSON.stringify(options.requestContext)}`, 'true or false');
  }
  const scoped = options.requestContext !== false;
  // The adapter's typed functions get only their own framework's request.
  const perRequest = requestOptions(
    options as HttpObservabilityOptions,
    observability.httpLabels ?? [],
    adapter,
    (message, error) => observability.logger.warning(error === undefined ? {} : { error }, message),
  );
  const excludes = perRequest.excludes;

  const classify = (path: string): PathKind => {
    const kind = endpoints.get(path);
    if (kind !== undefined) return kind;
    if (excluded.has(path)) return 'excluded';
    for (const pattern of patterns) if (pattern.test(path)) return 'excluded';
    return undefined;
  };

  const suffixes = [...endpoints.keys(), ...exact];
  const mayBeBelowPrefix = (path: string): boolean => {
    if (patterns.length > 0) return true;
    for (const suffix of suffixes) if (path.endsWith(suffix)) return true;
    return false;
  };

  return {
    recorder: new RequestRecorder(observability, normalizer, perRequest),
    mayBeBelowPrefix,
    excludesPaths: exact.length > 0 || patterns.length > 0,
    excluded: excludes === undefined ? () => false : excludes,
    // The request hooks of this observability object: its logger and access-log setting, not another's.
    runInScope: scoped ? observability.requestHooks.run : (_scope, next) => next(),
    enterScope: scoped ? observability.requestHooks.enter : () => {},
    leaveScope: scoped ? leaveContext : () => {},
    classify,
    dispatch(method, path) {
      const kind = classify(path);
      if (kind === undefined || kind === 'excluded' || method === 'GET' || method === 'HEAD') return kind;
      return 'excluded';
    },
    async respond(kind, headers) {
      if (kind === 'health') return LIVE;
      if (kind === 'detailed') return detailed(headers);
      try {
        return await metrics(headers);
      } catch (error) {
        return {
          status: 500,
          headers: { 'content-type': 'text/plain; charset=utf-8' },
          body: `${kind} failed: ${(error as Error).message}\n`,
        };
      }
    },
  };
}
