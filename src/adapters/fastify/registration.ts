import type { FastifyInstance } from 'fastify';
import { invalidOption, ObservabilityError } from '../../core/errors.js';
import type { HttpObservabilityOptions } from '../../core/http/http-options.js';

/**
 * The decoration that marks an app the plugin is registered on (a symbol, so it can clash with
 * no user decoration). Decorations made at the root are visible to every scope, so a second
 * registration anywhere in the app finds it.
 */
const REGISTERED = Symbol.for('@transcode-flow/observability.fastify');

/** The name Fastify gives the root context, first in `pluginName` at the root (see Fastify's `pluginName` docs). */
const ROOT_PLUGIN_NAME = 'fastify';

/**
 * True when the plugin runs in the root context. Fastify names the root context `fastify` and,
 * for plugins wrapped with fastify-plugin, reports `pluginName` as the chain of plugins booted in
 * that context (`fastify -> plugin-A -> plugin-B`); in an encapsulated scope the chain starts with
 * the scope's own plugin instead, and a prefixed scope also has a non-empty `prefix`.
 */
function isRootContext(app: FastifyInstance): boolean {
  return app.prefix === '' && app.pluginName.split(' -> ')[0] === ROOT_PLUGIN_NAME;
}

/**
 * The `prefix` passed to `app.register(plugin, { prefix })`, checked: `''` when none (or `'/'`),
 * else a path starting with `/` without a trailing `/`.
 */
function prefixOf(registerOptions: unknown): string {
  const prefix = (registerOptions as { prefix?: unknown } | undefined)?.prefix;
  if (prefix === undefined || prefix === '' || prefix === '/') return '';
  if (typeof prefix !== 'string' || !prefix.startsWith('/') || /[?#\s:*]/.test(prefix)) {
    throw invalidOption(
      'prefix',
      `of app.register(fastifyObservability(...)) is ${JSON.stringify(prefix)}`,
      'a literal path starting with / (no parameters, wildcards or query string), under which the endpoints are served',
    );
  }
  return prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
}

/**
 * Checks where the plugin is being registered and returns the `prefix` its endpoints go under.
 * Throws `TFO_ERR_FASTIFY_REGISTRATION` for a second registration on the same app and for a
 * registration inside an encapsulated scope (whose hooks would record that scope only), and
 * `TFO_ERR_INVALID_OPTION` for a bad `prefix`. Marks the app as registered.
 */
export function claimApp(app: FastifyInstance, registerOptions: unknown): string {
  if (app.hasDecorator(REGISTERED)) {
    throw new ObservabilityError(
      'TFO_ERR_FASTIFY_REGISTRATION',
      'fastifyObservability is already registered on this Fastify app; register it once, at the root: ' +
        'its hooks record every route of the app and it serves the endpoints once.',
    );
  }
  if (!isRootContext(app)) {
    const scope = app.pluginName.split(' -> ')[0] ?? '';
    const where =
      app.prefix !== ''
        ? `prefix "${app.prefix}"`
        : `plugin "${scope.length > 60 ? `${scope.slice(0, 57)}...` : scope}"`;
    throw new ObservabilityError(
      'TFO_ERR_FASTIFY_REGISTRATION',
      `fastifyObservability was registered inside an encapsulated scope (${where}), where its hooks would ` +
        'record the routes of that scope only; register it on the root instance ' +
        '(`await app.register(fastifyObservability(observability))`), to serve the endpoints under a path use ' +
        "`app.register(plugin, { prefix: '/internal' })` there.",
    );
  }
  const prefix = prefixOf(registerOptions);
  app.decorate(REGISTERED, true);
  return prefix;
}

/** The options with every served endpoint path moved under `prefix` (`false` stays off). */
export function underPrefix<O extends HttpObservabilityOptions<never, string>>(options: O, prefix: string): O {
  const moved = (path: string | false | undefined, fallback: string): string | false =>
    path === false ? false : `${prefix}${path ?? fallback}`;
  return {
    ...options,
    metricsPath: moved(options.metricsPath, '/metrics'),
    healthPath: moved(options.healthPath, '/health'),
    detailedHealthPath: moved(options.detailedHealthPath, '/health/detailed'),
  };
}
