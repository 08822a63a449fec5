#!/usr/bin/env bash
# ZSL models benchmark: ESZSL training on synthetic ImageNet-shaped features (2048 floats per image, the 1,000
# ILSVRC-2012 classes) streamed from Parquet. Measures wall time, CPU time and peak memory (RSS) at several image
# counts, to show that memory stays flat (XXᵀ and XY are accumulated batch by batch: O(d²), not O(n·d)).
#   tools/bench/zsl.sh                                   # 131,072 and 1,281,167 images (~10.5 GB of Parquet in /tmp)
#   ZSL_BENCH_ROWS="16384 65536" tools/bench/zsl.sh      # a quick series
#   ZSL_BENCH_DIR=/tmp/x ZSL_BENCH_STEP=generate ...     # only write the feature files (kept in ZSL_BENCH_DIR)
#   ZSL_BENCH_DIR=/tmp/x ZSL_BENCH_STEP=train ...        # only train on files written before, then update the docs
# Without ZSL_BENCH_DIR everything goes to a temporary folder that is deleted at the end (the files are large).
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/bench/lib.sh
rows_list=${ZSL_BENCH_ROWS:-"131072 1281167"}
dim=${ZSL_BENCH_DIM:-2048}
step=${ZSL_BENCH_STEP:-all}
if [ -n "${ZSL_BENCH_DIR:-}" ]; then work=$ZSL_BENCH_DIR; mkdir -p "$work"; else work=$(mktemp -d /tmp/zsl-bench-XXXXXX); trap 'rm -rf "$work"' EXIT; fi
[ -n "${SKIP_BUILD:-}" ] || dotnet build training/Zsl.Training.Cli/Zsl.Training.Cli.csproj -c Release -nologo -v quiet >/dev/null
mkdir -p "$work/split"
shared=${ZSL_MIRROR:-../shared/data}
cp "$shared/imagenet/ilsvrc2012_wnids.txt" "$work/split/train_wnids.txt"
awk 'NR == FNR { train[$0]; next } !($0 in train) && n++ < 100' "$work/split/train_wnids.txt" "$shared/imagenet/imagenet21k_wnids.txt" >"$work/split/test_wnids.txt"

if [ "$step" != train ]; then
  for rows in $rows_list; do
    features="$work/features-$rows.parquet"
    [ -f "$features" ] && continue
    /usr/bin/time -f '%e %U %S %M' -o "$work/gen-$rows.time" ./zsl zsl synth-features --rows "$rows" --dim "$dim" \
      --classes "$work/split/train_wnids.txt" --extra-classes "$work/split/test_wnids.txt" --embeddings "$work/embeddings.parquet" \
      --noise 3 --out "$features" >"$work/gen-$rows.log" 2>&1
    echo "generated $features: $(cat "$work/gen-$rows.time") (wall s, user s, sys s, peak KB); load $(cut -d' ' -f1-3 /proc/loadavg)"
  done
fi
[ "$step" = generate ] && exit 0

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
table=$(mktemp)
printf '| figure | value | anchor |\n|---|---|---|\n' >"$table"
first_rss=""
for rows in $rows_list; do
  features="$work/features-$rows.parquet"
  size=$(du -m "$features" | cut -f1)
  gen_wall=$( [ -f "$work/gen-$rows.time" ] && cut -d' ' -f1 "$work/gen-$rows.time" || echo n/a)
  log="$work/train-$rows.log"
  /usr/bin/time -f '%e %U %S %M' -o "$work/train-$rows.time" ./zsl zsl train --model eszsl --features "$features" \
    --embeddings "$work/embeddings.parquet" --split "$work/split" --out "$work/model-$rows" >"$log" 2>&1
  read -r wall user sys rss <"$work/train-$rows.time"
  top1=$(awk '/validation_top1/ {print $3}' "$log")
  # The log's timestamps: first and last line of the accumulation pass (one read of the whole file).
  accumulate=$(awk '/accumulating/ { gsub(/[\[\]]/, "", $1); split($1, t, ":"); s = t[1] * 3600 + t[2] * 60 + t[3]; if (first == "") first = s; last = s } END { if (first != "") print last - first; else print "n/a" }' "$log")
  printf '| ESZSL on %s images (%s MB of Parquet): wall, throughput, CPU | %s s, %.0f images/s, %.0f s CPU (accumulation pass %s s); validation top-1 %s | writing the features: %s s |\n' \
    "$rows" "$size" "$wall" "$(echo "$rows / $wall" | bc -l)" "$(echo "$user + $sys" | bc -l)" "$accumulate" "${top1:-n/a}" "$gen_wall" | tee -a "$table"
  printf '| peak RSS at %s images | %s MB | %s |\n' "$rows" "$((rss / 1024))" "${first_rss:-}" | tee -a "$table"
  [ -n "$first_rss" ] || first_rss="$((rss / 1024)) MB at $rows images (flat: memory is O(d²), not O(n·d))"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
section=$(mktemp)
{
  echo "ESZSL training (\`./zsl zsl train --model eszsl\`) streamed from Parquet features of ImageNet's shape ($dim floats per"
  echo "image, the 1,000 ILSVRC-2012 classes; synthetic: x = A s_c + 3ε, written by \`./zsl zsl synth-features\`): one pass"
  echo "accumulating XXᵀ and the per-class sums XY, one pass over the 200 validation classes scoring the 6 × 6 γ/λ grid, the"
  echo "solve. Peak RSS is the whole process. Validation top-1 is 1 because noise 3 makes the task easy: this measures speed"
  echo "and memory, not accuracy (accuracy is tested on the synthetic benchmark of docs/zsl-models.md)."
  echo
  cat "$table"
  echo
  echo "Command: \`make bench\` (\`tools/bench/zsl.sh\`, \`ZSL_BENCH_ROWS=\"$rows_list\"\`, dimension $dim)."
  echo "Machine: $(machine_line); load average before/after the training runs: $load_before / $load_after."
  echo "Date: $(date -u +%Y-%m-%d)."
  echo "How to reproduce: \`tools/bench/zsl.sh\` (about 10 minutes and 10.5 GB of temporary Parquet; \`ZSL_BENCH_ROWS=\"16384 65536\"\`"
  echo "for a quick series); it rewrites this section."
} >"$section"
replace_section docs/benchmarks.md "ZSL models" "$section"
rm -f "$table" "$section"
