#!/usr/bin/env bash
# make bench-kge: full trainings of the semantic embeddings, results into docs/benchmarks.md
# ("## Knowledge-graph embeddings"): DistMult, ConvE, TransE, TransE* on WN18RR (filtered test MRR, Hits@k),
# Poincaré on the mammal subtree and on the full noun closure (reconstruction MAP, mean rank), each with its
# wall time. Every run is a preset of the training CLI (`./zsl train kge --preset NAME`, `./zsl train poincare
# --preset NAME`: the recorded recipe, its time budget included), so the script repeats no hyper-parameter.
# Not part of `make bench` (hours on 2 cores).
#   RUNS          which runs (default: "distmult-1n conve transe transe-star poincare-mammal poincare-nouns";
#                 also distmult, the fast recipe with shared negatives)
#   MAX_MINUTES   override the preset's training budget; SEED the seed (default: the preset's, 1)
#   EXTRA         more options for every run, overriding the preset (e.g. EXTRA="--dropout 0.3" with RUNS=conve)
#   ZSL, SKIP_BUILD=1 run another build of the training CLI
#   PARALLEL=1    run them side by side (shared machine: each gets less CPU); THREADS torch threads per run (2)
#   NICE          niceness of the trainings (default 0: a timed run; hold the shared lock, e.g.
#                 flock /tmp/zsl-timing.lock env RUNS=conve tools/bench/long/kge.sh)
#   REPORT_ONLY=1 only rebuild the section from $OUT (e.g. after stopping runs)
# The table gets a new row for every run with results in $OUT and keeps the rows of the others from
# docs/benchmarks.md, so runs measured one at a time, in any tree, accumulate; each run's command, start time,
# machine and load are kept beside it ($OUT/<run>.meta) and listed under the table.
set -euo pipefail
cd "$(dirname "$0")/../../.."
source tools/bench/lib.sh
RUNS=${RUNS:-"distmult-1n conve transe transe-star poincare-mammal poincare-nouns"}
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

common="--threads $THREADS${MAX_MINUTES:+ --max-minutes $MAX_MINUTES}${SEED:+ --seed $SEED}${EXTRA:+ $EXTRA}"
args_for() {
  case $1 in
    distmult|distmult-1n|conve|transe|transe-star) echo "kge --preset $1 --triples $WN18RR --db $DB $common" ;;
    poincare-mammal|poincare-nouns) echo "poincare --preset ${1#poincare-} --db $DB $common" ;;
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
# The section is merged, not rewritten: rows and command lines of runs without results in $OUT (measured earlier,
# in another tree or another $OUT) are kept from the current docs/benchmarks.md; only runs with a log or manifest
# in $OUT get new rows.
python3 - "$OUT" "$ALL_RUNS" docs/benchmarks.md >"$table" <<'PY'
import json, os, re, sys
out, every, doc = sys.argv[1], sys.argv[2].split(), sys.argv[3]
# runs with results in $OUT (a run started now always leaves its log there)
fresh = [r for r in every if os.path.exists(os.path.join(out, r + ".log")) or os.path.exists(os.path.join(out, r, "manifest.json"))]
# what the current section holds: table rows, "did not finish" lines and command lines per run
old_rows, old_unfinished, old_meta = {}, {}, {}
text = open(doc).read() if os.path.exists(doc) else ""
section = re.search(r"^## Knowledge-graph embeddings\n(.*?)(?=^## |\Z)", text, re.S | re.M)
if section:
    in_meta = False
    for line in section.group(1).splitlines():
        if line.startswith("Each run ("): in_meta = True
        if line.startswith("How to reproduce"): in_meta = False
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
print("""Link prediction on WN18RR (filtered, head and tail prediction together, test split, the checkpoint of the best
validation MRR, which is also evaluated on the whole validation split), and reconstruction of WordNet's noun closure
by Poincaré embeddings (MAP and mean rank of every node's ancestors among all other nodes). Anchors: the published
figures the targets come from, DistMult and ConvE MRR 0.43 (Dettmers et al. 2018), TransE 0.226 (Sun et al. 2019,
target 0.22), Poincaré dimension 10 MAP 0.851 (Nickel & Kiela 2017, target 0.80). Each run is a preset of
`./zsl train kge` / `./zsl train poincare` (`--preset NAME`, listed by `--help`), the recorded recipe with its
time budget.
""")
if kge:
    print("| run (preset) | loss / scoring | epochs run | stop | test MRR | Hits@1 | Hits@3 | Hits@10 | valid MRR (whole split) | target MRR | met | wall time |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in kge:
        line = row(r, kge_row)
        if line: print(line)
    print()
if poi:
    print("| run (preset) | nodes | pairs | epochs run | stop | MAP | mean rank | evaluated nodes | target MAP | met | wall time |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in poi:
        line = row(r, poincare_row)
        if line: print(line)
    print()
for line in unfinished: print(line)
if unfinished: print()
print("Each run (command, date, machine, load):\n")
listed = []
for r in runs:
    p = os.path.join(out, r + ".meta")
    if r in fresh:
        if os.path.exists(p): listed.append(f"- {r}: " + open(p).read().strip())
    elif r in old_meta: listed.append(old_meta[r])
for line in listed: print(line)
print()
machines = sorted({m.group(1) for l in listed for m in [re.search(r"nice -?\d+; (.*?); load average", l)] if m})
dates = sorted(m.group(1) for l in listed for m in [re.search(r"started (\d{4}-\d{2}-\d{2})", l)] if m)
if machines: print("Machine: " + " / ".join(machines) + ".")
if dates: print("Date: " + (dates[0] if dates[0] == dates[-1] else f"{dates[0]} to {dates[-1]}") + " (each run's start and load in its line).")
print()
print("""How to reproduce: one run at a time on a quiet machine, holding the timing lock, e.g.
`flock /tmp/zsl-timing.lock env RUNS=conve tools/bench/long/kge.sh` (`make bench-kge` runs them all: hours on 2 cores).
The script rewrites the rows and command lines of the runs it made and keeps the others; hyper-parameters of a run are
in `<out>/manifest.json`, its log in `<out>.log`.""")
if "distmult" in runs and "distmult" not in fresh:
    print("""The distmult figure was measured with TorchSharp's Adam step (the same
update rule as the project's optimizer), so a rerun may differ in the last digits.""")
PY
replace_section docs/benchmarks.md "Knowledge-graph embeddings" "$table"
rm -f "$table"
sed -n '/^## Knowledge-graph embeddings/,/^How to reproduce/p' docs/benchmarks.md
