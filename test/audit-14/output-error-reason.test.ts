/**
 * Issue 14, item 6: the ffmpeg failure reason `output_error` (a server-side storage failure, not
 * bad input) is carried through the docs, the alerts and the runbooks. The reason itself is
 * proven on real ffmpeg by test/ffmpeg/output-errors.test.ts; this checks where it must reach:
 * every reason is documented with its code, the runbook says what to do about output_error, and
 * the committed alert fires for it (real promtool).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FfmpegFailureReason } from '../../src/entries/ffmpeg.js';
import { run } from '../presets/helpers.js';
import { requireTool } from '../helpers/tools.js';

const ROOT = resolve(import.meta.dirname, '../..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

/** Every reason and its error code; the Record type makes a new reason fail to compile here until it is listed. */
const CODES: Record<FfmpegFailureReason, string> = {
  exit_code: 'TFO_ERR_FFMPEG_FAILED',
  signal: 'TFO_ERR_FFMPEG_FAILED',
  timeout: 'TFO_ERR_FFMPEG_TIMEOUT',
  cancelled: 'TFO_ERR_FFMPEG_CANCELLED',
  spawn_error: 'TFO_ERR_FFMPEG_SPAWN',
  invalid_input: 'TFO_ERR_FFMPEG_INVALID_INPUT',
  output_error: 'TFO_ERR_FFMPEG_OUTPUT',
};

describe('every ffmpeg failure reason is documented', () => {
  it.each(Object.entries(CODES))(
    '%s: in the ffmpeg guide with its code, in the metrics reference, its code in the error list',
    (reason, code) => {
      const row = read('docs/ffmpeg.md')
        .split('\n')
        .find((line) => line.startsWith(`| \`${reason}\``));
      expect(row, `docs/ffmpeg.md has a row for ${reason}`).toBeDefined();
      expect(row).toContain(`\`${code}\``);
      const metric = read('docs/metrics.md')
        .split('\n')
        .find((line) => line.startsWith('| `video_transcode_failures_total`'));
      expect(metric).toMatch(new RegExp(`\\b${reason}\\b`));
      expect(read('docs/errors.md')).toContain(`| \`${code}\` |`);
    },
  );

  it('the VideoTranscodeFailuresHigh runbook tells what output_error means: the output volume, not the uploads', () => {
    const runbook = read('docs/runbooks/VideoTranscodeFailuresHigh.md');
    const line = runbook.split('\n').find((text) => text.includes('`output_error`'));
    expect(line).toMatch(/output volume/);
    expect(line).toMatch(/Not the users' uploads/);
  });
});

describe('the committed VideoTranscodeFailuresHigh alert fires for output_error (promtool)', () => {
  const promtool = requireTool('promtool');
  const dir = mkdtempSync(join(tmpdir(), 'tfo-audit-output-error-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fires with reason output_error, and stays quiet below the threshold', () => {
    const rules = join(ROOT, 'monitoring-presets/prometheus/alerts/jobs.yml');
    const test = `rule_files:
  - ${rules}
evaluation_interval: 1m
tests:
  - name: output_error fires
    interval: 1m
    input_series:
      - series: video_transcode_failures_total{job="transcode-flow",reason="output_error"}
        values: 0+1x25
    alert_rule_test:
      - eval_time: 25m
        alertname: VideoTranscodeFailuresHigh
        exp_alerts:
          - exp_labels:
              job: transcode-flow
              reason: output_error
              severity: warning
              component: jobs
            exp_annotations:
              summary: Transcodes fail with output_error
              description: 15 transcodes of transcode-flow failed with reason output_error over 15 minutes (threshold 5).
              runbook_url: https://github.com/transcode-flow/observability/blob/main/docs/runbooks/VideoTranscodeFailuresHigh.md
  - name: output_error stays quiet
    interval: 1m
    input_series:
      - series: video_transcode_failures_total{job="transcode-flow",reason="output_error"}
        values: 0+0.15625x25
    alert_rule_test:
      - eval_time: 25m
        alertname: VideoTranscodeFailuresHigh
        exp_alerts: []
`;
    writeFileSync(join(dir, 'output-error.test.yml'), test);
    const result = run(promtool, ['test', 'rules', 'output-error.test.yml'], dir);
    expect(result.output, result.output).not.toContain('FAILED');
    expect(result.status, result.output).toBe(0);
  });
});
