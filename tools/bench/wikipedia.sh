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
bench_dump() { # label dump runs target: measures one dump and appends its rows to $tmp/rows.md
  local label=$1 dump=$2 runs=$3 target=$4
  compressed=$(stat -c %s "$dump")
  decompressed=$(bzcat "$dump" | wc -c)
  best startup dotnet $zsl_dll --version
  best bzcat bzcat "$dump"
  best ours dotnet $zsl_dll wikipedia bzcat "$dump"
  best ours1 dotnet $zsl_dll wikipedia bzcat --threads 1 "$dump"
  best etl bash -c "rm -f '$tmp/w.sqlite' && dotnet $zsl_dll etl wikipedia --db '$tmp/w.sqlite' --dump '$dump'"
  loads+="${loads:+ / }$(awk '{print $1}' /proc/loadavg)"
  local size r verdict=""
  size=$(awk -v x="$decompressed" -v b="$compressed" 'BEGIN { printf "%.2f MB of XML, %.2f MB bzip2", x / 1e6, b / 1e6 }')
  r=$(ratio "$etl_wall" "$bzcat_wall")
  if [ "$target" = 1 ]; then
    verdict="; target ≤ 1.5 ×: $(awk -v r="$r" 'BEGIN { print (r <= 1.5 ? "met" : "not met") }')"; r="**$r**"
  fi
  cat >>"$tmp/rows.md" <<MD
| ingestion, $label ($size) | $etl_wall s wall ($r ×), $etl_cpu s CPU, $etl_rss MB peak RSS | \`bzcat\` $bzcat_wall s wall, $bzcat_cpu s CPU$verdict |
| \`./zsl wikipedia bzcat\` (parallel bzip2 blocks), $label | $ours_wall s wall ($(ratio "$ours_wall" "$bzcat_wall") ×), 1 thread $ours1_wall s | \`bzcat\` $bzcat_wall s |
MD
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

loads=""
: >"$tmp/rows.md"
bench_dump "real sample dump" "$dump" "$runs" 0
# The sample is small enough for .NET start-up and JIT to weigh; larger dumps of the same real pages (copied
# N times with new page ids and titles, recompressed with bzip2 -9) show the steady state. COPIES lists the N.
for copies in ${COPIES:-8 32}; do
  [ "$copies" -gt 1 ] || continue
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
  bench_dump "sample × $copies" "$tmp/big.xml.bz2" "${BIG_RUNS:-3}" 1
done
cat >"$tmp/section.md" <<MD
The whole ingestion (\`./zsl etl wikipedia\`: articles, links, categories, redirects, FTS5 index) against plain
decompression of the same dump by \`bzcat\`. Target: at most 1.5 × \`bzcat\`'s wall time on the large dumps. Best of $runs
runs each (${BIG_RUNS:-3} on the larger dumps); CPU is user + system; the larger dumps are the real sample's pages copied N
times (new ids and titles).

| figure | value | anchor |
|---|---|---|
$(cat "$tmp/rows.md")
| .NET start-up (\`zsl --version\`, included in every row) | $startup_wall s wall, $startup_rss MB peak RSS | |

Command: \`make bench\` (\`tools/bench/wikipedia.sh\`, \`COPIES="${COPIES:-8 32}"\`).
Machine: $(machine_line); load average $loads at the dumps.
Date: $(date -u +%Y-%m-%d).
How to reproduce: \`flock /tmp/zsl-timing.lock tools/bench/wikipedia.sh\` (a few minutes; \`COPIES\`, \`RUNS\`, \`BIG_RUNS\`
choose the dumps and repetitions); it rewrites this section.
MD
cat "$tmp/section.md"
replace_section docs/benchmarks.md "Wikipedia ingestion" "$tmp/section.md"
