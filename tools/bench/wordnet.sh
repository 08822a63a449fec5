#!/usr/bin/env bash
# WordNet ETL benchmark: the full load (all POS, indexes, pointers, sense keys, exceptions) into a new SQLite
# database, run 5 times; reports the median wall time and the largest peak RSS.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/bench/lib.sh
make -s build >/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
walls=(); rss_max=0
for i in 1 2 3 4 5; do
  measure run ./zsl etl wordnet --db "$out/zsl.sqlite" --source "${WORDNET:-/usr/share/wordnet}"
  walls+=("$run_wall"); (( run_rss > rss_max )) && rss_max=$run_rss
done
median=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n 3p)
echo "wordnet etl: median ${median} s wall (runs: ${walls[*]}), peak RSS ${rss_max} MB"
section=$(mktemp)
cat >"$section" <<MD
\`./zsl etl wordnet\` on Debian's wordnet-base 3.0 into a new database (the whole WNDB: 117,659 synsets, 206,978
lemmas, 377,592 pointers, sense keys, ranks, tag counts, verb frames, exceptions, indexes), five runs.

| figure | value | anchor |
|---|---|---|
| wall time, median of 5 | ${median} s (runs: ${walls[*]}) | goal ≤ 3 s |
| peak resident memory | ${rss_max} MB | goal ≤ 500 MB |

Command: \`make bench\` (\`tools/bench/wordnet.sh\`).
Machine: $(machine_line); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg).
Date: $(date -u +%Y-%m-%d).
How to reproduce: \`tools/bench/wordnet.sh\` (under a minute); it rewrites this section.
MD
replace_section docs/benchmarks.md "WordNet ETL" "$section"
rm -f "$section"
