#!/usr/bin/env bash
# The MLP learns the picture: a short run (12 of the 100 epochs) brings the
# cross-entropy from its initial value below 0.45 with most pixels right, and
# writes a valid PNG.
set -euo pipefail
out="${TEST_TMPDIR:-/tmp}/miku.png"
output=$("${TEST_SRCDIR}/${TEST_WORKSPACE}/examples/miku_mlp" --epochs 12 --out "$out" 2>&1)
echo "$output"
line=$(grep "^cross-entropy fell from" <<<"$output")
final=$(sed -E 's/.* to ([0-9.]+);.*/\1/' <<<"$line")
right=$(sed -E 's/.*; ([0-9.]+)% of pixels.*/\1/' <<<"$line")
awk -v c="$final" -v r="$right" 'BEGIN { exit !(c < 0.45 && r > 80) }' ||
  { echo "FAIL: cross-entropy $final (want < 0.45), $right% right (want > 80%)"; exit 1; }
head -c 8 "$out" | od -An -tx1 | grep -q "89 50 4e 47 0d 0a 1a 0a"
