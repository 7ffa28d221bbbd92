#!/usr/bin/env bash
# Installs the real tools the tests run (Debian packages), only those missing.
# promtool (prometheus), amtool (prometheus-alertmanager), ffmpeg/ffprobe, redis-server, wrk (benchmarks),
# prometheus-pushgateway (the batch-jobs recipe), and the Python client's strict OpenMetrics parser
# (python3-prometheus-client), which the tests call as /usr/bin/python3: Debian installs the module for
# that interpreter, not for a pyenv python3 that may come first on PATH.
set -euo pipefail

declare -A packages=(
  [promtool]=prometheus
  [prometheus]=prometheus
  [amtool]=prometheus-alertmanager
  [ffmpeg]=ffmpeg
  [ffprobe]=ffmpeg
  [redis-server]=redis-server
  [wrk]=wrk
  [prometheus-pushgateway]=prometheus-pushgateway
)
missing=()
for tool in "${!packages[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("${packages[$tool]}")
done
/usr/bin/python3 -c 'import prometheus_client.openmetrics.parser' >/dev/null 2>&1 || missing+=(python3-prometheus-client)
if [ "${#missing[@]}" -eq 0 ]; then
  echo "test tools: all present" >&2
  exit 0
fi
mapfile -t unique < <(printf '%s\n' "${missing[@]}" | sort -u)
echo "test tools: installing ${unique[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y --no-install-recommends "${unique[@]}"
