import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestScope } from '../core/http/request-scope.js';
import { pathOf } from '../core/http/route-label.js';
import { apiKeyPrefix } from '../integrations/api-keys.js';
import { enterRootContext, runWithContext } from './context.js';
import { getLogger } from './default-logger.js';
import type { Logger } from './logger.js';

/** What the HTTP integration knows about a request: the adapters' request scope (one shape, defined in core). */
type HttpRequestInfo = RequestScope;

/** Request-logging settings, from `createObservability({ accessLog })`. */
interface HttpLoggingSettings {
  /** Write one access-log line per request. Default: `true`. */
  accessLog: boolean;
  /** The logger of the access-log lines. Default: {@link getLogger}'s. */
  logger: Logger | undefined;
}

/** The response header that carries the request id, read from the request when valid. */
const REQUEST_ID_HEADER = 'x-request-id';
const VALID_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

let settings: HttpLoggingSettings = { accessLog: true, logger: undefined };
const settingsByLogger = new WeakMap<Logger, HttpLoggingSettings>();

/**
 * Sets how requests are logged; `createObservability` calls it with its own options. A request
 * whose scope names a logger uses that logger's settings, others those of the last call.
 */
export function configureHttpLogging(next: HttpLoggingSettings): void {
  settings = next;
  if (next.logger !== undefined) settingsByLogger.set(next.logger, next);
}

function settingsFor(info: HttpRequestInfo): HttpLoggingSettings {
  return (info.logger !== undefined && settingsByLogger.get(info.logger)) || settings;
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The safe short prefix ({@link apiKeyPrefix}'s rule) of the API key a client sent
 * (`X-API-Key` or `Authorization: Bearer`), never the key; `undefined` for keys under 8 characters.
 */
export function requestApiKeyPrefix(request: IncomingMessage): string | undefined {
  const bearer = /^Bearer\s+(\S+)/i.exec(header(request, 'authorization') ?? '')?.[1];
  const key = header(request, 'x-api-key') ?? bearer;
  if (key === undefined || key.length < 8) return undefined;
  return apiKeyPrefix(key);
}

/** The request id: a valid incoming `x-request-id`, else a new UUID. */
export function requestIdOf(request: IncomingMessage): string {
  const incoming = header(request, REQUEST_ID_HEADER);
  return incoming !== undefined && VALID_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** Counts the body bytes a response writes (for responses without a Content-Length). */
function countBytes(response: ServerResponse): () => number {
  let bytes = 0;
  const add = (chunk: unknown, encoding: unknown): void => {
    if (typeof chunk === 'string')
      bytes += Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
    else if (chunk instanceof Uint8Array) bytes += chunk.byteLength;
  };
  const write = response.write;
  const end = response.end;
  response.write = function countedWrite(this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    add(chunk, rest[0]);
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as ServerResponse['write'];
  response.end = function countedEnd(this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    if (typeof chunk !== 'function') add(chunk, rest[0]);
    return (end as (...args: unknown[]) => ServerResponse).call(this, chunk, ...rest);
  } as ServerResponse['end'];
  return () => {
    const length = Number(response.getHeader('content-length'));
    return Number.isFinite(length) && length >= 0 ? length : bytes;
  };
}

function accessLog(info: HttpRequestInfo, fields: Readonly<Record<string, unknown>>, logger: Logger | undefined): void {
  const { request, response } = info;
  const bytes = countBytes(response);
  // Read the path now: routers (Express's among them) rewrite request.url while they route.
  const path = pathOf(request.url);
  info.onEnd((status, completed) => {
    const line = {
      status_code: status,
      duration_ms: Math.round((performance.now() - info.start) * 1e3) / 1e3,
      route: info.route(),
      path,
      bytes: bytes(),
      ...(completed ? {} : { aborted: true }),
    };
    const log = logger ?? getLogger();
    runWithContext(fields, () => {
      if (status >= 500) log.error(line, 'request completed');
      else if (status >= 400) log.warning(line, 'request completed');
      else log.info(line, 'request completed');
    });
  });
}

/**
 * Sets up one request: its id (echoed in the `x-request-id` response header), its context
 * fields (`request_id`, `method`, `route` as a live field filled in once routing is done,
 * `api_key_prefix`) and, unless turned off, its access-log line. Returns the context fields.
 */
/** Where a request's context keeps its request, for the shared `route` getter (a symbol: never logged). */
const REQUEST_INFO = Symbol('transcode-flow.request');
const ROUTE_FIELD: PropertyDescriptor = {
  enumerable: true,
  get(this: { [REQUEST_INFO]: HttpRequestInfo }): string | undefined {
    return this[REQUEST_INFO].route();
  },
};

function startRequest(info: HttpRequestInfo): Readonly<Record<string, unknown>> {
  const requestId = requestIdOf(info.request);
  info.setHeader(REQUEST_ID_HEADER, requestId);
  const prefix = requestApiKeyPrefix(info.request);
  // One shared getter for the live route (a getter made per request gives every context its own
  // hidden class); frozen from the start, so the context keeps this object instead of copying it.
  const fields: Record<PropertyKey, unknown> = { request_id: requestId, method: info.method, [REQUEST_INFO]: info };
  Object.defineProperty(fields, 'route', ROUTE_FIELD);
  if (prefix !== undefined) fields.api_key_prefix = prefix;
  Object.freeze(fields);
  const { accessLog: enabled, logger } = settingsFor(info);
  if (enabled) accessLog(info, fields, info.logger ?? logger);
  return fields;
}

/** Runs `next` in the request's logging context (next-style middleware). Never throws on its own. */
export function runInRequestContext<T>(info: HttpRequestInfo, next: () => T): T {
  let fields: Readonly<Record<string, unknown>>;
  try {
    fields = startRequest(info);
  } catch {
    return next();
  }
  return runWithContext(fields, next);
}

/** Enters the request's logging context from a hook (Fastify `onRequest`). Never throws. */
export function enterRequestContext(info: HttpRequestInfo): void {
  try {
    enterRootContext(startRequest(info));
  } catch {
    // A request without logging context still runs.
  }
}
