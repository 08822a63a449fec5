#!/usr/bin/env bash
# Parquet export: `./zsl export parquet` of the WordNet tables against the route through the sqlite3 shell and
# DuckDB on the same database in the same run: `sqlite3 -csv -header DB "SELECT * FROM T" > T.csv` for every table,
# then DuckDB's `COPY (SELECT * FROM read_csv('T.csv')) TO 'T.parquet'` (tools/bench/parquet-duckdb.mjs).
# Runs alternate, $RUNS each (default 5); medians. Peak memory of the export on one table and on a table of 8 times
# its rows shows whether memory stays flat in the table size. DuckDB reads every exported file back (row and column
# counts against SQLite). Then `make dataset` once on the built tree. Updates "## Parquet export" in docs/benchmarks.md.
# DuckDB is not a Debian package: the script installs the npm package @duckdb/node-api (with its native binding)
# into artifacts/bench/duckdb-node; the sqlite3 shell comes from Debian's sqlite3 package.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/bench/lib.sh
runs=${RUNS:-5}
duckdb_version=1.5.6-r.1
zsl_dll=${ZSL_DLL:-$(zsl_cli_dll)}
command -v sqlite3 >/dev/null || { echo "parquet-export: installing Debian's sqlite3 shell" >&2; apt-get install -y -qq sqlite3 >/dev/null; }
duck_dir=artifacts/bench/duckdb-node
if [ ! -d "$duck_dir/node_modules/@duckdb/node-api" ]; then
  echo "parquet-export: installing @duckdb/node-api $duckdb_version from npm into $duck_dir" >&2
  mkdir -p "$duck_dir"
  npm install --prefix "$duck_dir" --no-audit --no-fund --silent "@duckdb/node-api@$duckdb_version" >&2
fi
cp tools/bench/parquet-duckdb.mjs "$duck_dir/"
duck() { node "$duck_dir/parquet-duckdb.mjs" "$@"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
db=$tmp/zsl.sqlite
dotnet "$zsl_dll" etl wordnet --db "$db" --source "${WORDNET:-/usr/share/wordnet}" >/dev/null
tables=$(sqlite3 "$db" "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
rows=$(for t in $tables; do sqlite3 "$db" "SELECT count(*) FROM \"$t\""; done | paste -sd+ | bc)

ours_route() { rm -rf "$tmp/ours"; dotnet "$zsl_dll" export parquet --db "$db" --out "$tmp/ours"; }
reference_route() {
  rm -rf "$tmp/csv" "$tmp/duck"; mkdir -p "$tmp/csv" "$tmp/duck"
  for t in $tables; do sqlite3 -csv -header "$db" "SELECT * FROM \"$t\"" >"$tmp/csv/$t.csv"; done
  duck convert "$tmp/csv" "$tmp/duck" $tables
}
export -f ours_route reference_route duck
export tmp db zsl_dll tables duck_dir
ours_walls=(); reference_walls=(); ours_rss=0
for _ in $(seq "$runs"); do
  measure o bash -c ours_route; ours_walls+=("$o_wall"); (( o_rss > ours_rss )) && ours_rss=$o_rss
  measure r bash -c reference_route; reference_walls+=("$r_wall")
done
thousands() { sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$1"; }
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ours=$(median "${ours_walls[@]}"); reference=$(median "${reference_walls[@]}")
ratio=$(awk -v a="$ours" -v b="$reference" 'BEGIN { printf "%.2f", a / b }')

# DuckDB reads back what the export wrote: row and column counts as in SQLite, and the codec
check=$(duck check "$tmp/ours" $tables)
while read -r t n c codecs; do
  [ "$n" = "$(sqlite3 "$db" "SELECT count(*) FROM \"$t\"")" ] || { echo "parquet-export: DuckDB reads $n rows from $t.parquet" >&2; exit 1; }
  [ "$c" = "$(sqlite3 "$db" "SELECT count(*) FROM pragma_table_info('$t')")" ] || { echo "parquet-export: DuckDB reads $c columns from $t.parquet" >&2; exit 1; }
done <<<"$check"
codecs=$(awk '{ print $4 }' <<<"$check" | sort -u | paste -sd, -)
size_ours=$(du -cb "$tmp"/ours/*.parquet | tail -1 | cut -f1); size_duck=$(du -cb "$tmp"/duck/*.parquet | tail -1 | cut -f1)

# memory against table size: pointers, then a table of 8 copies of its rows
sqlite3 "$db" "CREATE TABLE pointers_x8 AS SELECT p.* FROM pointers p, (SELECT 1 FROM lexnames LIMIT 8)"
big_rows=$(sqlite3 "$db" "SELECT count(*) FROM pointers_x8")
measure one dotnet "$zsl_dll" export parquet --db "$db" --out "$tmp/one" --table pointers
measure eight dotnet "$zsl_dll" export parquet --db "$db" --out "$tmp/eight" --table pointers_x8

# the whole default chain on a built tree, into a folder of its own
measure dataset make -s dataset DATA="$tmp/dataset"

echo "make dataset: ${dataset_wall} s"
echo "parquet export: ours ${ours} s (runs: ${ours_walls[*]}), sqlite3 + DuckDB ${reference} s (runs: ${reference_walls[*]}), ratio ${ratio}"
echo "peak RSS: all tables ${ours_rss} MB; pointers (377,592 rows) ${one_rss} MB, 8 x pointers ($big_rows rows) ${eight_rss} MB in ${eight_wall} s"
section=$(mktemp)
cat >"$section" <<MD
| figure | value | anchor |
|---|---|---|
| \`./zsl export parquet\`, the 6 WordNet tables ($(thousands "$rows") rows), median of $runs | ${ours} s (runs: ${ours_walls[*]}) | sqlite3 CSV + DuckDB \`COPY\`: ${reference} s (runs: ${reference_walls[*]}) |
| ratio ours / sqlite3 + DuckDB | ${ratio} | target ≤ 1.0 |
| peak resident memory, all tables | ${ours_rss} MB | |
| peak resident memory, one table: 377,592 rows / $(thousands "$big_rows") rows | ${one_rss} MB / ${eight_rss} MB (${one_wall} s / ${eight_wall} s) | flat in the table size |
| \`make dataset\` on a built tree (every stage, this export included) | ${dataset_wall} s | target ≤ 30 s |
| Parquet written (ours, Zstd level 1) | $((size_ours / 1024)) KiB | DuckDB's own files (Snappy): $((size_duck / 1024)) KiB |

Command: \`tools/bench/parquet-export.sh\` (part of \`make bench\`; \`RUNS=N\` for another number of runs). Both routes
start from the same database, built by \`./zsl etl wordnet\` in the same run, and alternate run by run; each time
includes its process start-ups (.NET; the sqlite3 shell once per table and Node.js once for DuckDB). The reference is
\`sqlite3 -csv -header DB "SELECT * FROM T" > T.csv\` per table, then \`COPY (SELECT * FROM read_csv('T.csv')) TO
'T.parquet'\` in DuckDB $duckdb_version (npm \`@duckdb/node-api\`, installed by the script). DuckDB then reads every
exported file back: row and column counts equal SQLite's, codec ${codecs}.

Machine: $(machine_line); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg). Date: $(date -u +%Y-%m-%d).${BENCH_NOTE:+ $BENCH_NOTE}
How to reproduce: \`tools/bench/parquet-export.sh\` (a few minutes; installs DuckDB from npm into artifacts/bench); it rewrites this section.
MD
replace_section docs/benchmarks.md "Parquet export" "$section"
rm -f "$section"
