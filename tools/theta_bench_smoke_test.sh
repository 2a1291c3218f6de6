#!/usr/bin/env bash
# The harness never rots: every workload runs once and passes its cross-check.
set -euo pipefail
"${TEST_SRCDIR}/${TEST_WORKSPACE}/tools/theta-bench" --smoke
