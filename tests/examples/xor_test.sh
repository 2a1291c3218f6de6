#!/usr/bin/env bash
# The XOR net learns: every output on the right side of 0.5 (the example exits
# non-zero otherwise), and the report says so.
set -euo pipefail
output=$("${TEST_SRCDIR}/${TEST_WORKSPACE}/examples/xor")
echo "$output"
grep -q "all four outputs on the right side of 0.5" <<<"$output"
grep -q "^xor(1, 1) = 0\.[0-4]" <<<"$output"
