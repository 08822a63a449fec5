# Helpers for benchmark scripts (sourced).
# zsl_cli_dll: the published light CLI that ./zsl runs (built with make build when missing).
zsl_cli_dll() {
  local rid; case "$(uname -m)" in aarch64|arm64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac
  local dll="artifacts/publish/Zsl.Cli/release_$rid/zsl.dll"
  [ -f "$dll" ] || make build >&2
  echo "$dll"
}
# machine_line: one line naming the machine a result was measured on.
machine_line() {
  echo "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(uname -sr), .NET $(dotnet --version)"
}
# measure OUTVAR_PREFIX cmd...: runs cmd under /usr/bin/time, sets ${prefix}_wall (s) and ${prefix}_rss (MB).
measure() {
  local prefix=$1; shift
  local log; log=$(mktemp)
  /usr/bin/time -f '%e %M' -o "$log" "$@" >/dev/null
  read -r wall rss <"$log"; rm -f "$log"
  printf -v "${prefix}_wall" '%s' "$wall"
  printf -v "${prefix}_rss" '%s' "$((rss / 1024))"
}
# replace_section FILE HEADING CONTENT_FILE: replaces (or appends) the '## HEADING' section of FILE.
replace_section() {
  local file=$1 heading=$2 content=$3
  [ -f "$file" ] || printf '# Benchmarks\n\nEvery number here comes from `make bench` (or the script named in its section) on the machine named with it.\n' >"$file"
  python3 - "$file" "$heading" "$content" <<'PY'
import re, sys
path, heading, content = sys.argv[1], sys.argv[2], open(sys.argv[3]).read().strip()
text = open(path).read()
section = f"## {heading}\n\n{content}\n"
pattern = re.compile(rf"^## {re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
text = pattern.sub(lambda m: section + "\n", text) if pattern.search(text) else text.rstrip() + "\n\n" + section
open(path, "w").write(text.rstrip() + "\n")
PY
}
