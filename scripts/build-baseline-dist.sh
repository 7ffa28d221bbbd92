#!/usr/bin/env bash
# Builds the package as it was at an older commit, for the benches' before/after variants:
#
#   scripts/build-baseline-dist.sh <commit> [outdir]      (outdir: bench/results/baseline-dist)
#   BENCH_BASELINE_DIST=bench/results/baseline-dist npm run bench -- http logger cold-start --node 20,26
#
# How: `git worktree add --detach` at the commit in a temporary directory, node_modules there,
# `npx tsup --no-dts --sourcemap --out-dir <outdir>` with the commit's own tsup config, then the
# worktree is removed (also on failure). node_modules is a symlink to this checkout's when the
# commit's package-lock.json is the same, or when it pins the same versions of what the build and
# the built code use (tsup, esbuild, typescript and the package's dependencies); otherwise (or
# with BASELINE_NPM_CI=1) `npm ci --ignore-scripts` installs the commit's own.
#
# The built files import prom-client, pino and the frameworks by name, so wherever outdir is,
# they resolve them from this checkout's node_modules when outdir is inside it (as
# bench/results/baseline-dist is): the baseline measures the older code on today's dependencies,
# which is what a before/after of our code wants. outdir/BASELINE.json says what was built.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 || "$1" == -* ]]; then
  echo "usage: scripts/build-baseline-dist.sh <commit> [outdir]" >&2
  exit 2
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
commit="$(git rev-parse --verify --quiet "$1^{commit}")" || {
  echo "build-baseline-dist: $1 is not a commit of this repository" >&2
  exit 2
}
outdir="${2:-bench/results/baseline-dist}"
mkdir -p "$(dirname "$outdir")"
outdir="$(cd "$(dirname "$outdir")" && pwd)/$(basename "$outdir")"
case "$outdir" in
  "$root" | "$root/dist" | "$root/src" | /) echo "build-baseline-dist: refusing to write into $outdir" >&2 && exit 2 ;;
esac

work="$(mktemp -d "${TMPDIR:-/tmp}/tfo-baseline-XXXXXX")"
tree="$work/tree"
cleanup() {
  # The symlink first, so nothing below can reach through it into this checkout's node_modules.
  [[ -L "$tree/node_modules" ]] && rm -f "$tree/node_modules"
  git -C "$root" worktree remove --force "$tree" >/dev/null 2>&1 || true
  git -C "$root" worktree prune >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

git worktree add --detach --quiet "$tree" "$commit"

# The versions the build and the built code depend on, from a package-lock.json on stdin.
pinned_versions() {
  node -e '
    const lock = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const deps = Object.keys(lock.packages[""].dependencies ?? {});
    const names = ["tsup", "esbuild", "typescript", ...deps].sort();
    for (const n of names) console.log(n, lock.packages["node_modules/" + n]?.version ?? "missing");
  '
}
how=""
if [[ "${BASELINE_NPM_CI:-0}" != "1" ]]; then
  if cmp -s "$tree/package-lock.json" package-lock.json; then
    how="symlink: same package-lock.json"
  elif [[ "$(pinned_versions <"$tree/package-lock.json")" == "$(pinned_versions <package-lock.json)" ]]; then
    how="symlink: package-lock.json differs, but pins the same tsup, esbuild, typescript and dependencies"
  fi
fi
if [[ -n "$how" ]]; then
  ln -s "$root/node_modules" "$tree/node_modules"
else
  how="npm ci --ignore-scripts"
  echo "build-baseline-dist: installing the commit's own node_modules (npm ci --ignore-scripts)" >&2
  (cd "$tree" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
fi

rm -rf "$outdir"
# The commit's tsup config (its entries), without type declarations, with source maps so that
# the profiles can name the baseline's functions too.
(cd "$tree" && npx tsup --no-dts --sourcemap --out-dir "$outdir" >/dev/null)
for entry in index express fastify koa hono; do
  [[ -f "$outdir/$entry.js" ]] || {
    echo "build-baseline-dist: the build of $commit has no $entry.js in $outdir" >&2
    exit 1
  }
done
node -e '
  const [file, commit, subject, how] = process.argv.slice(1);
  require("fs").writeFileSync(file, JSON.stringify({ commit, subject, node_modules: how, built: new Date().toISOString() }, null, 2) + "\n");
' "$outdir/BASELINE.json" "$commit" "$(git log -1 --format=%s "$commit")" "$how"
echo "baseline $(git rev-parse --short "$commit") built into $outdir ($how)" >&2
echo "BENCH_BASELINE_DIST=${outdir#"$root/"}"
