#!/usr/bin/env bash
# Train 12 steps straight; train 5, save, and continue 7 in a second process
# (with the API, and with the compiler-free Runner): the parameters must be
# the same bit for bit, and the second process must generate no code.
set -euo pipefail
resume=$1 runner=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export THETA_LOG=info THETA_CACHE_DIR=

"$resume" straight 12 "$dir/straight.npz"
"$resume" save 5 "$dir/mlp.theta"
"$resume" resume "$dir/mlp.theta" 5 7 "$dir/resumed.npz" 2>&1 | tee "$dir/resume.log"
cmp "$dir/straight.npz" "$dir/resumed.npz" || { echo "FAIL: resumed parameters differ"; exit 1; }
grep -q "no code generation" "$dir/resume.log" || { echo "FAIL: the resume did not load saved code"; exit 1; }
if grep -q "compiled a new signature" "$dir/resume.log"; then
  echo "FAIL: the resumed process generated code"; exit 1
fi

"$runner" "$dir/mlp.theta" 5 7 "$dir/runner.npz" 2>&1 | tee "$dir/runner.log"
cmp "$dir/straight.npz" "$dir/runner.npz" || { echo "FAIL: the Runner's parameters differ"; exit 1; }

# The Runner's program links neither MLIR nor LLVM.
if ldd "$runner" | grep -E 'libMLIR|libLLVM'; then
  echo "FAIL: runner_resume links the compiler"; exit 1
fi
echo "PASS: resumed in a second process (API and Runner) bit for bit; the Runner links no MLIR/LLVM"
