#!/usr/bin/env bash
# make bench-kge: full trainings of the semantic embeddings, results into docs/benchmarks.md
# ("## Knowledge-graph embeddings"): TransE, TransE*, DistMult, ConvE on WN18RR (filtered test MRR, Hits@k),
# Poincaré on the mammal subtree and on the full noun closure (reconstruction MAP, mean rank), each with its
# wall time. Not part of `make bench` (hours on 2 cores).
#   MAX_MINUTES   training budget per run (default 25: a timed run holds the shared lock for at most 30 minutes)
#   RUNS          which runs (default: "distmult conve transe transe-star poincare-mammal poincare-nouns")
#   ZSL, SKIP_BUILD=1 run another build of the training CLI
#   PARALLEL=1    run them side by side (shared machine: each gets less CPU); THREADS torch threads per run (2)
#   NICE          niceness of the trainings (default 0: a timed run; hold the shared lock, e.g.
#                 flock /tmp/zsl-timing.lock env RUNS=distmult tools/bench/long/kge.sh)
# The table lists every run with a manifest in $OUT, so runs measured one at a time accumulate; each run's
# command, start time, machine and load are kept beside it ($OUT/<run>.meta) and listed under the table.
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
[ -f "$DB" ] || ./zsl etl wordnet --db "$DB" --source "${WORDNET:-/usr/share/wordnet}"
[ "${SKIP_BUILD:-0}" = 1 ] || dotnet build training/Zsl.Training.Cli/Zsl.Training.Cli.csproj -c Release -nologo -v quiet
ZSL=${ZSL:-./zsl}   # e.g. ZSL="dotnet /copy/of/zsl-train.dll" to keep rebuilding while a bench runs

common="--max-minutes $MAX_MINUTES --threads $THREADS --seed 1"
args_for() {
  case $1 in
    distmult)    echo "kge --model distmult --triples $WN18RR --db $DB --loss softmax --scoring shared --negatives 4096 --embedding-dropout 0.3 --dim 200 --lr 0.003 --batch-size 512 --epochs 200 --eval-every 1 --patience 4 $common" ;;
    distmult-1n) echo "kge --model distmult --triples $WN18RR --db $DB --loss softmax --scoring 1-n --embedding-dropout ${DISTMULT_DROPOUT:-0.3} --dim 200 --lr ${DISTMULT_LR:-0.003} --batch-size 512 --epochs 200 --eval-every 1 --patience 3 $common" ;;
    conve)       echo "kge --model conve --triples $WN18RR --db $DB --loss softmax --scoring 1-n --matmul-precision bfloat16 --dropout 0.2 --dim 200 --lr ${CONVE_LR:-0.003} --batch-size 512 --epochs 200 --eval-every 1 --patience 4 $common" ;;
    transe)      echo "kge --model transe --triples $WN18RR --db $DB --loss self-adversarial --scoring shared --negatives 1024 --adversarial-temperature 0.5 --norm 1 --margin 6 --dim 200 --lr 0.0005 --batch-size 512 --epochs 200 --eval-every 2 --valid-sample 1000 --patience 3 $common" ;;
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
python3 - "$OUT" "$ALL_RUNS" "$RUNS" >"$table" <<'PY'
import json, os, sys
out, every, asked = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
# the runs asked for now, and every earlier run with results in $OUT
runs = [r for r in every if r in asked or os.path.exists(os.path.join(out, r + ".log"))]
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
if kge:
    print("WN18RR, filtered protocol, head and tail prediction together (test split, best validation checkpoint):\n")
    print("| model | loss / scoring | epochs run | stop | test MRR | Hits@1 | Hits@3 | Hits@10 | valid MRR (whole split) | target MRR | met | wall time |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in kge:
        m = load(r)
        if not m: print(f"| {r} | - | - | not finished (see below) | - | - | - | - | - | {targets[r] or '-'} | not measured | {wall(r)} |"); unfinished.append(r); continue
        t = m["metrics"]["test"]["both"]; h = m["hyperParameters"]; v = (m["metrics"].get("valid") or {}).get("both")
        vm = f"{v['mrr']:.4f}" if v else "-"
        print(f"| {r} | {h['loss']} / {h['scoring']} | {m['metrics']['epochsRun']} | {m['metrics']['stopReason']} | {t['mrr']:.4f} | {t['hits@1']:.4f} | {t['hits@3']:.4f} | {t['hits@10']:.4f} | {vm} | {targets[r] or '-'} | {ok(t['mrr'], targets[r])} | {wall(r)} |")
    print()
if poi:
    print("Poincaré embeddings, reconstruction of the transitive closure (dimension 10):\n")
    print("| run | nodes | pairs | epochs run | stop | MAP | mean rank | evaluated nodes | target MAP | met | wall time |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in poi:
        m = load(r)
        if not m: print(f"| {r} | - | - | - | not finished (see below) | - | - | - | {targets[r]} | not measured | {wall(r)} |"); unfinished.append(r); continue
        x = m["metrics"]
        print(f"| {r} | {x['nodes']} | {x['pairs']} | {x['epochsRun']} | {x['stopReason']} | {x['map']:.4f} | {x['meanRank']:.2f} | {x['evaluatedNodes']} | {targets[r]} | {ok(x['map'], targets[r])} | {wall(r)} |")
    print()
for r in unfinished:
    print(f"- {r}: {last(r)}")
if unfinished: print()
print("Each run (exact command, when, machine, load):\n")
for r in runs:
    p = os.path.join(out, r + ".meta")
    if os.path.exists(p): print(f"- {r}: " + open(p).read().strip())
print()
print("The best validation checkpoint is evaluated on test (and on the whole validation split) when a run stops.")
PY
{
  echo "Command: \`make bench-kge\` (tools/bench/long/kge.sh; one run at a time, e.g. \`flock /tmp/zsl-timing.lock env RUNS=distmult tools/bench/long/kge.sh\`;"
  echo "defaults MAX_MINUTES=25, THREADS=2, nice 0). Hyper-parameters of each run: \`$OUT/<run>/manifest.json\`, its log \`$OUT/<run>.log\`."
  echo
  cat "$table"
  # NOTES: an optional markdown file appended to the section (observations on the run)
  if [ -n "${NOTES:-}" ] && [ -f "$NOTES" ]; then echo; cat "$NOTES"; fi
} >"$table.md"
replace_section docs/benchmarks.md "Knowledge-graph embeddings" "$table.md"
rm -f "$table" "$table.md"
cat docs/benchmarks.md
