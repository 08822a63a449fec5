#!/usr/bin/env bash
# Link sources: ./zsl etl links on the BabelNet 2.0.1 extract, Fernando 2013 and the CILI maps (a WordNet + ImageNet
# database copied fresh for each run), best of 3, from a copy of the published CLI; peak RSS on the whole files and
# on their first halves shows whether memory stays flat in the file size. Then the precision of class_articles from
# the reviewed sample docs/link-precision-sample.tsv (each verdict checked against the title the rule now chooses).
# Updates "## WordNet-Wikipedia links" in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/bench/lib.sh
shared=${ZSL_MIRROR:-../shared/data}
work=artifacts/bench/links
mkdir -p "$work/half/links/babelnet-2.0.1" "$work/half/links/fernando-2013" "$work/half/links/cili"
rm -rf "$work/cli" && cp -r "$(dirname "$(zsl_cli_dll)")" "$work/cli"
zsl() { dotnet "$work/cli/zsl.dll" "$@"; }
if [ ! -f "$work/base.sqlite" ]; then
  zsl etl wordnet --db "$work/base.sqlite" >/dev/null
  zsl etl imagenet --db "$work/base.sqlite" --mirror "$shared" >/dev/null
fi
half() { local n; n=$(($(wc -l <"$1") / 2)); head -n "$n" "$1"; }
for f in babelnet-2.0.1/babelnet-2.0.1-wordnet-wikipedia.txt.bz2 fernando-2013/fernando-2013-wordnet-wikipedia.txt.bz2; do
  bzcat "$shared/links/$f" >"$work/plain.txt"
  half "$work/plain.txt" | bzip2 >"$work/half/links/$f"
done
rm -f "$work/plain.txt"
for f in ili-map-pwn30.tab ili-map-pwn31.tab; do half "$shared/links/cili/$f" >"$work/half/links/cili/$f"; done

run() { # mirror: copies the base database, loads the links; sets run_wall, run_cpu (user + system), run_rss
  cp "$work/base.sqlite" "$work/run.sqlite"
  local log; log=$(mktemp)
  /usr/bin/time -f '%e %U %S %M' -o "$log" dotnet "$work/cli/zsl.dll" etl links --db "$work/run.sqlite" --mirror "$1" >/dev/null
  read -r run_wall user sys rss <"$log"; rm -f "$log"
  run_cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }'); run_rss=$((rss / 1024))
}
best() { # prefix mirror: the run of least wall time of 3
  local bw="" bc="" br=""
  for _ in 1 2 3; do
    run "$2"
    if [ -z "$bw" ] || awk -v a="$run_wall" -v b="$bw" 'BEGIN{exit !(a<b)}'; then bw=$run_wall; bc=$run_cpu; br=$run_rss; fi
  done
  printf -v "${1}_wall" '%s' "$bw"; printf -v "${1}_cpu" '%s' "$bc"; printf -v "${1}_rss" '%s' "$br"
}
best full "$shared"
best halfrun "$work/half"
cp "$work/base.sqlite" "$work/run.sqlite"
zsl etl links --db "$work/run.sqlite" --mirror "$shared" >/dev/null

# precision: every sampled verdict must still be about the title the rule chooses
zsl query --db "$work/run.sqlite" --sql "SELECT wnid, title FROM class_articles" --format csv >"$work/class-articles.csv"
stale=$(python3 - "$work/class-articles.csv" docs/link-precision-sample.tsv <<'PY'
import csv, sys
chosen = {r["wnid"]: r["title"] for r in csv.DictReader(open(sys.argv[1], newline=""))}
stale = 0
for r in csv.DictReader(open(sys.argv[2], newline=""), delimiter="\t", quoting=csv.QUOTE_NONE):
    if chosen.get(r["wnid"]) != r["chosen_title"]:
        print(f"links bench: {r['wnid']} now chooses {chosen.get(r['wnid'])!r}, the sample judged {r['chosen_title']!r}: re-judge it", file=sys.stderr)
        stale += 1
print(stale)
PY
)
precision() { awk -F'\t' -v s="$1" '$1 == s { n++; if ($10 == "right") r++ } END { printf "%d / %d = %.0f %%", r, n, 100 * r / n }' docs/link-precision-sample.tsv; }

out=$(mktemp)
cat >"$out" <<MD
Command: \`tools/bench/links.sh\` (part of \`make bench\`): \`./zsl etl links --mirror ../shared/data\` into a fresh copy of
a WordNet + ImageNet database (BabelNet extract 2.8 MB bz2 / 50,968 lines, Fernando 0.6 MB bz2 / 36,677 lines, CILI
2 × 117k lines; loading, article choice for 52,403 synsets, one transaction), best of 3, from a copy of the published CLI.

| figure | value | anchor |
|---|---|---|
| wall time, all three sources | ${full_wall} s (CPU ${full_cpu} s) | issue 18: a few seconds on 2 cores |
| peak resident memory, whole files | ${full_rss} MB | the first half of every file: ${halfrun_rss} MB (${halfrun_wall} s, CPU ${halfrun_cpu} s) |
| precision of class_articles, random ILSVRC classes both sources cover | $(precision random-100-both) | issue 18: at least 88 % (best choice among both sources about 90 %) |
| precision on every ILSVRC class where the sources disagree | $(precision ilsvrc-disagreements) | each class judged in the verdict file (no published anchor) |
| sampled verdicts no longer about the chosen title | ${stale} | 0 |

Verdicts: \`docs/link-precision-sample.tsv\` (one line per class: lemmas, gloss, both sources' titles, the choice, the rule,
right/wrong and why), judged by reading the WordNet gloss against the article the title names.
Machine: $(machine_line); load average $(cut -d' ' -f1-3 /proc/loadavg) (the machine was shared with other jobs: wall time exceeds CPU time when they take the cores). Date: $(date -u +%Y-%m-%d).
How to reproduce: \`tools/bench/links.sh\` (under a minute); it rewrites this section.
MD
cat "$out"
replace_section docs/benchmarks.md "WordNet-Wikipedia links" "$out"
rm -f "$out"
