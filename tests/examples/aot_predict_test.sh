#!/usr/bin/env bash
# The C program classifies the Fashion-MNIST test set with the exported
# predictor: exactly as many images right as Theta counted before exporting
# (the same compiled code), at least 80 %, and it links no MLIR or LLVM.
set -euo pipefail
program=$1 theta_file=$2 accuracy=$3
expected=$(sed -n 's/^theta: \([0-9]*\) of.*/\1/p' "$accuracy")
got=$("$program" "$theta_file" /usr/share/datasets/fashion-mnist | sed -n 's/^c: \([0-9]*\) of.*/\1/p')
echo "theta counted $expected correct, the C program $got"
[[ -n "$got" && "$got" == "$expected" ]] || { echo "FAIL: the counts differ"; exit 1; }
(( got >= 8000 )) || { echo "FAIL: accuracy below 80 %"; exit 1; }
if ldd "$program" | grep -E 'libMLIR|libLLVM'; then
  echo "FAIL: aot_predict links the compiler"; exit 1
fi
echo "PASS: aot_predict reproduces Theta's predictions without MLIR/LLVM"
