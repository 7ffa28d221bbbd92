#!/usr/bin/env bash
# Runs the tests that touch the runtime on each Node line other than the one `npm test` ran on:
# HTTP adapters and behaviour, the per-request options (custom labels, status classes, exclusions,
# access-log callbacks, route labels, OpenTelemetry naming, the Workers detection), logging
# context, ffmpeg, BullMQ, the example service, package loading and the bundled apps. The lines
# are 22, 24 and 26 by default, installed from the npm registry by scripts/install-node-lines.sh.
# vitest itself and its forked workers run on that line's binary (test/runtimes/node-version.test.ts
# checks it), and the line's bin directory leads PATH, so the processes the tests start with
# `node` or `npm` (the example service, the bundled apps) run on it too.
# Usage: scripts/test-node-lines.sh [MAJOR...]   Needs `npm run build` first (dist/).
set -euo pipefail
cd "$(dirname "$0")/.."

FILES=(
  test/runtimes/node-version.test.ts
  src/adapters
  src/core/http/request-logging.test.ts
  src/logging/context.test.ts
  src/ffmpeg/run-ffmpeg.test.ts
  src/jobs/bullmq/instrument-bullmq.test.ts
  test/integration/http-behaviour.test.ts
  test/integration/http-request-context.test.ts
  test/integration/http-context-isolation.test.ts
  test/integration/logging-http.test.ts
  test/integration/jobs-bullmq.test.ts
  test/integration/cluster-metrics.test.ts
  test/integration/http-options-adapters.test.ts
  test/integration/http-options-fastify.test.ts
  test/integration/access-log-options.test.ts
  test/integration/route-labels.test.ts
  test/integration/route-edges.test.ts
  test/integration/metrics-otel-exposition.test.ts
  src/core/host-runtime.test.ts
  test/example/bullmq.test.ts
  test/package/esm-isolation.test.ts
  test/package/bundled-apps.test.ts
  test/package/bundled-options.test.ts
  test/package/unbundled-entries.test.ts
)

failed=()
while read -r major binary; do
  echo "== Node $major: $("$binary" --version) ($binary)" >&2
  if ! PATH="$(dirname "$binary"):$PATH" TFO_EXPECT_NODE="$major" \
    "$binary" node_modules/vitest/vitest.mjs run "${FILES[@]}"; then
    failed+=("$major")
  fi
done < <(bash scripts/install-node-lines.sh "$@")

if [ "${#failed[@]}" -gt 0 ]; then
  echo "test-node-lines: failed on Node ${failed[*]}" >&2
  exit 1
fi
echo "test-node-lines: passed on every line" >&2
