#!/usr/bin/env bash
# The harness never rots: every workload runs once on each side, after its
# Theta and LibTorch results were cross-checked (exit code 2 if they differ).
set -euo pipefail
log="${TEST_TMPDIR:-/tmp}/theta-bench-smoke.log"
"${TEST_SRCDIR}/${TEST_WORKSPACE}/tools/theta-bench" --smoke --json "${log%.log}.json" 2>&1 | tee "$log"

# Each workload's cross-check ran and passed, and the table was printed.
for workload in scalar_add chain_16M chain_1K gather_100K mlp_step cnn_step rnn_step; do
  if ! grep -q "^cross-check ${workload}: ok" "$log"; then
    echo "theta_bench_smoke_test: no passing cross-check for ${workload}" >&2
    exit 1
  fi
done
grep -q '^| workload | Theta median' "$log"
grep -q '"cross_checks"' "${log%.log}.json"
# The scale rows' MLP step is measured against its own products at its width.
grep -q '^| MLP step 2-256-256-1, batch 1000 | .* GFLOP/s in its 3 products ([0-9]* alone) | [0-9.]*× |' "$log"

# On AVX-512 hosts the hand-written floors ran, and the chain's agreed with
# the expression in double precision (otherwise it reports "not a floor").
if grep -q ' avx512f' /proc/cpuinfo; then
  grep -q "^- the chain's arithmetic: .*ns per element" "$log"
  grep -q '^- float32 FMA rate: .*GFLOP/s' "$log"
  if grep -q 'not a floor' "$log"; then
    echo "theta_bench_smoke_test: the hand-written chain computed something else" >&2
    exit 1
  fi
fi
