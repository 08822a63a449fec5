#!/usr/bin/env bash
# Benchmark generator: wall time and peak memory of `zsl benchmark generate` (500 classes) and
# `zsl benchmark ratio --split all` on the embedded default data. Updates docs/benchmarks.md "## Benchmark generator".
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/bench/lib.sh
db=${DB:-data/zsl.sqlite}
seed=${SEED:-20191}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export ZSL_MIRROR=${ZSL_MIRROR:-$(cd ../shared/data && pwd)}
zsl_cli_dll >/dev/null
if [ ! -f "$db" ]; then ./zsl etl wordnet --db "$db" >/dev/null; fi
./zsl etl imagenet --db "$db" >/dev/null
./zsl benchmark stats --db "$db" >/dev/null

measure gen ./zsl benchmark generate --db "$db" --size 500 --seed "$seed" --out "$out/split"
measure ratio ./zsl benchmark ratio --db "$db" --split all
metrics=$(python3 -c "import json,sys; m=json.load(open(sys.argv[1]))['metrics']; print(f\"R = {m['R']:.4f}, {m['lexnames']} lexnames, lexname entropy {m['lexname_entropy']:.3f}, {m['structural_flaws']} structural flaws\")" "$out/split/split.json")
ratio_all=$(./zsl benchmark ratio --db "$db" --split all | grep -o 'R = [0-9.]*')

report=$(mktemp)
cat >"$report" <<MD
\`zsl benchmark generate\` (a 500-class test split) and \`zsl benchmark ratio --split all\` on the embedded default
(\`../shared/data/imagenet\`, WordNet 3.0 from wordnet-base), Release build; wall time and peak RSS of the whole process
(start-up, loading the graph from SQLite, the work, writing the files).

| figure | value | anchor |
|---|---|---|
| \`zsl benchmark generate --size 500 --seed $seed\`: wall, peak RSS | $gen_wall s, $gen_rss MB | acceptance bound 60 s |
| its split | $metrics | |
| \`zsl benchmark ratio --split all\` (20,842 test classes): wall, peak RSS | $ratio_wall s, $ratio_rss MB; $ratio_all | |

Command: \`make bench\` (\`tools/bench/benchmark.sh\`).
Machine: $(machine_line).
Date: $(date -u +%Y-%m-%d).
How to reproduce: \`tools/bench/benchmark.sh\` (under a minute); it rewrites this section.
MD
cat "$report"
replace_section docs/benchmarks.md "Benchmark generator" "$report"
rm -f "$report"
