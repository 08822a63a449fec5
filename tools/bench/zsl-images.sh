#!/usr/bin/env bash
# Zero-shot recognition on real images (Tiny ImageNet): seen/unseen partitions of the 200 classes across the
# structural ratio R; per partition a CNN trained on the seen classes' training images only, its features for every
# image, then ESZSL, ConSE, DeViSE, GCN and the trivial solution trained on the seen classes and evaluated (ZSL top-k on
# the unseen classes, GZSL, error breakdown); a table and the plot of ZSL top-1 against R (thesis figure 2.4).
# Every long step is skipped when its output exists (rerun to resume); ZI_OUT names the run folder.
# Small end-to-end run: ZI_PER_CLASS=20 ZI_PARTITIONS=2 ZI_CNN_MINUTES=2 ZI_EMB_MINUTES=1 ZI_OUT=data/zsl-images-small.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/bench/lib.sh
DB=${ZI_DB:-data/zsl.sqlite}
OUT=${ZI_OUT:-data/zsl-images}
SEED=${ZI_SEED:-1}
PARTITIONS=${ZI_PARTITIONS:-5}
UNSEEN=${ZI_UNSEEN:-50}
PER_CLASS=${ZI_PER_CLASS:-}
CNN_ARCH=${ZI_CNN_ARCH:-hybrid}
CNN_WIDTH=${ZI_CNN_WIDTH:-4}
CNN_MINUTES=${ZI_CNN_MINUTES:-15}
CNN_LR=${ZI_CNN_LR:-0.15}
# 64×64 images shrunk to 32×32: four times the images per second, so the CNN's budget buys epochs instead of resolution.
CNN_DOWNSCALE=${ZI_CNN_DOWNSCALE:-2}
EMB_MINUTES=${ZI_EMB_MINUTES:-6}
MODELS=${ZI_MODELS:-trivial eszsl conse devise gcn}
EMBEDDINGS=${ZI_EMBEDDINGS:-poincare kge gloss gloss-sgns tfidf}
THREADS=${ZI_THREADS:-1}   # as bench-cifar: on the shared 2-core machine a second torch thread mostly waits
GCN_ARGS=${ZI_GCN_ARGS:---gcn gcn2 --hidden 256 --gcn-epochs 300}
SHARED=${ZSL_MIRROR:-../shared/data}
ARCHIVE=$SHARED/images/tiny-imagenet-200/tiny-imagenet-200-300.tar.gz
per_class=(); [ -n "$PER_CLASS" ] && per_class=(--per-class "$PER_CLASS")
mkdir -p "$OUT"
# The wall time of a run folder: from its first start to its first complete table (a resumed run counts its pauses).
[ -f "$OUT/timing" ] || echo "start $(date -u +%s)" >"$OUT/timing"

if ! dotnet build training/Zsl.Training.Cli/Zsl.Training.Cli.csproj -c Release -nologo -v quiet >"$OUT/build.log" 2>&1; then
  grep -E ' error ' "$OUT/build.log" | sort -u >&2; echo "bench-zsl-images: the training CLI does not build" >&2; exit 1
fi
# Every step runs from a private copy of both programs: a rebuild of the checkout during this long run cannot change the
# files a running step has mapped (overwriting them can kill it with SIGBUS).
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
cp -r artifacts/bin/Zsl.Training.Cli/release "$bin/train"
cli_dll=$(zsl_cli_dll)
cp -r "$(dirname "$cli_dll")" "$bin/cli"
# A background job sets `lower` to run its steps that much nicer than the CNNs.
lower=0
zsl() {
  case $1 in
    train|zsl|revnet) nice -n "$lower" dotnet "$bin/train/zsl-train.dll" "$@" ;;
    *) nice -n "$lower" dotnet "$bin/cli/zsl.dll" "$@" ;;
  esac
}
[ -f "$DB" ] || zsl etl wordnet --db "$DB" --source "${WORDNET:-/usr/share/wordnet}"

# 1. The class universe: the archive's wnids.txt (read from the stream, nothing else extracted).
if [ ! -f "$OUT/wnids.txt" ]; then
  tar -xzOf "$ARCHIVE" tiny-imagenet-200/wnids.txt >"$OUT/wnids.txt.tmp" && mv "$OUT/wnids.txt.tmp" "$OUT/wnids.txt"
fi
# 2. Partitions from the lowest to the highest R.
[ -f "$OUT/partitions/partitions.json" ] ||
  zsl benchmark partition --db "$DB" --universe "$OUT/wnids.txt" --unseen "$UNSEEN" --partitions "$PARTITIONS" --seed "$SEED" --out "$OUT/partitions"
# 4. Class embeddings of the 200 classes (run in the background by step 3).
declare -A EMB
for name in $EMBEDDINGS; do EMB[$name]=$OUT/embeddings/$name/embeddings.parquet; done
embeddings() {
  for name in $EMBEDDINGS; do
    dir=$OUT/embeddings/$name
    [ -f "${EMB[$name]}" ] && continue
    case $name in
      # Poincaré embeddings of the WordNet noun hierarchy (hypernyms), under a time budget.
      poincare) zsl train poincare --db "$DB" --no-instances --dim 10 --max-minutes "$EMB_MINUTES" --seed "$SEED" --threads "$THREADS" --out "$dir" ;;
      # TransE on every WordNet pointer of the database (117k synsets: WN18RR holds only 92 of the 200 classes), under the
      # same budget; 32 dimensions and 128 shared negatives, as the recorded 200-dimension recipe needs 15 min per epoch here.
      kge) zsl train kge --preset transe --source wordnet --db "$DB" --dim 32 --negatives 128 --batch-size 1024 --lr 0.005 --valid-sample 500 \
             --eval-every 2 --max-minutes "$EMB_MINUTES" --seed "$SEED" --threads "$THREADS" --out "$dir" ;;
      # Mean word vector of each WordNet definition (the fastText vectors of the reference data).
      gloss) zsl train gloss-vectors --vectors "$SHARED/vectors/lee_fasttext.vec" --db "$DB" --out "$dir" ;;
      # The same, with skip-gram vectors trained here on every WordNet definition and the Brown corpus (31,772 words of
      # dimension 100, against the 1,762 words of dimension 10 of the reference fastText file).
      gloss-sgns) [ -f "$OUT/embeddings/skipgram.vec" ] ||
                    zsl text word-vectors --db "$DB" --corpus glosses --corpus "brown:$SHARED/corpora/brown" --seed "$SEED" --out "$OUT/embeddings/skipgram.vec"
                  zsl train gloss-vectors --vectors "$OUT/embeddings/skipgram.vec" --db "$DB" --out "$dir" ;;
      # TF-IDF of the 200 classes' WordNet definitions, terms found in at least two of them.
      tfidf) zsl text tfidf --db "$DB" --documents glosses --wnids "$OUT/wnids.txt" --min-df 2 --out "$dir/tfidf.parquet" --embeddings "$dir" ;;
      *) echo "bench-zsl-images: unknown embedding '$name'" >&2; exit 2 ;;
    esac
  done
}

# 5. The ZSL models of one partition (run in the background by step 3), per embedding: trained on the seen classes, evaluated on the validation images.
models() {
  local k=$1
  local p=$OUT/partition-$k split=$OUT/partitions/partition-$k
  for model in $MODELS; do
    names=$EMBEDDINGS; [ "$model" = trivial ] && names=hierarchy
    for name in $names; do
      run=$model; [ "$model" = trivial ] || run=$model-$name
      emb=(); [ "$model" = trivial ] || emb=(--embeddings "${EMB[$name]}")
      extra=(); [ "$model" = gcn ] && read -r -a extra <<<"$GCN_ARGS"
      [ -f "$p/models/$run/model.json" ] ||
        zsl zsl train --model "$model" --features "$p/features-train.parquet" "${emb[@]}" --split "$split" --db "$DB" --seed "$SEED" "${extra[@]}" --out "$p/models/$run"
      [ -f "$p/reports/$run/report.json" ] ||
        zsl zsl eval --model "$p/models/$run" --features "$p/features-test.parquet" --db "$DB" --out "$p/reports/$run"
    done
  done
}

# 3. Per partition: the CNN on seen classes only, then features of every image (the long, resumable part). The CNN
# uses one core; the other builds the embeddings, then runs each partition's models while the next CNN trains. The
# background jobs run at a lower priority, so that they take nothing from the CNNs' wall-clock budgets.
( lower=10; embeddings ) &
background=$!
for k in $(seq 0 $((PARTITIONS - 1))); do
  p=$OUT/partition-$k
  split=$OUT/partitions/partition-$k
  mkdir -p "$p"
  if [ ! -f "$p/cnn.done" ]; then
    zsl revnet train --data tiny-imagenet "${per_class[@]}" --classes "$split/train_wnids.txt" --arch "$CNN_ARCH" --width-divisor "$CNN_WIDTH" --blocks 1 --downscale "$CNN_DOWNSCALE" \
      --epochs 100 --budget-minutes "$CNN_MINUTES" --lr "$CNN_LR" --batch-size 64 --label-smoothing 0.1 --seed "$SEED" --threads "$THREADS" \
      --checkpoint "$p/cnn.pt" --curve "$p/cnn-curve.png"
    touch "$p/cnn.done"
  fi
  # The floor the CNN's seen-class accuracy is read against: nearest class mean on the same pixels.
  [ -f "$p/baseline.json" ] ||
    zsl revnet baseline --data tiny-imagenet "${per_class[@]}" --classes "$split/train_wnids.txt" --downscale "$CNN_DOWNSCALE" --out "$p/baseline.json"
  for part in train test; do
    [ -f "$p/features-$part.parquet" ] ||
      zsl revnet features --checkpoint "$p/cnn.pt" --data tiny-imagenet "${per_class[@]}" --split "$part" --out "$p/features-$part.parquet"
  done
  # The embeddings, then the previous partition's models; with the default budgets they have long finished by now. A
  # failure there stops the run here.
  wait "$background"
  ( lower=10; models "$k" ) &
  background=$!
done
wait "$background"

zsl zsl ratio-table --runs "$OUT" --markdown "$OUT/table.md" --plot "$OUT/accuracy-vs-r.png" --summary "$OUT/summary.md"
grep -q '^end ' "$OUT/timing" || echo "end $(date -u +%s)" >>"$OUT/timing"
wall_minutes=$(awk '/^start / { s = $2 } /^end / { e = $2 } END { printf "%.0f", (e - s) / 60 }' "$OUT/timing")
echo "wall time of $OUT: $wall_minutes min from its first start to its first complete table"

# A full run (every image, default folder) rewrites its section of docs/benchmarks.md and the plots in docs/img/zsl-images.
if [ -z "$PER_CLASS" ] && [ "$OUT" = data/zsl-images ]; then
  mkdir -p docs/img/zsl-images
  cp "$OUT"/accuracy-vs-r*.png docs/img/zsl-images/
  section=$(mktemp)
  {
    echo "ZSL top-1 over the 50 unseen classes of each partition (in brackets: GZSL harmonic mean H of unseen and seen top-1"
    echo "over the validation images of all 200 classes); columns are the partitions from the lowest to the highest R."
    echo
    cat "$OUT/summary.md"
    echo
    echo "Command: \`make bench-zsl-images\` (tools/bench/zsl-images.sh; seed $SEED, $PARTITIONS partitions of $((200 - UNSEEN)) seen / $UNSEEN unseen classes,"
    echo "a $CNN_ARCH CNN of width ÷$CNN_WIDTH per partition trained for $CNN_MINUTES min on the seen classes' 300 training images each at"
    echo "$((64 / CNN_DOWNSCALE))×$((64 / CNN_DOWNSCALE)) pixels, $THREADS torch thread(s); embeddings $EMBEDDINGS, the trained ones under a"
    echo "$EMB_MINUTES-minute budget; GCN \`$GCN_ARGS\`). Machine: $(machine_line), shared with other jobs. Date: $(date -u +%Y-%m-%d)."
    echo "Wall time: $wall_minutes min from the first start of \`$OUT\` to its first complete table, the one-time decoding of the archive"
    echo "included (\`$OUT/timing\`; a resumed run counts its pauses); target ≤ 2 hours on 2 cores."
    echo "Per-partition rows (flaws, top-5, GZSL u/s/H, error breakdown): \`$OUT/table.md\`. How to reproduce: \`make bench-zsl-images\`"
    echo "(resumable; remove \`$OUT\` to start again). What the numbers show: [images.md](images.md#zero-shot-on-real-features-make-bench-zsl-images)."
    echo
    echo "![ZSL top-1 against R, mean over the embeddings](img/zsl-images/accuracy-vs-r.png)"
    for name in $EMBEDDINGS; do
      [ -f "docs/img/zsl-images/accuracy-vs-r-$name.png" ] && echo "![ZSL top-1 against R with $name embeddings](img/zsl-images/accuracy-vs-r-$name.png)"
    done
  } >"$section"
  replace_section docs/benchmarks.md "Zero-shot on Tiny ImageNet across the structural ratio" "$section"
  rm -f "$section"
  echo "updated docs/benchmarks.md (Zero-shot on Tiny ImageNet across the structural ratio)"
fi
