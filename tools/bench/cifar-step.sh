#!/usr/bin/env bash
# Images per second of the CIFAR-10 training step (forward + backward + SGD, batches built with augmentation) for the
# hybrid and the ResNet baseline of the recorded recipe (width ÷4, 1 block per stage), batch sizes 64/128/256, with 1
# and 2 torch threads, from a copy of the built training CLI under the machine's timing lock; prints the per-stage
# milliseconds. STEP_STEPS (timed steps, default 10) and STEP_BATCHES override.
set -euo pipefail
cd "$(dirname "$0")/../.."
STEPS=${STEP_STEPS:-10}
BATCHES=${STEP_BATCHES:-64,128,256}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! nice -n 10 dotnet build training/Zsl.Training.Cli/Zsl.Training.Cli.csproj -c Release -nologo -v quiet >"$tmp/build.log" 2>&1; then
  grep -E ' error ' "$tmp/build.log" | sort -u >&2; echo "cifar-step: the training CLI does not build" >&2; exit 1
fi
cp -r artifacts/bin/Zsl.Training.Cli/release "$tmp/bin"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
for threads in 1 2; do
  flock /tmp/zsl-timing.lock dotnet "$tmp/bin/zsl-train.dll" revnet speed --data cifar10 --arch hybrid,resnet --width-divisor 4 --blocks 1 \
    --batch-sizes "$BATCHES" --warmup 3 --steps "$STEPS" --threads "$threads" | grep -v '^image cache'
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
