#!/usr/bin/env bash
# The README's test command: installs what is missing, builds everything, runs
# every test (lit suites, gtest, end-to-end examples) and ends with one line
# "N passed, N failed" counted over individual test cases.
set -uo pipefail
cd "$(dirname "$0")/.."
bash third_party/install.sh || { echo "0 passed, 1 failed"; exit 1; }

bazel test //... --test_output=errors
status=$?
python3 tools/count_tests.py "$(bazel info bazel-testlogs 2>/dev/null)" \
  $(bazel query 'tests(//...)' --output=label 2>/dev/null)
count_status=$?
if [[ $status -ne 0 || $count_status -ne 0 ]]; then
  exit 1
fi
