import { moduleRequire } from '../module-require.js';

/** The part of `@opentelemetry/api` read here. */
interface TraceApi {
  trace: {
    getActiveSpan(): { spanContext(): { traceId: string; spanId: string } } | undefined;
  };
}

const INVALID_TRACE_ID = '00000000000000000000000000000000';
let traceApi: TraceApi | null | undefined;

/**
 * Loads `@opentelemetry/api` (an optional peer dependency) the first time it is asked for,
 * never at import time; `null` when it is not installed.
 */
function loadTraceApi(): TraceApi | null {
  if (traceApi !== undefined) return traceApi;
  try {
    traceApi = moduleRequire()('@opentelemetry/api') as TraceApi;
  } catch {
    traceApi = null;
  }
  return traceApi;
}

/** Reads the active span's ids as exemplar labels, or `undefined` when no span is active. */
type ExemplarReader = () => Record<string, string> | undefined;

/**
 * The exemplar reader of a recorder: `undefined` when `@opentelemetry/api` is not
 * installed, so requests pay nothing for it.
 */
export function traceExemplarReader(): ExemplarReader | undefined {
  const api = loadTraceApi();
  if (api === null) return undefined;
  return () => {
    const span = api.trace.getActiveSpan();
    if (span === undefined) return undefined;
    const context = span.spanContext();
    if (context.traceId === INVALID_TRACE_ID) return undefined;
    return { trace_id: context.traceId, span_id: context.spanId };
  };
}
