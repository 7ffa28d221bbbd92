import { moduleRequire } from '../core/module-require.js';

/** The trace fields of a line when an OpenTelemetry span is active. */
interface TraceFields {
  trace_id: string;
  span_id: string;
  trace_flags: string;
}

interface SpanContextLike {
  traceId: string;
  spanId: string;
  traceFlags: number;
}

interface OtelApi {
  trace: { getSpanContext(context: unknown): SpanContextLike | undefined };
  context: { active(): unknown };
  isSpanContextValid(spanContext: SpanContextLike): boolean;
}

let api: OtelApi | null | undefined;

/**
 * Where `@opentelemetry/api` 1.x keeps what the application registered. Until a context
 * manager is registered no span can be active, so the per-line lookup is skipped.
 */
const OTEL_GLOBAL = Symbol.for('opentelemetry.js.api.1');

function contextManagerRegistered(): boolean {
  const registered = (globalThis as Record<symbol, { context?: unknown } | undefined>)[OTEL_GLOBAL];
  return registered !== undefined && registered.context !== undefined;
}

/**
 * `@opentelemetry/api` when it can be resolved, else `null`. Loaded on first use only, so an
 * application without it loads nothing of OpenTelemetry, and one with it pays the `require`
 * once. The API keeps its state on a global symbol, so this copy sees the tracer provider and
 * context manager the application registered, even from the ESM build.
 */
function loadApi(): OtelApi | null {
  if (api === undefined) {
    try {
      api = moduleRequire()('@opentelemetry/api') as OtelApi;
    } catch {
      api = null;
    }
  }
  return api;
}

/** `trace_id`, `span_id` and `trace_flags` of the active span, or `undefined` when there is none. */
export function activeTraceFields(): TraceFields | undefined {
  const otel = loadApi();
  if (otel === null || !contextManagerRegistered()) return undefined;
  try {
    const spanContext = otel.trace.getSpanContext(otel.context.active());
    if (spanContext === undefined || !otel.isSpanContextValid(spanContext)) return undefined;
    return {
      trace_id: spanContext.traceId,
      span_id: spanContext.spanId,
      trace_flags: spanContext.traceFlags.toString(16).padStart(2, '0'),
    };
  } catch {
    return undefined;
  }
}
