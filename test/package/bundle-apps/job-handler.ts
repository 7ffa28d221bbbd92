import { getContext, getLogger } from '@transcode-flow/observability';

/**
 * The work of `GET /jobs/:jobId` in every bundled app (the contract test/runtimes/app-checks.ts
 * checks): wait a tick, so the logging context must follow the request across an await, log one
 * line, and answer with the request id the context holds.
 */
export async function handleJob(jobId: string): Promise<{ jobId: string; requestId: unknown }> {
  await new Promise((resolve) => setTimeout(resolve, 1));
  getLogger('handler').info({ job: jobId }, 'job requested');
  return { jobId, requestId: getContext().request_id ?? null };
}

/** Says the port on stderr, where the test waits for it (stdout carries only JSON log lines). */
export function announce(port: number): void {
  process.stderr.write(`listening ${port}\n`);
}
