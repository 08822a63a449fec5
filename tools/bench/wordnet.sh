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
Command: \`tools/bench/wordnet.sh\` (part of \`make bench\`): \`./zsl etl wordnet --db DB\` five times on Debian's
wordnet-base 3.0, a new database each time (the whole WNDB: 117,659 synsets, 206,978 lemmas, 377,592 pointers,
sense keys, ranks, tag counts, verb frames, exceptions, indexes), timed with \`/usr/bin/time\`.

| measure | result | goal |
|---|---|---|
| wall time, median of 5 | ${median} s (runs: ${walls[*]}) | ≤ 3 s |
| peak resident memory | ${rss_max} MB | ≤ 500 MB |

Machine: $(machine_line); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg). Measured $(date -u +%Y-%m-%d).
The issue quotes Python NLTK at about 8 s just to enumerate the noun synsets and their hypernyms; NLTK cannot be
installed here (no PyPI), so that comparison is not rerun.

Where the time goes (in-process stage timestamps; \`dotnet-trace\` sampling on 2026-11-26): .NET start-up
0.1 s; cntlist and the index files 0.4 s on the main thread; the four data files 1.0 s (lemmas and verb frames on
the main thread, which then builds the lemma index, while a second thread parses the data files again and writes
the synsets and the 377,592 pointers into a side database); the copy of the side tables 0.4 s (mostly waiting for
the second thread); the remaining indexes 0.2 s. Milestones: 3.6 s at first; positional parameter binding through
SQLitePCLRaw instead of Microsoft.Data.Sqlite's by-name lookup, no spinning parse-ahead queue, synsets on the second
thread and error texts formatted only on error gave 3.0–3.3 s. The largest single cost was then the JIT: the same
parse of the data files takes 0.47 s cold and 0.11 s once tier-1 code is in place, and dynamic PGO's instrumented
tier is the expensive part of the warm-up for a process that lives 3 s. The \`zsl\` CLI therefore runs with
\`TieredPGO=false\` (cli/Zsl.Cli/Zsl.Cli.csproj): 2.95 s -> 2.45 s, CPU time 4.8 s -> 3.3 s. Building the lemma
index on the main thread while the second thread finishes gave the last 0.1 s. Moving the synsets back to the main
thread was tried again and is slower (2.5 s).
MD
replace_section docs/benchmarks.md "WordNet ETL" "$section"
rm -f "$section"
