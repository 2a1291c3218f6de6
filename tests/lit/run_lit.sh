#!/usr/bin/env bash
# Runs one lit suite under Bazel: theta-opt comes from the runfiles, FileCheck
# and `not` from the system LLVM 22. Results go to Bazel's XML for .ci/run.
set -euo pipefail
runfiles="${TEST_SRCDIR}/${TEST_WORKSPACE}"
export PATH="${runfiles}/tools:/usr/lib/llvm-22/bin:${PATH}"
suite="${runfiles}/tests/lit/$1"
args=(-sv)
if [[ -n "${XML_OUTPUT_FILE:-}" ]]; then
  args+=(--xunit-xml-output "${XML_OUTPUT_FILE}")
fi
exec /usr/lib/llvm-22/bin/lit "${args[@]}" "${suite}"
