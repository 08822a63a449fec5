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
# ZSL_DLL=path/to/zsl.dll measures a snapshot of the build (so that a queued timed run is not hit by a rebuild)
zsl_dll=${ZSL_DLL:-$(zsl_cli_dll)}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p docs
measure_cpu() { # prefix cmd...: like lib.sh's measure, plus ${prefix}_cpu = user + system CPU seconds
  local prefix=$1; shift
  local log; log=$(mktemp)
  /usr/bin/time -f '%e %M %U %S' -o "$log" "$@" >/dev/null
  read -r wall rss user sys <"$log"; rm -f "$log"
  printf -v "${prefix}_wall" '%s' "$wall"
  printf -v "${prefix}_rss" '%s' "$((rss / 1024))"
  printf -v "${prefix}_cpu" '%s' "$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
}
best() { # name cmd...: best wall time (s) of $runs runs, with its RSS (MB) and CPU (s), into ${name}_wall/_rss/_cpu
  local name=$1; shift; local bw="" br="" bc=""
  for _ in $(seq "$runs"); do
    measure_cpu one "$@"
    if [ -z "$bw" ] || awk -v a="$one_wall" -v b="$bw" 'BEGIN { exit !(a < b) }'; then bw=$one_wall; br=$one_rss; bc=$one_cpu; fi
  done
  printf -v "${name}_wall" '%s' "$bw"; printf -v "${name}_rss" '%s' "$br"; printf -v "${name}_cpu" '%s' "$bc"
}
bench_dump() { # label dump runs: measures one dump and appends its table to $tmp/section.md
  local label=$1 dump=$2 runs=$3
  compressed=$(stat -c %s "$dump")
  decompressed=$(bzcat "$dump" | wc -c)
  best startup dotnet $zsl_dll --version
  best bzcat bzcat "$dump"
  best ours dotnet $zsl_dll wikipedia bzcat "$dump"
  best ours1 dotnet $zsl_dll wikipedia bzcat --threads 1 "$dump"
  best etl bash -c "rm -f '$tmp/w.sqlite' && dotnet $zsl_dll etl wikipedia --db '$tmp/w.sqlite' --dump '$dump'"
  load=$(awk '{print $1}' /proc/loadavg)
  mbps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", b / 1e6 / s }'; }
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
cat >>"$tmp/section.md" <<MD
### $label

\`$(basename "$dump")\`, best of $runs runs each, $(awk -v b="$compressed" 'BEGIN { printf "%.2f", b / 1e6 }') MB bzip2, $(awk -v b="$decompressed" 'BEGIN { printf "%.2f", b / 1e6 }') MB of XML.
Load average $load when measured.

| what | wall (s) | MB/s of XML | wall × bzcat | CPU (s) | CPU × bzcat | peak RSS (MB) |
|---|---:|---:|---:|---:|---:|---:|
| \`bzcat FILE > /dev/null\` | $bzcat_wall | $(mbps "$decompressed" "$bzcat_wall") | 1.00 | $bzcat_cpu | 1.00 | $bzcat_rss |
| \`./zsl wikipedia bzcat FILE\` (parallel bzip2 blocks) | $ours_wall | $(mbps "$decompressed" "$ours_wall") | $(ratio "$ours_wall" "$bzcat_wall") | $ours_cpu | $(ratio "$ours_cpu" "$bzcat_cpu") | $ours_rss |
| same, \`--threads 1\` | $ours1_wall | $(mbps "$decompressed" "$ours1_wall") | $(ratio "$ours1_wall" "$bzcat_wall") | $ours1_cpu | $(ratio "$ours1_cpu" "$bzcat_cpu") | $ours1_rss |
| \`./zsl etl wikipedia --dump FILE\` (whole ingestion: articles, links, categories, redirects, FTS5) | $etl_wall | $(mbps "$decompressed" "$etl_wall") | $(ratio "$etl_wall" "$bzcat_wall") | $etl_cpu | $(ratio "$etl_cpu" "$bzcat_cpu") | $etl_rss |
| \`zsl --version\` (.NET start-up, included in the rows above) | $startup_wall | | | $startup_cpu | | $startup_rss |

MD
}

cat >"$tmp/section.md" <<MD
Command: \`make bench\` (\`tools/bench/wikipedia.sh\`); every number of a table comes from the same run.
Machine: $(machine_line). The machine is shared with other jobs, so wall times are noisy; CPU times (user +
system) are the steadier comparison. Goal of issue 5: ingestion at most 1.5 × plain decompression.

MD
bench_dump "The real sample dump" "$dump" "$runs"
# The sample is small enough for .NET start-up and JIT to weigh; a larger dump of the same real pages (copied
# $copies times with new page ids and titles, recompressed with bzip2 -9) shows the steady state.
copies=${COPIES:-8}
if [ "$copies" -gt 1 ]; then
  python3 - "$dump" "$copies" <<'PY' | bzip2 -9 >"$tmp/big.xml.bz2"
import bz2, re, sys
xml = bz2.open(sys.argv[1], "rt", encoding="utf-8").read()
copies = int(sys.argv[2])
head, tail = xml[:xml.index("  <page>")], xml[xml.rindex("</mediawiki>"):]
pages = re.findall(r"  <page>.*?</page>\n", xml, re.S)
out = [head]
for c in range(copies):
    for p in pages:
        if c:
            p = re.sub(r"<title>(.*?)</title>", lambda m: f"<title>{m.group(1)} (copy {c})</title>", p, count=1)
            p = re.sub(r"(</ns>\s*<id>)(\d+)(</id>)", lambda m: f"{m.group(1)}{int(m.group(2)) + c * 100000000}{m.group(3)}", p, count=1)
            p = re.sub(r'<redirect title="(.*?)" />', lambda m: f'<redirect title="{m.group(1)} (copy {c})" />', p)
        out.append(p)
out.append(tail)
sys.stdout.write("".join(out))
PY
  bench_dump "The same pages × $copies" "$tmp/big.xml.bz2" "${BIG_RUNS:-3}"
fi
cat >>"$tmp/section.md" <<'MD'
Where the time goes (one instrumented run of the large dump on the same machine, 26 Nov 2026, and
`dotnet-trace` samples): .NET start-up ≈ 0.25 s before the load starts; the pipelined load (parallel bzip2
decoding, XML parsing on one reader thread, wikitext → text on the thread pool, SQLite inserts on the calling
thread) ≈ 2.1 s using about 1.5 cores; then, with one core, the FTS5 `rebuild` (≈ 0.6 s CPU) and the indexes
(≈ 0.1 s), and the commit of the ~55 MB file (≈ 0.3 s). Managed CPU in the load: wikitext conversion ≈ 1.0 s,
`XmlReader` text values ≈ 0.55 s, binding + stepping the inserts ≈ 0.45 s; libbz2 itself ≈ `bzcat`.
Filling the FTS5 index row by row during the load instead of the final `rebuild` cost ≈ 0.4 s more CPU and
did not shorten the run. So the 1.5 × goal is **not met** on 2 cores: 1.5 × `bzcat` is ≈ 2.0 s here, and start-up, index and commit
alone take ≈ 1.2 s next to a load that cannot be shorter than the ≈ 1.0 s of parallel decoding. Changes that brought the ratio
from 2.4–2.7 × (CPU 3.8 ×) to the numbers above: block magics found with a vectorised byte search instead of a
bit loop, blocks decoded into pooled buffers (no large-object-heap churn), consumers that block instead of
spinning (with 2 cores a spinning waiter takes CPU from the producer), single-pass title/text normalisation,
word counts vectorised and moved to the converter threads, and the CLI run without dynamic PGO / tier-0
loops (`TieredPGO=false`, `TieredCompilationQuickJitForLoops=false` in `cli/Zsl.Cli/Zsl.Cli.csproj`:
≈ −0.6 s CPU in an A/B run on this dump).
MD
cat "$tmp/section.md"
replace_section docs/benchmarks.md "Wikipedia ingestion" "$tmp/section.md"
