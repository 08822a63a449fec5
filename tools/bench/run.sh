#!/usr/bin/env bash
# make bench: runs every tools/bench/*.sh benchmark in name order. Each prints its results and updates its
# own section of docs/benchmarks.md, with the command and the machine it ran on.
set -euo pipefail
cd "$(dirname "$0")/../.."
for bench in tools/bench/*.sh; do
  [ "$(basename "$bench")" = run.sh ] && continue
  echo "== $bench"
  bash "$bench"
done
