#!/usr/bin/env bash
# A short run of the Fashion-MNIST CNN (2560 training images, one epoch)
# beats chance (0.10) by a wide margin on 1000 test images.
set -euo pipefail
output=$("${TEST_SRCDIR}/${TEST_WORKSPACE}/examples/fashion_mnist_cnn" --epochs 1 --train 2560 --test 1000 2>&1)
echo "$output"
accuracy=$(sed -nE 's/^test accuracy ([0-9.]+) after.*/\1/p' <<<"$output")
awk -v a="$accuracy" 'BEGIN { exit !(a > 0.5) }' || { echo "FAIL: accuracy $accuracy (want > 0.5)"; exit 1; }
