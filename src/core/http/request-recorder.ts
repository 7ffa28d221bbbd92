import type { IncomingMessage, ServerResponse } from 'node:http';
import onFinished from 'on-finished';
import type { Observability } from '../../create-observability.js';
import type { BoundCounter } from '../metrics/counter.js';
import type { BoundGauge } from '../metrics/gauge.js';
import type { BoundHistogram } from '../metrics/histogram.js';
import { methodLabel } from './method-label.js';
import type { PathNormalizer } from './path-normalizer.js';
import { ANY_ROUTE, pathOf, routeLabel, UNMATCHED_ROUTE } from './route-label.js';
import { traceExemplarReader } from './trace-exemplar.js';

/** The status recorded for a client that closed the connection before the response was sent (as nginx logs it). */
const CLIENT_CLOSED_STATUS = 499;
/** Most bound series the recorder caches; past it, recording goes through the label lookup (and the guard). */
const MAX_CACHED = 4096;

/** The bound series of one method, route and status. */
interface Series {
  readonly total: BoundCounter;
  readonly duration: BoundHistogram;
}

/** A request being recorded, as the adapters see it. */
export interface TrackedRequest {
  /** The bounded method label. */
  readonly method: string;
  /** Marks that a handler threw: if the response is then never completed, it is recorded as 500, not 499. */
  fail(): void;
}

/** A request being recorded whose end the caller reports. */
export interface DetachedRequest extends TrackedRequest {
  /** True once {@link TrackedRequest.fail} was called. */
  failed: boolean;
  /** Records the request with its final status and matched template (`undefined` when none). */
  end(status: number, template: string | undefined): void;
}

/**
 * Records each request exactly once, on Node's http objects: count, duration to the last
 * byte and in-flight gauge, through bound series cached per method, route and status so that
 * the hot path does no label hashing.
 */
export class RequestRecorder {
  private readonly metrics: Observability['metrics'];
  private readonly normalize: PathNormalizer | undefined;
  private readonly exemplar: ReturnType<typeof traceExemplarReader>;
  private readonly series = new Map<string, Map<string, Map<number, Series>>>();
  private readonly inFlight = new Map<string, Map<string, BoundGauge>>();
  private cached = 0;

  constructor(observability: Pick<Observability, 'metrics' | 'exemplars'>, normalize: PathNormalizer | undefined) {
    this.metrics = observability.metrics;
    this.normalize = normalize;
    // Reading the active span costs on every request; do it only when exemplars are kept.
    this.exemplar = observability.exemplars ? traceExemplarReader() : undefined;
  }

  /**
   * Starts recording a request whose end is seen on Node's http objects (`on-finished`).
   * `routeAtStart` is the template when the framework knows it now (Fastify), else
   * `undefined` (the in-flight gauge then uses {@link ANY_ROUTE}); `template` is read once the
   * response has finished. A response that never completed is recorded as 499 (client closed),
   * or 500 when {@link TrackedRequest.fail} was called.
   */
  begin(
    request: IncomingMessage,
    response: ServerResponse,
    routeAtStart: string | undefined,
    template: () => string | undefined,
  ): TrackedRequest {
    const tracked = this.track(request.method, request.url, routeAtStart);
    onFinished(response, (error) => {
      const completed = error === null && response.writableFinished;
      tracked.end(completed ? response.statusCode : tracked.failed ? 500 : CLIENT_CLOSED_STATUS, template());
    });
    return tracked;
  }

  /**
   * Starts recording a request whose end the caller reports with `end(status, template)`,
   * for runtimes without Node's http objects (Hono outside `@hono/node-server`). Call `end` once.
   */
  track(rawMethod: string | undefined, url: string | undefined, routeAtStart?: string): DetachedRequest {
    const start = performance.now();
    const method = methodLabel(rawMethod);
    const gauge = this.inFlightGauge(method, routeAtStart ?? ANY_ROUTE);
    gauge.inc();
    const exemplar = this.exemplar?.();
    const tracked: DetachedRequest = {
      method,
      failed: false,
      fail: () => {
        tracked.failed = true;
      },
      end: (status, template) => {
        gauge.dec();
        const route = routeLabel(template, pathOf(url), status, this.normalize);
        const series = this.seriesFor(method, route, status);
        series.total.inc();
        series.duration.observe((performance.now() - start) / 1000, exemplar);
      },
    };
    return tracked;
  }

  private inFlightGauge(method: string, route: string): BoundGauge {
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

  private seriesFor(method: string, route: string, status: number): Series {
    let byRoute = this.series.get(method);
    if (byRoute === undefined) this.series.set(method, (byRoute = new Map()));
    let byStatus = byRoute.get(route);
    if (byStatus === undefined) {
      byStatus = new Map();
      if (this.cached < MAX_CACHED) byRoute.set(route, byStatus);
    }
    let series = byStatus.get(status);
    if (series === undefined) {
      const labels = { method, route, status_code: String(status) };
      series = {
        total: this.metrics.apiRequestsTotal.labels(labels),
        duration: this.metrics.apiRequestDurationSeconds.labels(labels),
      };
      if (this.cached < MAX_CACHED) {
        byStatus.set(status, series);
        this.cached++;
      }
    }
    return series;
  }
}
