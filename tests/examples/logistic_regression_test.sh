#!/usr/bin/env bash
# The single neuron trains: its cost falls and it separates the blobs (the
# example exits non-zero otherwise); check the report too.
set -euo pipefail
output=$("${TEST_SRCDIR}/${TEST_WORKSPACE}/examples/logistic_regression")
echo "$output"
grep -q "^cost fell from" <<<"$output"
