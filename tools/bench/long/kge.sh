#!/usr/bin/env bash
# make bench-kge: full trainings of the semantic embeddings, results into docs/benchmarks.md
# ("## Knowledge-graph embeddings"): TransE, TransE*, DistMult, ConvE on WN18RR (filtered test MRR, Hits@k),
# Poincaré on the mammal subtree and on the full noun closure (reconstruction MAP, mean rank), each with its
# wall time. Not part of `make bench` (hours on 2 cores).
#   MAX_MINUTES   training budget per run (default 25: a timed run holds the shared lock for at most 30 minutes)
#   RUNS          which runs (default: "distmult conve transe transe-star poincare-mammal poincare-nouns")
#   ZSL, SKIP_BUILD=1 run another build of the training CLI
#   SEED          the random seed of every run (default 1)
#   PARALLEL=1    run them side by side (shared machine: each gets less CPU); THREADS torch threads per run (2)
#   NICE          niceness of the trainings (default 0: a timed run; hold the shared lock, e.g.
#                 flock /tmp/zsl-timing.lock env RUNS=distmult tools/bench/long/kge.sh)
# The table gets a new row for every run with results in $OUT and keeps the rows (and notes) of the others from
# docs/benchmarks.md, so runs measured one at a time, in any tree, accumulate; each run's command, start time,
# machine and load are kept beside it ($OUT/<run>.meta) and listed under the table.
#   NOTES         a markdown file that replaces the notes under the table (default: keep them)
#   CONVE_LR, CONVE_BATCH, CONVE_EPOCHS, CONVE_PATIENCE   ConvE's rate (0.003), batch (320 queries, ~540 facts),
#                 epochs (200: the budget or the patience of 10 validations stops it)
#   CONVE_EXTRA   how ConvE's 1-N rows are formed and which weights are kept (default "--distinct-queries
#                 --distinct-weight fact --weight-average 0.999": one row per distinct (h, r) query, every fact weighing
#                 1, and a moving average of the weights validated and tested; CONVE_EXTRA= for one row per fact and the
#                 live weights, the fourth and fifth sessions' runs, with CONVE_BATCH=512)
#   CONVE_DROPOUT ConvE's dropout rate (0.2: input and feature maps; the hidden layer 1.5x)
#   CONVE_SCHEDULE  e.g. --lr-cosine (then CONVE_EPOCHS = what the budget allows, 46 per fact); default a constant rate
set -euo pipefail
cd "$(dirname "$0")/../../.."
source tools/bench/lib.sh
MAX_MINUTES=${MAX_MINUTES:-25}
RUNS=${RUNS:-"distmult conve transe transe-star poincare-mammal poincare-nouns"}
THREADS=${THREADS:-2}
NICE=${NICE:-0}
OUT=${OUT:-artifacts/bench-kge}
DB=${DB:-data/zsl.sqlite}
WN18RR=${WN18RR:-../shared/data/kg/WN18RR}
mkdir -p "$OUT"
if [ "${REPORT_ONLY:-0}" != 1 ]; then   # a report needs neither the database nor a build
  [ -f "$DB" ] || ./zsl etl wordnet --db "$DB" --source "${WORDNET:-/usr/share/wordnet}"
  [ "${SKIP_BUILD:-0}" = 1 ] || dotnet build training/Zsl.Training.Cli/Zsl.Training.Cli.csproj -c Release -nologo -v quiet
fi
ZSL=${ZSL:-./zsl}   # e.g. ZSL="dotnet /copy/of/zsl-train.dll" to keep rebuilding while a bench runs

common="--max-minutes $MAX_MINUTES --threads $THREADS --seed ${SEED:-1}"
args_for() {
  case $1 in
    distmult)    echo "kge --model distmult --triples $WN18RR --db $DB --loss softmax --scoring shared --negatives 4096 --embedding-dropout 0.3 --dim 200 --lr 0.003 --batch-size 512 --epochs 200 --eval-every 1 --patience 4 $common" ;;
    distmult-1n) echo "kge --model distmult --triples $WN18RR --db $DB --loss softmax --scoring 1-n --embedding-dropout ${DISTMULT_DROPOUT:-0.3} --dim 200 --lr ${DISTMULT_LR:-0.01} --batch-size 512 --epochs 200 --eval-every 1 --patience 3 $common" ;;
    conve)       echo "kge --model conve --triples $WN18RR --db $DB --loss softmax --scoring 1-n --matmul-precision bfloat16 --dropout ${CONVE_DROPOUT:-0.2} --dim 200 --lr ${CONVE_LR:-0.003} --batch-size ${CONVE_BATCH:-320} ${CONVE_EXTRA---distinct-queries --distinct-weight fact --weight-average 0.999}${CONVE_SCHEDULE:+ $CONVE_SCHEDULE} --epochs ${CONVE_EPOCHS:-200} --eval-every 1 --patience ${CONVE_PATIENCE:-10} $common" ;;
    transe)      echo "kge --model transe --triples $WN18RR --db $DB --loss self-adversarial --scoring shared --negatives 1024 --adversarial-temperature 0.5 --norm 1 --margin 6 --subsampling --init-range 0.04 --no-unit-ball --dim 200 --lr 0.0005 --lr-decay 0.5 --lr-patience 2 --batch-size 512 --epochs 200 --eval-every 2 --patience 6 $common" ;;
    transe-star) echo "kge --model transe-star --triples $WN18RR --db $DB --margin 0.5 --negatives 64 --dim 200 --lr 0.003 --batch-size 512 --epochs 200 --eval-every 2 --patience 3 $common" ;;
    poincare-mammal) echo "poincare --db $DB --root mammal.n.01 --no-instances --dim 10 --epochs 300 --eval-every 10 $common" ;;
    poincare-nouns)  echo "poincare --db $DB --dim 10 --epochs ${POINCARE_EPOCHS:-300} --batch-size ${POINCARE_BATCH:-64} --lr ${POINCARE_LR:-0.2} --burn-in 5 --final-lr-factor 0 --eval-every 20 --eval-nodes 2000 --final-eval-nodes 0 $common" ;;
    *) echo "unknown run $1" >&2; exit 2 ;;
  esac
}

run_one() {
  local name=$1 args; args=$(args_for "$name")
  local start; start=$(date +%s)
  echo "== $name: ./zsl train $args --out $OUT/$name"
  rm -rf "${OUT:?}/$name"
  # shellcheck disable=SC2086
  nice -n "$NICE" $ZSL train $args --out "$OUT/$name" >"$OUT/$name.log" 2>&1 || echo "FAILED (see $OUT/$name.log)" >>"$OUT/$name.log"
  echo $(( $(date +%s) - start )) >"$OUT/$name.wall"
  printf '`./zsl train %s --out %s` (started %s, nice %s; %s; load average at the end %s)\n' "$args" "$OUT/$name" \
    "$(date -u -d "@$start" '+%Y-%m-%d %H:%M UTC')" "$NICE" "$(machine_line)" "$(cut -d' ' -f1-3 /proc/loadavg)" >"$OUT/$name.meta"
  tail -4 "$OUT/$name.log"
}

if [ "${REPORT_ONLY:-0}" != 1 ]; then   # REPORT_ONLY=1: only rebuild the table from $OUT (e.g. after stopping runs)
  for name in $RUNS; do
    if [ "${PARALLEL:-0}" = 1 ]; then run_one "$name" & else run_one "$name"; fi
  done
  wait
fi

table=$(mktemp)
ALL_RUNS="distmult distmult-1n conve transe transe-star poincare-mammal poincare-nouns"
# The section is merged, not rewritten: rows, command lines and notes of runs without results in $OUT (measured
# earlier, in another tree or another $OUT) are kept from the current docs/benchmarks.md; only runs with a log or
# manifest in $OUT get new rows. NOTES (a markdown file) replaces the notes under the table; without it they are kept.
python3 - "$OUT" "$ALL_RUNS" docs/benchmarks.md "${NOTES:-}" >"$table" <<'PY'
import json, os, re, sys
out, every, doc, notes_file = sys.argv[1], sys.argv[2].split(), sys.argv[3], sys.argv[4]
# runs with results in $OUT (a run started now always leaves its log there)
fresh = [r for r in every if os.path.exists(os.path.join(out, r + ".log")) or os.path.exists(os.path.join(out, r, "manifest.json"))]
# what the current section holds: table rows, "did not finish" lines and command lines per run, and the notes
old_rows, old_unfinished, old_meta, old_notes = {}, {}, {}, ""
text = open(doc).read() if os.path.exists(doc) else ""
section = re.search(r"^## Knowledge-graph embeddings\n(.*?)(?=^## |\Z)", text, re.S | re.M)
marker = "The best validation checkpoint is evaluated on test"
if section:
    body, found, rest = section.group(1).partition(marker)
    if found: old_notes = rest.partition("\n")[2].strip()
    in_meta = False
    for line in body.splitlines():
        if line.startswith("Each run (exact command"): in_meta = True
        row = re.match(r"^\| ([\w-]+) \|", line)
        if row and row.group(1) in every: old_rows[row.group(1)] = line
        item = re.match(r"^- ([\w-]+): ", line)
        if item and item.group(1) in every: (old_meta if in_meta else old_unfinished)[item.group(1)] = line
runs = [r for r in every if r in fresh or r in old_rows or r in old_meta]
targets = {"distmult": 0.43, "distmult-1n": 0.43, "conve": 0.43, "transe": 0.22, "transe-star": None, "poincare-mammal": 0.90, "poincare-nouns": 0.80}
kge = [r for r in runs if not r.startswith("poincare")]
poi = [r for r in runs if r.startswith("poincare")]
def load(r):
    p = os.path.join(out, r, "manifest.json")
    return json.load(open(p)) if os.path.exists(p) else None
def wall(r):
    p = os.path.join(out, r + ".wall")
    return f"{int(open(p).read()) / 60:.1f} min" if os.path.exists(p) else "-"
def ok(v, t): return "-" if t is None else ("yes" if v >= t else "no")
def last(r):
    p = os.path.join(out, r + ".log")
    lines = [l.strip() for l in open(p)] if os.path.exists(p) else []
    progress = [l for l in lines if " epoch " in l]
    return ("did not finish; last progress: " + progress[-1]) if progress else "did not finish a single epoch"
unfinished = []
def kge_row(r):
    m = load(r)
    if not m:
        unfinished.append(f"- {r}: {last(r)}")
        return f"| {r} | - | - | not finished (see below) | - | - | - | - | - | {targets[r] or '-'} | not measured | {wall(r)} |"
    t = m["metrics"]["test"]["both"]; h = m["hyperParameters"]; v = (m["metrics"].get("valid") or {}).get("both")
    vm = f"{v['mrr']:.4f}" if v else "-"
    return f"| {r} | {h['loss']} / {h['scoring']} | {m['metrics']['epochsRun']} | {m['metrics']['stopReason']} | {t['mrr']:.4f} | {t['hits@1']:.4f} | {t['hits@3']:.4f} | {t['hits@10']:.4f} | {vm} | {targets[r] or '-'} | {ok(t['mrr'], targets[r])} | {wall(r)} |"
def poincare_row(r):
    m = load(r)
    if not m:
        unfinished.append(f"- {r}: {last(r)}")
        return f"| {r} | - | - | - | not finished (see below) | - | - | - | {targets[r]} | not measured | {wall(r)} |"
    x = m["metrics"]
    return f"| {r} | {x['nodes']} | {x['pairs']} | {x['epochsRun']} | {x['stopReason']} | {x['map']:.4f} | {x['meanRank']:.2f} | {x['evaluatedNodes']} | {targets[r]} | {ok(x['map'], targets[r])} | {wall(r)} |"
def row(r, make):
    if r in fresh: return make(r)
    if r in old_unfinished: unfinished.append(old_unfinished[r])
    return old_rows.get(r)
if kge:
    print("WN18RR, filtered protocol, head and tail prediction together (test split, best validation checkpoint):\n")
    print("| model | loss / scoring | epochs run | stop | test MRR | Hits@1 | Hits@3 | Hits@10 | valid MRR (whole split) | target MRR | met | wall time |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in kge:
        line = row(r, kge_row)
        if line: print(line)
    print()
if poi:
    print("Poincaré embeddings, reconstruction of the transitive closure (dimension 10):\n")
    print("| run | nodes | pairs | epochs run | stop | MAP | mean rank | evaluated nodes | target MAP | met | wall time |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in poi:
        line = row(r, poincare_row)
        if line: print(line)
    print()
for line in unfinished: print(line)
if unfinished: print()
print("Each run (exact command, when, machine, load):\n")
for r in runs:
    p = os.path.join(out, r + ".meta")
    if r in fresh:
        if os.path.exists(p): print(f"- {r}: " + open(p).read().strip())
    elif r in old_meta: print(old_meta[r])
print()
print("The best validation checkpoint is evaluated on test (and on the whole validation split) when a run stops.")
notes = open(notes_file).read().strip() if notes_file and os.path.exists(notes_file) else old_notes
if notes: print("\n" + notes)
PY
{
  echo "Command: \`make bench-kge\` (tools/bench/long/kge.sh; one run at a time, e.g. \`flock /tmp/zsl-timing.lock env RUNS=distmult tools/bench/long/kge.sh\`;"
  echo "defaults MAX_MINUTES=25, THREADS=2, nice 0). Hyper-parameters of each run: \`<out>/manifest.json\` (its \`--out\` folder, in its command below), its log \`<out>.log\`."
  echo
  cat "$table"
} >"$table.md"
replace_section docs/benchmarks.md "Knowledge-graph embeddings" "$table.md"
rm -f "$table" "$table.md"
sed -n '/^## Knowledge-graph embeddings/,/^The best validation checkpoint/p' docs/benchmarks.md
