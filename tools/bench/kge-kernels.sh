#!/usr/bin/env bash
# KGE kernels: the hand-written L1 distance (TransE) and fused Adam step against the TorchSharp code they replace,
# on WN18RR-sized tensors, interleaved in one process (median of 15 calls each). Updates "## KGE kernels" in
# docs/benchmarks.md. About a minute.
#   THREADS   torch and kernel threads (default: all cores); SKIP_BUILD=1 uses the current build
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/bench/lib.sh
[ "${SKIP_BUILD:-0}" = 1 ] || dotnet build training/Zsl.Training.Cli/Zsl.Training.Cli.csproj -c Release -nologo -v quiet >/dev/null
threads=${THREADS:-$(nproc)}
out=$(mktemp)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
./zsl train kge-kernels --threads "$threads" | tee "$out"
content=$(mktemp)
{
  echo "The hand-written kernels of the embedding trainers against the TorchSharp code they replace, on WN18RR-sized tensors,"
  echo "interleaved in one process (median of 15 calls each; the speed-up is the ratio of the medians). What they do to"
  echo "whole trainings is in \"Knowledge-graph embeddings\"."
  echo
  grep '^|' "$out"
  echo
  echo "Command: \`tools/bench/kge-kernels.sh\` (\`./zsl train kge-kernels --threads $threads\`)."
  echo "Machine: $(machine_line); load average before $load_before."
  echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC')."
  echo "How to reproduce: \`tools/bench/kge-kernels.sh\` (about a minute); it rewrites this section."
} >"$content"
replace_section docs/benchmarks.md "KGE kernels" "$content"
rm -f "$out" "$content"
