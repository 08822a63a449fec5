#!/usr/bin/env bash
# Hybrid reversible CNN (chapter 3): memory per pixel (analytic + measured in fresh processes), SNR study with plots,
# MNIST training of the hybrid. Updates the "Hybrid reversible CNN" section of docs/benchmarks.md.
# Long: run it alone, or nice it on a shared machine (REVNET_NICE=10 by default). REVNET_TRAIN=0 skips training.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/bench/lib.sh
NICE=${REVNET_NICE:-10}
EPOCHS=${REVNET_EPOCHS:-16}
THREADS=${REVNET_THREADS:-1}
img=docs/img/revnet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dotnet build training/Zsl.Training.Cli/Zsl.Training.Cli.csproj -c Release -nologo -v quiet >/dev/null
mkdir -p "$img" data/revnet

memory_cmd=(./zsl revnet memory --arch all --measure --width-divisor 4 --size 64 --batches 4,8,16,32 --threads "$THREADS"
            --markdown "$tmp/memory.md" --plot "$img/revnet-memory.png")
nice -n "$NICE" "${memory_cmd[@]}" | tee "$tmp/memory.log"
# Full width (table 3.1 channels) for the two architectures of the headline ratio.
full_cmd=(./zsl revnet memory --arch resnet,hybrid --measure --width-divisor 1 --size 64 --batches 4,8,16 --threads "$THREADS"
          --markdown "$tmp/memory-full.md" --plot "$img/revnet-memory-full.png")
nice -n "$NICE" "${full_cmd[@]}" | tee "$tmp/memory-full.log"

snr_cmd=(./zsl revnet snr --out "$img" --markdown "$tmp/snr.md" --threads "$THREADS")
nice -n "$NICE" "${snr_cmd[@]}" | tee "$tmp/snr.log"

# the settings of make train-cnn
train_cmd=(./zsl revnet train --arch hybrid --data mnist --width-divisor 2 --blocks 1 --epochs "$EPOCHS" --lr 0.15 --threads "${REVNET_TRAIN_THREADS:-2}"
           --precise-bn 2000 --label-smoothing 0 --test-every 4 --checkpoint data/revnet/hybrid-mnist.pt)
if [ "${REVNET_TRAIN:-1}" = 1 ]; then
  /usr/bin/time -f '%e %U' -o "$tmp/time" nice -n "$NICE" "${train_cmd[@]}" | tee "$tmp/train.log"
  read -r wall user <"$tmp/time"
fi

ratio=$(awk -F'|' '$2 ~ /ResNet/ { r = $4 } $2 ~ /Hybrid/ { h = $4 } END { printf "%.2f** (%d / %d B/px", r / h, r, h }' "$tmp/memory-full.md")
{
  echo "The models of the thesis' chapter 3: memory per pixel of the five architectures, numerical stability of their"
  echo "inverses, and training of the hybrid on MNIST."
  echo
  echo "Machine: $(machine_line); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (processes at nice $NICE, $THREADS torch thread(s) for the probes)."
  echo "Date: $(date -u +%Y-%m-%d)."
  echo "How to reproduce: \`tools/bench/revnet.sh\` (memory probes, SNR study and MNIST training: about an hour on 2 cores;"
  echo "\`REVNET_TRAIN=0\` skips the training) rewrites this section; the MNIST run alone is \`flock /tmp/zsl-timing.lock make train-cnn\`."
  echo
  echo "### Memory per pixel"
  echo
  echo "Analytic: table 3.1 widths, 2 blocks per stage, float32. Measured: peak RSS (VmHWM) of one SGD iteration after a"
  echo "warm-up iteration, one fresh process per batch, 64×64 random images, $THREADS torch thread(s); bytes per pixel = least-squares"
  echo "slope of peak RSS against batch × pixels."
  echo
  echo "| figure | value | anchor |"
  echo "|---|---|---|"
  echo "| ResNet / hybrid bytes per pixel, full width | **$ratio) | goal ≥ 4; thesis 5.48 |"
  echo
  echo "Full width: \`${full_cmd[*]}\`"
  echo
  cat "$tmp/memory-full.md"
  echo
  echo "Width ÷4, all five architectures: \`${memory_cmd[*]}\`"
  echo
  cat "$tmp/memory.md"
  echo
  echo "![bytes per pixel, full width](img/revnet/revnet-memory-full.png)"
  echo
  echo "### Numerical stability"
  echo
  echo "Command: \`${snr_cmd[*]}\`"
  echo
  cat "$tmp/snr.md"
  echo
  echo "![BN toy](img/revnet/snr-alpha-batchnorm-toy.png) ![BN random](img/revnet/snr-alpha-batchnorm-random.png) ![leaky ReLU](img/revnet/snr-alpha-leaky-relu.png)"
  echo "![layer-wise](img/revnet/snr-depth-layerwise.png) ![hybrid](img/revnet/snr-depth-hybrid.png)"
  if [ "${REVNET_TRAIN:-1}" = 1 ]; then
    accuracy=$(sed -n 's/^final test accuracy \([0-9.]* %\).*/\1/p' "$tmp/train.log")
    echo
    echo "### MNIST training (embedded 8,000 / 2,000 digits)"
    echo
    echo "| figure | value | anchor |"
    echo "|---|---|---|"
    echo "| test accuracy after the last of $EPOCHS epochs | **$accuracy** | goal ≥ 98.5 % |"
    echo "| wall time of the training | **$wall s** (CPU user $user s) | goal ≤ 15 min (900 s) for \`make train-cnn\` |"
    echo
    echo "Command: \`${train_cmd[*]}\` (the settings of \`make train-cnn\`), at nice $NICE."
    echo
    echo '```'
    grep -E '^(epoch|final|Hybrid)' "$tmp/train.log"
    echo '```'
  fi
} >"$tmp/section.md"
replace_section docs/benchmarks.md "Hybrid reversible CNN" "$tmp/section.md"
echo "updated docs/benchmarks.md (Hybrid reversible CNN)"
