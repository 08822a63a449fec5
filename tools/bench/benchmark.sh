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
Machine: $(machine_line). Run: \`tools/bench/benchmark.sh\` (part of \`make bench\`), on the embedded default
(\`../shared/data/imagenet\`, WordNet 3.0 from wordnet-base), Release build, wall time and peak RSS from \`/usr/bin/time\`
(the whole process: .NET start-up, loading the graph from SQLite, the work, writing the files).

| command | wall (s) | peak RSS (MB) | result |
|---|---|---|---|
| \`zsl benchmark generate --size 500 --seed $seed\` | $gen_wall | $gen_rss | $metrics |
| \`zsl benchmark ratio --split all\` (20,842 test classes) | $ratio_wall | $ratio_rss | $ratio_all |

The machine has 2 cores shared with other jobs, so wall times vary with load; the acceptance bound for
\`generate\` is 60 s.
MD
cat "$report"
replace_section docs/benchmarks.md "Benchmark generator" "$report"
rm -f "$report"
