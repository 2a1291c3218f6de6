#!/usr/bin/env bash
# The seed's accumulator: with x = 1..10 and n = 3 every value through time is
# 3 * (1 + ... + t), and the final sum 165 (the example also checks itself
# against a C++ loop and exits non-zero on a mismatch).
set -euo pipefail
output=$("${TEST_SRCDIR}/${TEST_WORKSPACE}/examples/sum_of_n_times_x")
echo "$output"
grep -qx "values through time: 3 9 18 30 45 63 84 108 135 165" <<<"$output"
grep -qx "sum_of_n_times_x = 165" <<<"$output"
grep -q "^matches" <<<"$output"
