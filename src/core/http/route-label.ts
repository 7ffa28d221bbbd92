import type { PathNormalizer } from './path-normalizer.js';

/**
 * The `route` label of every request no route matched and no configured pattern names
 * (404s from random paths included): one value, so no client can create series.
 */
export const UNMATCHED_ROUTE = '__unmatched__';

/**
 * The `route` label of the in-flight gauge on frameworks that only know the route after
 * routing (Express, Koa, Hono): the gauge is then labelled by method alone, under this value.
 */
export const ANY_ROUTE = '__any__';

/**
 * The raw path of a request target: everything before `?` or `#`; of an absolute-form target
 * (`GET http://host/metrics HTTP/1.1`, which proxies send), the path after the authority.
 * Never decodes, so `/%` is safe.
 */
export function pathOf(url: string | undefined): string {
  if (url === undefined) return '/';
  if (url.charCodeAt(0) !== 47 /* '/' */) {
    const authority = url.indexOf('://');
    if (authority !== -1) {
      const start = url.indexOf('/', authority + 3);
      return start === -1 ? '/' : pathOf(url.slice(start));
    }
  }
  const query = url.indexOf('?');
  const end = query === -1 ? url.indexOf('#') : query;
  return end === -1 ? url : url.slice(0, end);
}

/**
 * The `route` label of a finished request: the framework's matched template when there is
 * one, else a configured pattern, else (not for 404s) id detection, else {@link UNMATCHED_ROUTE}.
 */
export function routeLabel(
  template: string | undefined,
  path: string,
  status: number,
  normalize: PathNormalizer | undefined,
): string {
  if (template !== undefined && template !== '') return template;
  if (normalize === undefined) return UNMATCHED_ROUTE;
  return normalize(path, status !== 404) ?? UNMATCHED_ROUTE;
}
