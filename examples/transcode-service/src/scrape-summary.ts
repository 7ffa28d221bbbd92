/** One sample of a Prometheus text exposition. */
interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = line.startsWith('#') ? null : LINE.exec(line);
    if (match === null) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL)) labels[key!] = value!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/**
 * A few key figures of a `/metrics` scrape, as lines for a person: jobs, ffmpeg runs by kind
 * and resolution, storage, webhooks and HTTP requests.
 *
 * @param exposition - The body of `GET /metrics`.
 * @returns Lines to print.
 * @example
 * ```ts
 * const lines = keyFigures(await (await fetch(`${url}/metrics`)).text());
 * ```
 */
export function keyFigures(exposition: string): string[] {
  const samples = parse(exposition);
  const sum = (name: string, labels: Record<string, string> = {}): number =>
    samples
      .filter((s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value))
      .reduce((total, s) => total + s.value, 0);
  const average = (base: string, labels: Record<string, string> = {}): string => {
    const count = sum(`${base}_count`, labels);
    return count === 0 ? 'none' : `${count} run(s), avg ${(sum(`${base}_sum`, labels) / count).toFixed(2)} s`;
  };
  const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
  return [
    `jobs_completed_total                        ${sum('jobs_completed_total')}`,
    `jobs_failed_total                           ${sum('jobs_failed_total')}`,
    `video_transcode_duration_seconds{720p}      ${average('video_transcode_duration_seconds', { resolution: '720p' })}`,
    `video_transcode_duration_seconds{360p}      ${average('video_transcode_duration_seconds', { resolution: '360p' })}`,
    `video_transcode_failures_total              ${sum('video_transcode_failures_total')}`,
    `thumbnail_generation_duration_seconds       ${average('thumbnail_generation_duration_seconds')}`,
    `audio_extraction_duration_seconds           ${average('audio_extraction_duration_seconds')}`,
    `storage_used_bytes                          ${mib(sum('storage_used_bytes'))}`,
    `storage_transferred_bytes_total             ${mib(sum('storage_transferred_bytes_total'))}`,
    `webhook_sent_total{outcome="success"}       ${sum('webhook_sent_total', { outcome: 'success' })}`,
    `webhook_retries_total                       ${sum('webhook_retries_total')}`,
    `api_requests_total                          ${sum('api_requests_total')}`,
  ];
}
