import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import {
  type ContextSource,
  enterLazyRootScope,
  leaveContext,
  type LogContext,
  runInLazyRootScope,
  runWithoutContext,
} from '../../logging/context.js';
import type { LevelOption } from '../../logging/levels.js';
import type { Logger } from '../../logging/logger-type.js';
import { apiKeyPrefix } from '../api-key-prefix.js';
import { addAccessProps, chosenAccessLevel, defaultAccessLevel, isIgnored } from './access-log-callbacks.js';
import type { AccessLogOptions, AccessLogSettings } from './access-log-options.js';
import { pathOf } from './route-label.js';
import { CLIENT_CLOSED_STATUS, type RequestHooks, type RequestScope } from './request-scope.js';

/** What the request hooks of one observability object need: its own settings, nothing global. */
interface RequestLoggingSettings {
  /** The `accessLog` option, checked: its callbacks, or `false` for no access lines. */
  readonly accessLog: AccessLogSettings;
  /** The observability object's logger: access lines, and `getLogger()` inside its requests. */
  readonly logger: Logger;
}

/** The response header that carries the request id, read from the request when valid. */
const REQUEST_ID_HEADER = 'x-request-id';
const VALID_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

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

/** The largest sequence number of one {@link newRequestId} prefix: 12 hex digits. */
const MAX_SEQUENCE = 0xffffffffffff;
/**
 * The per-prefix state of {@link newRequestId}, made on first use (importing does nothing).
 * Not observability state: only the source of unique ids, like `randomUUID`'s entropy cache.
 */
const ids = { prefix: '', sequence: MAX_SEQUENCE };

/**
 * A new request id, shaped like a version-4 UUID (`xxxxxxxx-xxxx-4xxx-Nxxx-ssssssssssss`): 74
 * random bits drawn once per process (and again every 2^48 ids), then a 48-bit sequence number.
 * Ids stay unique across processes and restarts (a new prefix each time) at a fraction of the
 * cost of `randomUUID()` per request, and stay valid wherever a UUID is expected.
 */
export function newRequestId(): string {
  if (ids.sequence >= MAX_SEQUENCE) {
    // Web Crypto's global, not node:crypto: importing the module costs every cold start about 1 ms,
    // and this runs once per 2^48 ids.
    const hex = Array.from(crypto.getRandomValues(new Uint8Array(10)), (byte) =>
      byte.toString(16).padStart(2, '0'),
    ).join('');
    const variant = '89ab'[Number.parseInt(hex[16]!, 16) & 3]!;
    ids.prefix = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-`;
    ids.sequence = 0;
  }
  ids.sequence++;
  return ids.prefix + ids.sequence.toString(16).padStart(12, '0');
}

/** The request id: a valid incoming `x-request-id`, else `frameworkId` (Fastify's `request.id`), else a new one. */
export function requestIdOf(request: IncomingMessage, frameworkId?: string): string {
  const incoming = header(request, REQUEST_ID_HEADER);
  if (incoming !== undefined && VALID_REQUEST_ID.test(incoming)) return incoming;
  return frameworkId !== undefined && VALID_REQUEST_ID.test(frameworkId) ? frameworkId : newRequestId();
}

/**
 * Where a connection keeps its byte count at the end of the last response logged on it (a
 * symbol: invisible to users), so that a response that queued behind another one on the same
 * keep-alive connection (HTTP pipelining) counts from where that one ended.
 */
const SENT_MARK = Symbol('transcode-flow.bytes-sent-mark');
type MarkedSocket = Socket & { [SENT_MARK]?: number };

/** The connection's byte count now; `undefined` when it has none (HTTP/2, a socket-less test double). */
function bytesWrittenOf(socket: MarkedSocket | null | undefined): number | undefined {
  const bytes = socket?.bytesWritten;
  return typeof bytes === 'number' ? bytes : undefined;
}

/**
 * The bytes written to the connection for one response, status line and headers included (what
 * nginx logs as `$bytes_sent`): the growth of the socket's own counter between the start of the
 * request (or the end of the response before it on the same connection, whichever is later) and
 * the end of the response. No wrapper around `write` or `end`: nothing is made per chunk, and
 * chunked, streamed, HEAD and 304 responses all count what really went out.
 */
function bytesSent(socket: MarkedSocket | null | undefined, atStart: number | undefined): number | undefined {
  const now = bytesWrittenOf(socket);
  if (now === undefined || atStart === undefined) return undefined;
  const mark = socket![SENT_MARK];
  socket![SENT_MARK] = now;
  return now - (mark !== undefined && mark > atStart ? mark : atStart);
}

const MESSAGE = 'request completed';

/** Writes `line` at `level` (`silent`: not at all). */
function writeAt(logger: Logger, level: LevelOption, line: Record<string, unknown>): void {
  switch (level) {
    case 'trace':
      return logger.trace(line, MESSAGE);
    case 'debug':
      return logger.debug(line, MESSAGE);
    case 'info':
      return logger.info(line, MESSAGE);
    case 'warning':
    case 'warn':
      return logger.warning(line, MESSAGE);
    case 'error':
      return logger.error(line, MESSAGE);
    case 'critical':
    case 'fatal':
      return logger.critical(line, MESSAGE);
    case 'silent':
      return;
  }
}

/**
 * Writes the access line with every field of its own (the request's context fields, then the
 * response's, then the `props` callback's), outside any context: no per-request child logger is
 * made for one line, so the line costs what one plain pino line costs. The keys keep the order
 * of the request's other lines. The level is the `level` callback's, else the default one.
 */
function writeAccessLine(
  logger: Logger,
  options: Readonly<AccessLogOptions>,
  scope: RequestScope,
  context: RequestContext,
  path: string,
  socket: MarkedSocket | null,
  atStart: number | undefined,
  status: number,
  completed: boolean,
): void {
  const line: Record<string, unknown> = { request_id: context.requestId, method: scope.method };
  if (context.apiKeyPrefix !== undefined) line.api_key_prefix = context.apiKeyPrefix;
  line.route = scope.route();
  line.status_code = status;
  line.duration_ms = Math.round((performance.now() - scope.start) * 1e3) / 1e3;
  line.path = path;
  const bytes = bytesSent(socket, atStart);
  if (bytes !== undefined) line.bytes = bytes;
  // Aborted is the client's doing only: a response the server broke off after its headers is a 500, not aborted.
  const aborted = !completed && status === CLIENT_CLOSED_STATUS;
  if (aborted) line.aborted = true;
  const { level, props } = options;
  if (props !== undefined) addAccessProps(props, line, scope.request, scope.response);
  const chosen =
    level === undefined ? defaultAccessLevel(status) : chosenAccessLevel(level, status, scope.request, aborted);
  runWithoutContext(() => writeAt(logger, chosen, line));
}

/** Where a request's context keeps its scope, for the shared `route` getter (a symbol: never logged). */
const REQUEST_SCOPE = Symbol('transcode-flow.request');
const ROUTE_FIELD: PropertyDescriptor = {
  enumerable: true,
  get(this: { [REQUEST_SCOPE]: RequestScope }): string | undefined {
    return this[REQUEST_SCOPE].route();
  },
};

/**
 * What a request's logging context holds, kept as it is until something reads the context: its
 * fields object (with the shared `route` getter) is then made once, by {@link contextFields}.
 */
class RequestContext implements ContextSource {
  constructor(
    readonly requestId: string,
    readonly scope: RequestScope,
    readonly apiKeyPrefix: string | undefined,
  ) {}

  /**
   * The context fields: `request_id`, `method`, `route` (a live field filled in once routing is
   * done) and `api_key_prefix`, frozen, so the context keeps this object instead of copying it.
   */
  contextFields(): LogContext {
    const { scope } = this;
    // One shared getter for the live route (a getter made per request gives every context its own hidden class).
    const fields: Record<PropertyKey, unknown> = {
      request_id: this.requestId,
      method: scope.method,
      [REQUEST_SCOPE]: scope,
    };
    Object.defineProperty(fields, 'route', ROUTE_FIELD);
    if (this.apiKeyPrefix !== undefined) fields.api_key_prefix = this.apiKeyPrefix;
    return Object.freeze(fields);
  }
}

/**
 * Sets up one request: its id (echoed in the `x-request-id` response header), its context (see
 * {@link RequestContext}) and, unless `accessLog` is off or its `ignore` callback skips the
 * request, its access-log line. Returns the context.
 */
function startRequest(settings: RequestLoggingSettings, scope: RequestScope): RequestContext {
  const { request } = scope;
  const requestId = requestIdOf(request, scope.frameworkId?.());
  scope.setHeader(REQUEST_ID_HEADER, requestId);
  const context = new RequestContext(requestId, scope, requestApiKeyPrefix(request));
  const { accessLog } = settings;
  if (accessLog !== false && (accessLog.ignore === undefined || !isIgnored(accessLog.ignore, request))) {
    // Read the path now: routers (Express's among them) rewrite request.url while they route.
    const path = pathOf(request.url);
    // HTTP/2 multiplexes many responses on one connection: its byte count says nothing of one.
    const socket = request.httpVersionMajor >= 2 ? null : (request.socket as MarkedSocket | null);
    const atStart = bytesWrittenOf(socket);
    const { logger } = settings;
    scope.onEnd((status, completed) =>
      writeAccessLine(logger, accessLog, scope, context, path, socket, atStart, status, completed),
    );
  }
  return context;
}

/**
 * The request hooks of one observability object (`observability.requestHooks`): each request
 * runs in a logging context that carries its id, method, route and API-key prefix and, for
 * `getLogger()`, this object's `logger`; and, unless `accessLog` is off, one access-log line is
 * written by that logger when the response ends:
 *
 * ```json
 * {"level":"info","timestamp":"…","logger":"api","pid":42,"request_id":"9b2…","method":"GET",
 *  "route":"/jobs/:jobId","status_code":200,"duration_ms":3.2,"path":"/jobs/abc",
 *  "bytes":312,"message":"request completed"}
 * ```
 *
 * `bytes` is what was written to the connection for the response, status line and headers
 * included (absent on HTTP/2); 5xx lines are written as `error`, 4xx as `warning`, and a
 * response the client did not wait for (499) carries `aborted: true`; one the server broke off
 * after its headers is a 500 and does not. The `accessLog` callbacks
 * ({@link AccessLogOptions}) choose the level, skip requests and add fields; each is guarded.
 * The hooks never throw: a request whose logging cannot be set up still runs.
 *
 * @param settings - The object's checked `accessLog` option and logger.
 * @returns The hooks the adapters call.
 */
export function createRequestHooks(settings: RequestLoggingSettings): RequestHooks {
  const { logger } = settings;
  return {
    run<T>(scope: RequestScope, next: () => T): T {
      let context: RequestContext;
      try {
        context = startRequest(settings, scope);
      } catch {
        return next();
      }
      return runInLazyRootScope(logger, context, next);
    },
    enter(scope: RequestScope): void {
      try {
        enterLazyRootScope(logger, startRequest(settings, scope));
      } catch {
        // A request without logging context still runs, in no other request's context.
        leaveContext();
      }
    },
  };
}
