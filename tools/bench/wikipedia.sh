#!/usr/bin/env bash
# Wikipedia ingestion throughput: `./zsl etl wikipedia` (parallel bzip2 + XML + wikitext + SQLite + FTS5) against
# plain decompression `bzcat FILE > /dev/null` of the same dump in the same run, plus the parallel decompressor
# alone (`./zsl wikipedia bzcat`). Best of $RUNS runs each. Updates "## Wikipedia ingestion" in docs/benchmarks.md.
# WIKI_DUMP=path/to/pages-articles.xml.bz2 benchmarks another dump (default: the 206-page sample in ../shared/data).
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/bench/lib.sh
dump=${WIKI_DUMP:-../shared/data/wikipedia/enwiki-sample-pages-articles.xml.bz2}
runs=${RUNS:-3}
[ -f artifacts/bin/Zsl.Cli/release/zsl.dll ] || dotnet build cli/Zsl.Cli/Zsl.Cli.csproj -c Release -nologo -v quiet
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
compressed=$(stat -c %s "$dump")
decompressed=$(bzcat "$dump" | wc -c)
best() { # name cmd...: best wall time (s) and its RSS (MB) of $runs runs into ${name}_wall / ${name}_rss
  local name=$1; shift; local bw="" br=""
  for _ in $(seq "$runs"); do
    measure one "$@"
    if [ -z "$bw" ] || awk -v a="$one_wall" -v b="$bw" 'BEGIN { exit !(a < b) }'; then bw=$one_wall; br=$one_rss; fi
  done
  printf -v "${name}_wall" '%s' "$bw"; printf -v "${name}_rss" '%s' "$br"
}
best startup dotnet artifacts/bin/Zsl.Cli/release/zsl.dll --version
best bzcat bzcat "$dump"
best ours dotnet artifacts/bin/Zsl.Cli/release/zsl.dll wikipedia bzcat "$dump"
best ours1 dotnet artifacts/bin/Zsl.Cli/release/zsl.dll wikipedia bzcat --threads 1 "$dump"
best etl bash -c "rm -f '$tmp/w.sqlite' && dotnet artifacts/bin/Zsl.Cli/release/zsl.dll etl wikipedia --db '$tmp/w.sqlite' --dump '$dump'"
load=$(awk '{print $1}' /proc/loadavg)
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", b / 1e6 / s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
net() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0.01) d = 0.01; printf "%.2f", d }'; }
etl_net=$(net "$etl_wall" "$startup_wall")
cat >"$tmp/section.md" <<MD
Command: \`make bench\` (\`tools/bench/wikipedia.sh\`, best of $runs runs each, all in the same run).
Dump: \`$(basename "$dump")\`, $(awk -v b="$compressed" 'BEGIN { printf "%.2f", b / 1e6 }') MB bzip2, $(awk -v b="$decompressed" 'BEGIN { printf "%.2f", b / 1e6 }') MB of XML.
Machine: $(machine_line); load average $load when measured (the machine is shared, so wall times are noisy).

| what | wall (s) | MB/s of XML | peak RSS (MB) | × bzcat |
|---|---:|---:|---:|---:|
| \`bzcat FILE > /dev/null\` | $bzcat_wall | $(mbps "$decompressed" "$bzcat_wall") | $bzcat_rss | 1.00 |
| \`./zsl wikipedia bzcat FILE\` (parallel bzip2 blocks, SharpZipLib) | $ours_wall | $(mbps "$decompressed" "$ours_wall") | $ours_rss | $(ratio "$ours_wall" "$bzcat_wall") |
| same, \`--threads 1\` | $ours1_wall | $(mbps "$decompressed" "$ours1_wall") | $ours1_rss | $(ratio "$ours1_wall" "$bzcat_wall") |
| \`./zsl etl wikipedia --dump FILE\` (whole ingestion: articles, links, categories, redirects, FTS5) | $etl_wall | $(mbps "$decompressed" "$etl_wall") | $etl_rss | $(ratio "$etl_wall" "$bzcat_wall") |
| same, minus .NET start-up ($startup_wall s for \`zsl --version\`) | $etl_net | $(mbps "$decompressed" "$etl_net") | | $(ratio "$etl_net" "$bzcat_wall") |

Goal of issue 5: ingestion at most 1.5 × plain decompression.
MD
cat "$tmp/section.md"
replace_section docs/benchmarks.md "Wikipedia ingestion" "$tmp/section.md"
