/**
 * Wraps an async read so that callers arriving while one is in flight share it instead of
 * starting another. Scrape-time collectors use it: the gauges filled by one read share a
 * single call, and while a backend hangs, each scrape waits on the same pending call (up to
 * the collect timeout) instead of piling new ones up behind it.
 */
export function singleFlight(read: () => void | Promise<void>): () => Promise<void> {
  let pending: Promise<void> | undefined;
  return () => {
    pending ??= (async () => {
      try {
        await read();
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };
}
