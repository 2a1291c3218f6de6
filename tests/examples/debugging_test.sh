#!/usr/bin/env bash
# examples/debugging end to end: each tool reports what it should, at the
# lines of examples/debugging.cpp that built the nodes.
set -euo pipefail
dir="${TEST_TMPDIR:-/tmp}"
output=$("${TEST_SRCDIR}/${TEST_WORKSPACE}/examples/debugging" --out-dir "$dir" 2>"$dir/stderr.txt")
echo "$output"
src="${TEST_SRCDIR}/${TEST_WORKSPACE}/examples/debugging.cpp"
fail() { echo "FAIL: $*"; exit 1; }
expect() { grep -qF -- "$1" <<<"$output" || fail "no line with: $1"; }
line_of() { grep -nF -- "$1" "$src" | head -1 | cut -d: -f1; }

# 1. The wrong weight shape is caught at the dot's line, naming the shapes.
dot_line=$(line_of "Variable h = dot(x, W);")
expect "caught ShapeError: examples/debugging.cpp:$dot_line: compute_test_value: 'theta.dot'"
expect "(shapes (64, 20), (21, 32))"
expect "fixed: h's test value has shape (64, 32), h[0, 0] = 0.197375" # tanh(20 * 0.01)

# 2./3. Print runs at every call, before the outputs are returned; the
# monitored gradient size is an output.
[[ $(grep -c "^hidden shape = (64, 32)$" <<<"$output") == 2 ]] || fail "Print's shape line not twice"
[[ $(grep -c "^hidden mean = " <<<"$output") == 2 ]] || fail "Print's mean line not twice"
grep -A2 "^hidden mean = " <<<"$output" | grep -q "^step 0: cost .*, mean |dcost/dW1| 0\.0" ||
  fail "no gradient monitor after the first Print"

# 4. debugprint: the user graph with the function's updates, the optimized
# graph with static shapes, the stabilized cross-entropy and fused groups.
expect "function 'mlp_step': user graph"
expect "-> update of 'W1'"
expect "function 'mlp_step': optimized graph for (float32[64x20], float32[64x1], float32[20x32]"
expect "theta.softplus"
expect "Fused groups (one loop nest each):"
tanh_line=$(line_of "hidden = tanh(dot(x, W1) + b1);")
grep -q "theta.tanh \[id [A-Z]*\] '' float32\[64x32\]  examples/debugging.cpp:$tanh_line \[fused [0-9]*\]" <<<"$output" ||
  fail "no fused tanh at line $tanh_line"

# 5. A PNG of the graph.
head -c 8 "$dir/mlp_step.png" | od -An -tx1 | grep -q "89 50 4e 47 0d 0a 1a 0a" || fail "not a PNG"

# 6. Training moved the cost; the profile's tables name the products.
costs=$(grep "^cost .* -> " <<<"$output")
awk -v a="$(cut -d' ' -f2 <<<"$costs")" -v b="$(cut -d' ' -f4 <<<"$costs")" 'BEGIN { exit !(b < a / 10) }' ||
  fail "200 steps did not lower the cost: $costs"
expect "Time in 200 calls to Function::operator()"
expect "<% time> <sum %> <apply time> <time per call> <type> <#call> <#apply> <Class name>"
grep -qE "^ +[0-9.]+% +[0-9.]+% .* Dot$" <<<"$output" || fail "no Dot row in the Class table"
expect "theta.dot at examples/debugging.cpp:$tanh_line"
# ... and at exit the tables go to stderr, as Theano's.
grep -q "Message: mlp_step" "$dir/stderr.txt" || fail "no profile at exit on stderr"

# 7. The planted NaN is named by op and line; the update did not land.
log_line=$(line_of "Variable features = log(x * scale)")
expect "caught NumericError: NanGuardMode: NaN in 'theta.log' built at examples/debugging.cpp:$log_line"
expect "scale after the failed call: 1 (unchanged)"

# 8. DebugMode agrees with FAST_RUN.
expect "DebugMode passed 21 steps; W1 differs from FAST_RUN's by at most 0"
echo PASS
