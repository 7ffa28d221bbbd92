import type { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import type { Observability } from '../observability.js';
import type { BoundCounter } from '../metrics/counter.js';
import type { BoundGauge } from '../metrics/gauge.js';
import type { BoundHistogram } from '../metrics/histogram.js';
import { methodLabel } from './method-label.js';
import type { PathNormalizer } from './path-normalizer.js';
import { ANY_ROUTE, pathOf, routeLabel, UNMATCHED_ROUTE } from './route-label.js';
import { CLIENT_CLOSED_STATUS, type RequestScope } from './request-scope.js';
import { traceExemplarReader } from './trace-exemplar.js';
import { callSafely } from '../safe-call.js';
import type { RequestOptions } from './request-options.js';
import type { FrameworkAccess } from './framework-access.js';

/** The status recorded for a response the server failed after its headers went out. */
const SERVER_FAILED_STATUS = 500;
/** Most bound series the recorder caches; past it, recording goes through the label lookup (and the guard). */
const MAX_CACHED = 4096;

/** The bound series of one method, route and status. */
interface Series {
  readonly total: BoundCounter;
  readonly duration: BoundHistogram;
}

/** A request being recorded whose end the caller reports (runtimes without Node's http objects). */
interface DetachedRequest {
  /** The bounded method label. */
  readonly method: string;
  /**
   * Records the request with its final status and matched template (`undefined` when none);
   * `request` is the framework's own request, for `customLabels`. Call once.
   */
  end(status: number, template: string | undefined, request?: unknown): void;
}

/**
 * One request being recorded on Node's http objects. It is also the request's scope (the
 * logging context reads its method and route from it), so a request costs one object.
 */
interface TrackedRequest extends RequestScope {
  /**
   * Marks that the server failed this request (a handler threw, a body stream broke): if the
   * response then does not complete, it is recorded as 500 even when the client closed too.
   */
  fail(): void;
}

/** Errors of a connection the client reset. */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE']);

/**
 * Whether the client closed the connection (sent its FIN, or reset it) before the response
 * completed. A connection the server destroyed (an error after the headers went out) has
 * neither, so that failure is the server's.
 */
function clientClosed(request: IncomingMessage): boolean {
  const socket = request.socket as Socket | null | undefined;
  if (socket === null || socket === undefined) return false;
  const code = (socket.errored as NodeJS.ErrnoException | null)?.code;
  return socket.readableEnded || (code !== undefined && RESET_CODES.has(code));
}

/** Count, duration and in-flight gauge of one request whose end the caller reports. */
class DetachedRecord implements DetachedRequest {
  readonly method: string;
  readonly start = performance.now();
  private readonly gauge: BoundGauge;
  private readonly exemplar: Record<string, string> | undefined;

  constructor(
    private readonly recorder: RequestRecorder,
    rawMethod: string | undefined,
    private readonly url: string | undefined,
    routeAtStart: string | undefined,
  ) {
    this.method = methodLabel(rawMethod);
    this.gauge = recorder.inFlightGauge(this.method, routeAtStart ?? ANY_ROUTE);
    this.gauge.inc();
    this.exemplar = recorder.exemplarNow();
  }

  end(status: number, template: string | undefined, request?: unknown): void {
    const seconds = (performance.now() - this.start) / 1000;
    this.gauge.dec();
    const series = this.recorder.seriesOf(this.method, template, this.url, status, request);
    series.total.inc();
    series.duration.observe(seconds, this.exemplar);
  }
}

/** A request recorded on Node's http objects: ends when its response closes. */
class NodeRecord extends DetachedRecord implements TrackedRequest {
  /** Set by {@link TrackedRequest.fail}. */
  private failed = false;
  /** Set by `finish` on responses that are not on a socket (`inject()`), whose `writableFinished` stays false. */
  finished = false;
  /** What {@link RequestScope.onEnd} registered (at most a few: one per request-scoped feature). */
  private endListeners: ((status: number, completed: boolean) => void)[] | undefined;
  /** Set once the request was recorded. */
  private recorded = false;
  /**
   * The response's `close` listener: records the request, once. A closure per request rather
   * than a record stored on the response: Express moves each response onto its app's prototype,
   * after which a property added to it costs microseconds.
   */
  readonly closed = (): void => {
    if (this.recorded) return;
    this.recorded = true;
    this.finish();
  };

  constructor(
    recorder: RequestRecorder,
    readonly request: IncomingMessage,
    readonly response: ServerResponse,
    private readonly routeAtStart: string | undefined,
    /** Only ever handed back to its own adapter's access functions. */
    private readonly source: unknown,
    private readonly access: FrameworkAccess<unknown>,
  ) {
    super(recorder, request.method, request.url, routeAtStart);
  }

  onEnd(listener: (status: number, completed: boolean) => void): void {
    (this.endListeners ??= []).push(listener);
  }

  /**
   * Records the request once its response closed, then tells the end listeners. The status is
   * the response's when it completed; else 500 when the server failed it (it said so, or it
   * broke the connection), and 499 when the client closed first.
   */
  finish(): void {
    const response = this.response;
    const completed = (response.writableFinished || this.finished) && response.errored == null;
    const status = completed
      ? response.statusCode
      : this.failed || !clientClosed(this.request)
        ? SERVER_FAILED_STATUS
        : CLIENT_CLOSED_STATUS;
    const native = this.access.native;
    this.end(status, this.route(), native === undefined ? this.source : native(this.source));
    const listeners = this.endListeners;
    if (listeners === undefined) return;
    // A request-scoped feature (the access log) must never break recording or the process.
    for (const listener of listeners) callSafely(listener, status, completed);
  }

  fail(): void {
    if (!this.recorded) this.failed = true;
  }

  route(): string | undefined {
    const template = this.access.template;
    return template === undefined ? this.routeAtStart : template(this.source);
  }

  frameworkId(): string | undefined {
    const id = this.access.requestId;
    return id === undefined ? undefined : id(this.source);
  }

  setHeader(name: string, value: string): void {
    const set = this.access.setHeader;
    if (set !== undefined) set(this.source, name, value);
    else if (!this.response.headersSent) this.response.setHeader(name, value);
  }
}

/**
 * Ties `record` to the end of `response`; a response already closed (client gone) is recorded at
 * once. Node's `ServerResponse` emits `close` once, after `finish` when the response completed
 * and when its connection closed first, so one listener sees every ending.
 */
function watchResponse(response: ServerResponse, record: NodeRecord): void {
  if (response.destroyed) {
    process.nextTick(record.closed);
    return;
  }
  response.on('close', record.closed);
  // light-my-request's responses (Fastify's `inject()`) are not on a socket: their `writableFinished` stays false.
  if (!(response.socket instanceof Socket)) response.once('finish', () => (record.finished = true));
}

/**
 * Records each request exactly once, on Node's http objects: count, duration to the last
 * byte and in-flight gauge, through bound series cached per method, route and status so that
 * the hot path does no label hashing.
 */
export class RequestRecorder {
  private readonly metrics: Observability['metrics'];
  private readonly normalize: PathNormalizer | undefined;
  private readonly labelValues: RequestOptions['labelValues'];
  private readonly statusLabel: RequestOptions['statusLabel'];
  private readonly exemplar: ReturnType<typeof traceExemplarReader>;
  private readonly series = new Map<string, Map<string, Map<number, Series>>>();
  /** With custom labels: the series by {@link customSeriesKey}. */
  private readonly customSeries = new Map<string, Series>();
  private readonly inFlight = new Map<string, Map<string, BoundGauge>>();
  private cached = 0;

  constructor(
    observability: Pick<Observability, 'metrics' | 'exemplars'>,
    normalize: PathNormalizer | undefined,
    options: Pick<RequestOptions, 'labelValues' | 'statusLabel'> = { labelValues: undefined, statusLabel: String },
  ) {
    this.metrics = observability.metrics;
    this.normalize = normalize;
    this.labelValues = options.labelValues;
    this.statusLabel = options.statusLabel;
    // Reading the active span costs on every request; do it only when exemplars are kept.
    this.exemplar = observability.exemplars ? traceExemplarReader() : undefined;
  }

  /**
   * Starts recording a request whose end is seen on Node's http objects (the response's `close`).
   * `routeAtStart` is the template when the framework knows it now (Fastify), else
   * `undefined` (the in-flight gauge then uses {@link ANY_ROUTE}); the template is read with
   * `access.template(source)` once the response has finished. A response that never completed is
   * recorded as 499 (client closed), or 500 when {@link TrackedRequest.fail} was called.
   */
  begin<S>(
    request: IncomingMessage,
    response: ServerResponse,
    routeAtStart: string | undefined,
    source: S,
    access: FrameworkAccess<S>,
  ): TrackedRequest {
    // The access functions only ever get the source they were given with.
    const record = new NodeRecord(this, request, response, routeAtStart, source, access as FrameworkAccess<unknown>);
    watchResponse(response, record);
    return record;
  }

  /**
   * Starts recording a request whose end the caller reports with `end(status, template)`,
   * for runtimes without Node's http objects (Hono outside `@hono/node-server`). Call `end` once.
   */
  track(rawMethod: string | undefined, url: string | undefined): DetachedRequest {
    return new DetachedRecord(this, rawMethod, url, undefined);
  }

  /** The exemplar of a request starting now: the active trace, when exemplars are kept. */
  exemplarNow(): Record<string, string> | undefined {
    return this.exemplar?.();
  }

  /** The in-flight gauge of a method and route (cached). */
  inFlightGauge(method: string, route: string): BoundGauge {
    let byRoute = this.inFlight.get(method);
    if (byRoute === undefined) this.inFlight.set(method, (byRoute = new Map()));
    let gauge = byRoute.get(route);
    if (gauge === undefined) {
      gauge = this.metrics.apiRequestsInProgress.labels({ method, route });
      if (this.cached < MAX_CACHED || route === UNMATCHED_ROUTE || route === ANY_ROUTE) {
        byRoute.set(route, gauge);
        this.cached++;
      }
    }
    return gauge;
  }

  /**
   * The bound series of a finished request (see {@link routeLabel} for its route). With custom
   * labels declared, `request` (the framework's own) gives their values, and the series is
   * cached by every label value (see {@link customSeriesKey}).
   */
  seriesOf(
    method: string,
    template: string | undefined,
    url: string | undefined,
    status: number,
    request?: unknown,
  ): Series {
    const route =
      template !== undefined && template !== '' ? template : routeLabel(undefined, pathOf(url), status, this.normalize);
    const custom = this.labelValues;
    if (custom !== undefined) return this.customSeriesOf(custom(request), method, route, status);
    let byRoute = this.series.get(method);
    if (byRoute === undefined) this.series.set(method, (byRoute = new Map()));
    let byStatus = byRoute.get(route);
    if (byStatus === undefined) {
      byStatus = new Map();
      if (this.cached < MAX_CACHED) byRoute.set(route, byStatus);
    }
    let series = byStatus.get(status);
    if (series === undefined) {
      series = this.boundSeries({ method, route, status_code: this.statusLabel(status) });
      if (this.cached < MAX_CACHED) {
        byStatus.set(status, series);
        this.cached++;
      }
    }
    return series;
  }

  /** The request counter and duration histogram bound to one label set (through the guard). */
  private boundSeries(labels: { method: string; route: string; status_code: string }): Series {
    return {
      total: this.metrics.apiRequestsTotal.labels(labels),
      duration: this.metrics.apiRequestDurationSeconds.labels(labels),
    };
  }

  private customSeriesOf(values: Record<string, string>, method: string, route: string, status: number): Series {
    const key = customSeriesKey(values, method, route, status);
    let series = this.customSeries.get(key);
    if (series === undefined) {
      series = this.boundSeries({ ...values, method, route, status_code: this.statusLabel(status) });
      if (this.cached < MAX_CACHED) {
        this.customSeries.set(key, series);
        this.cached++;
      }
    }
    return series;
  }
}

/**
 * One string per label set, and a different one for each: every custom value is written with its
 * length before it (so no value can run into the next), then the method (a token, no space), the
 * status (digits) and the route, which may hold anything, last.
 */
export function customSeriesKey(values: Record<string, string>, method: string, route: string, status: number): string {
  let key = '';
  for (const name in values) {
    const value = values[name]!;
    key += `${value.length}:${value}`;
  }
  return `${key}${method} ${status} ${route}`;
}
