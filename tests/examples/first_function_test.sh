#!/usr/bin/env bash
# The seed's first example prints f(2, 8) = 10.
set -euo pipefail
output=$("${TEST_SRCDIR}/${TEST_WORKSPACE}/examples/first_function")
if [[ "$output" != "10" ]]; then
  echo "expected 10, got: $output" >&2
  exit 1
fi
