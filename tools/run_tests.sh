#!/usr/bin/env bash
# The README's test command: installs what is missing, builds everything, runs
# every test (lit suites, gtest, end-to-end examples, 60 s of libFuzzer) and ends with one line
# "N passed, N failed" counted over individual test cases.
set -uo pipefail
cd "$(dirname "$0")/.."
bash third_party/install.sh || { echo "0 passed, 1 failed"; exit 1; }

bazel test //... --test_output=errors
status=$?
# libFuzzer on the compiler for 60 s, seeded with the lit inputs (clang-14, an
# output base of its own; see tests/fuzz/libfuzzer.sh). Counts as one case.
fuzz_status=0
bash tests/fuzz/libfuzzer.sh 60 || fuzz_status=$?
python3 tools/count_tests.py "$(bazel info bazel-testlogs 2>/dev/null)" \
  "--extra=libfuzzer_60s=$fuzz_status" $(bazel query 'tests(//...)' --output=label 2>/dev/null)
count_status=$?
if [[ $status -ne 0 || $count_status -ne 0 ]]; then
  exit 1
fi
