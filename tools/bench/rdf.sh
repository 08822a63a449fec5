#!/usr/bin/env bash
# RDF reader throughput: our streaming N-Triples reader (./zsl rdf check) against Debian's serdi (the C
# reference, serd) on the same WordNet N-Triples export, in the same run. Peak RSS on the whole file and on
# its first half shows whether memory stays flat in the file size. Updates "## RDF reader" in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/bench/lib.sh

if ! command -v serdi >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq serdi >/dev/null
  else
    echo "rdf bench: serdi is missing; run: sudo apt-get install serdi" >&2; exit 1
  fi
fi
zsl_cli_dll >/dev/null

work=artifacts/bench/rdf
mkdir -p "$work"
[ -f "$work/wordnet.sqlite" ] || ./zsl etl wordnet --db "$work/wordnet.sqlite" >/dev/null
[ -f "$work/wordnet.nt.gz" ] || ./zsl export rdf --db "$work/wordnet.sqlite" --out "$work/wordnet.nt.gz" >/dev/null
[ -f "$work/wordnet.nt" ] || gzip -dc "$work/wordnet.nt.gz" >"$work/wordnet.nt"
triples=$(wc -l <"$work/wordnet.nt")
head -n $((triples / 2)) "$work/wordnet.nt" >"$work/wordnet-half.nt"
size_mb=$(( $(stat -c %s "$work/wordnet.nt") / 1048576 ))

best() { # best (lowest) wall time of 3 runs; sets ${1}_wall, ${1}_rss
  local prefix=$1; shift
  local w r bw="" br=""
  for _ in 1 2 3; do
    measure run "$@"
    if [ -z "$bw" ] || awk -v a="$run_wall" -v b="$bw" 'BEGIN{exit !(a<b)}'; then bw=$run_wall; fi
    br=$run_rss
  done
  printf -v "${prefix}_wall" '%s' "$bw"
  printf -v "${prefix}_rss" '%s' "$br"
}

: >"$work/empty.nt"
best zslempty ./zsl rdf check "$work/empty.nt"
best zsl ./zsl rdf check "$work/wordnet.nt"
best zslgz ./zsl rdf check "$work/wordnet.nt.gz"
best zslhalf ./zsl rdf check "$work/wordnet-half.nt"
best serdi serdi -b -i ntriples -o ntriples "$work/wordnet.nt"
best serdihalf serdi -b -i ntriples -o ntriples "$work/wordnet-half.nt"

# The reader's own rate, timed inside the process (no runtime start-up): best of 3.
inproc() { for _ in 1 2 3; do ./zsl rdf check "$1" | sed -n 's/.* s, \([0-9,]*\) statements\/s$/\1/p' | tr -d ,; done | sort -n | tail -1 | awk '{ printf "%.2f", $1 / 1e6 }'; }
zsl_inproc=$(inproc "$work/wordnet.nt")
zslgz_inproc=$(inproc "$work/wordnet.nt.gz")

rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.2f", n / t / 1e6 }'; }
ratio=$(awk -v a="$serdi_wall" -v b="$zsl_wall" 'BEGIN { printf "%.2f", a / b }')
out=$(mktemp)
cat >"$out" <<MD
Our streaming N-Triples reader (\`./zsl rdf check\`) against Debian's \`serdi\` (serd, the C reference) on the WordNet 3.0
export (\`./zsl export rdf\`): ${triples} triples, ${size_mb} MiB. Best of 3 runs, wall time of the whole process (ours includes
.NET start-up: ${zslempty_wall} s on an empty file). \`serdi\` has no parse-only mode: it also re-serialises every triple to
/dev/null.

| figure | value | anchor |
|---|---|---|
| \`./zsl rdf check wordnet.nt\`, wall | ${zsl_wall} s ($(rate "$triples" "$zsl_wall") M triples/s; in process ${zsl_inproc} M/s): **${ratio} × serdi's speed** | \`serdi -b -i ntriples -o ntriples\` ${serdi_wall} s ($(rate "$triples" "$serdi_wall") M triples/s) |
| \`./zsl rdf check wordnet-half.nt\`, wall | ${zslhalf_wall} s | \`serdi\` ${serdihalf_wall} s |
| \`./zsl rdf check wordnet.nt.gz\`, wall | ${zslgz_wall} s ($(rate "$triples" "$zslgz_wall") M triples/s; in process ${zslgz_inproc} M/s) | |
| peak RSS, whole / half file | ${zsl_rss} / ${zslhalf_rss} MiB (flat: one 1 MiB block, grown only to the longest line) | \`serdi\` ${serdi_rss} MiB |

Command: \`make bench\` (\`tools/bench/rdf.sh\`).
Machine: $(machine_line).
Date: $(date -u +%Y-%m-%d).
How to reproduce: \`tools/bench/rdf.sh\` (installs \`serdi\` when run as root; a minute); it rewrites this section.
MD
cat "$out"
mkdir -p docs
replace_section docs/benchmarks.md "RDF reader" "$out"
rm -f "$out" "$work/wordnet-half.nt" "$work/empty.nt"
