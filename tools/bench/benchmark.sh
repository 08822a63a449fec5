#!/usr/bin/env bash
# Split generator: wall time and peak memory of `zsl benchmark generate` (500 classes, default filters and
# representativeness bound) and `zsl benchmark ratio --split all`, on the embedded default data (fall11 image
# counts, Wikipedia word-count lists, GOZ v1). Checks that two runs give byte-identical files, and compares the
# split with GOZ v1. Updates docs/benchmarks.md "## Split generator: the filtered 500-class split".
# ZSL_CLI runs a copy of the built program (e.g. ZSL_CLI="dotnet /tmp/zsl-copy/zsl.dll"), as timed runs should.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/bench/lib.sh
db=${DB:-data/zsl.sqlite}
seed=${SEED:-20191}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export ZSL_MIRROR=${ZSL_MIRROR:-$(cd ../shared/data && pwd)}
if [ -z "${ZSL_CLI:-}" ]; then zsl_cli_dll >/dev/null; fi
read -r -a zsl <<<"${ZSL_CLI:-./zsl}"
if [ ! -f "$db" ]; then "${zsl[@]}" etl wordnet --db "$db" >/dev/null; fi
"${zsl[@]}" etl imagenet --db "$db" --image-counts "$ZSL_MIRROR/imagenet/fall11-image-counts.tsv" >/dev/null
"${zsl[@]}" benchmark stats --db "$db" >/dev/null

measure gen "${zsl[@]}" benchmark generate --db "$db" --size 500 --seed "$seed" --out "$out/split"
# CPU time too: on a shared machine the wall time says as much about the other jobs as about this one.
/usr/bin/time -f '%U %S' -o "$out/cpu" "${zsl[@]}" benchmark generate --db "$db" --size 500 --seed "$seed" --out "$out/split-again" >/dev/null
gen_cpu=$(awk '{printf "%.1f", $1 + $2}' "$out/cpu")
identical=$( (cd "$out/split" && sha256sum ./*) | (cd "$out/split-again" && sha256sum -c --quiet - >/dev/null 2>&1) && echo yes || echo NO)
measure ratio "${zsl[@]}" benchmark ratio --db "$db" --split all
"${zsl[@]}" benchmark compare --db "$db" "$out/split" goz-v1 --format json --out "$out/compare.json" >/dev/null
read -r r tvd goz_r goz_tvd < <(python3 -c "import json,sys; s=json.load(open(sys.argv[1]))['splits']; print(f\"{s[0]['R']:.2f} {s[0]['lexname_tvd']:.3f} {s[1]['R']:.2f} {s[1]['lexname_tvd']:.3f}\")" "$out/compare.json")
ratio_all=$("${zsl[@]}" benchmark ratio --db "$db" --split all | grep -o 'R = [0-9.]*')

report=$(mktemp)
cat >"$report" <<MD
| figure | value | anchor |
|---|---|---|
| \`benchmark generate --size 500 --seed $seed\`, wall | $gen_wall s | target ≤ 60 s on 2 cores |
| \`benchmark generate\`, CPU time (user + sys, second run) | $gen_cpu s | |
| \`benchmark generate\`, peak RSS | $gen_rss MB | |
| R of the split | $r | GOZ v1 $goz_r; target ≥ 3.3 |
| lexname TVD to the candidate pool | $tvd | GOZ v1 $goz_tvd; target ≤ 0.10 |
| two runs byte-identical | $identical | |
| \`benchmark ratio --split all\` (20,842 classes), wall | $ratio_wall s ($ratio_all) | |

Command: \`tools/bench/benchmark.sh\` (part of \`make bench\`; timed runs: \`flock /tmp/zsl-timing.lock env ZSL_CLI="dotnet COPY/zsl.dll" tools/bench/benchmark.sh\`
with COPY a \`cp -r\` of \`artifacts/publish/Zsl.Cli/release_linux-x64\`). Machine: $(machine_line), shared with other jobs
(wall times vary with load). Date: $(date -u +%Y-%m-%d). Data: the embedded default (\`../shared/data\`: fall11 image counts,
Wikipedia word-count lists, GOZ v1), WordNet 3.0 from wordnet-base; default settings (10,000,000 swap proposals). Wall time
and peak RSS from \`/usr/bin/time\`, for the whole process (start-up, graph and class_stats from SQLite, filters, search, files).
MD
cat "$report"
replace_section docs/benchmarks.md "Split generator: the filtered 500-class split" "$report"
rm -f "$report"
