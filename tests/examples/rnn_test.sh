#!/usr/bin/env bash
# The RNN learns the marker task through backpropagation through time: after
# 600 SGD steps the running cross-entropy is far below chance (ln 4 = 1.386)
# and the accuracy on new sequences is far above chance (0.25).
set -euo pipefail
output=$("${TEST_SRCDIR}/${TEST_WORKSPACE}/examples/rnn" --steps 600 2>&1)
echo "$output"
last=$(sed -nE 's/^cross-entropy: first step [0-9.]+, last steps ([0-9.]+).*/\1/p' <<<"$output")
accuracy=$(sed -nE 's/^test: cross-entropy [0-9.]+, accuracy ([0-9.]+).*/\1/p' <<<"$output")
awk -v c="$last" -v a="$accuracy" 'BEGIN { exit !(c < 0.3 && a > 0.9) }' ||
  { echo "FAIL: cross-entropy $last (want < 0.3), accuracy $accuracy (want > 0.9)"; exit 1; }
