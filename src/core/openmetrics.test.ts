import { describe, expect, it } from 'vitest';
import { createObservability } from '../create-observability.js';
import { renderOpenMetrics } from './openmetrics.js';

const labels = { method: 'GET', route: '/jobs/:jobId', status_code: '200' };

/** The bucket lines of api_request_duration_seconds for `le`. */
function bucketLine(body: string, le: string): string | undefined {
  return body
    .split('\n')
    .find((line) => line.startsWith('api_request_duration_seconds_bucket{') && line.includes(`le="${le}"`));
}

describe('renderOpenMetrics', () => {
  it('keeps an exemplar of 128 code points and leaves out a longer one, keeping its sample', async () => {
    const observability = createObservability({ defaultMetrics: false, exemplars: true });
    const histogram = observability.metrics.apiRequestDurationSeconds;
    // 'trace_id' (8) + 118 'é' (2 bytes each) + one emoji (2 UTF-16 units): 128 code points, 246 bytes.
    const longest = { trace_id: `${'é'.repeat(118)}🎬a` };
    histogram.observe(labels, 0.004, longest);
    // One code point more, in the name this time.
    histogram.observe(labels, 0.2, { trace_idx: longest.trace_id });
    histogram.observe(labels, 0.02, {});
    const body = await renderOpenMetrics(observability.registry);
    expect(bucketLine(body, '0.005')).toMatch(
      new RegExp(`\\} 1 # \\{trace_id="${longest.trace_id}"\\} 0\\.004 \\d+(\\.\\d+)?$`),
    );
    expect(bucketLine(body, '0.25')).toMatch(/\} 3$/);
    // An empty label set is no exemplar either.
    expect(bucketLine(body, '0.025')).toMatch(/\} 2$/);
    expect(body.match(/ # \{/g)).toHaveLength(1);
    expect(body.endsWith('# EOF\n')).toBe(true);
  });
});
