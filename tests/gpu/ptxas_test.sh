#!/usr/bin/env bash
# Lowers tests/gpu/kernels.mlir (elementwise, reductions, products,
# convolutions (float32 ones are cuDNN calls, float64 ones kernels), scan, random) with --theta-lower-gpu to PTX and assembles
# every kernel with the CUDA toolkit's ptxas for sm_90: each must assemble,
# call no unresolved external function (libdevice linked), and spill nothing;
# every launch passes as many arguments as its kernel declares.
set -euo pipefail
here=$(dirname "$0")
opt=tools/theta-opt
ptxas=${CUDA_HOME:-/usr/local/cuda}/bin/ptxas
if [[ ! -x $ptxas ]]; then
  echo "FAIL: no ptxas at $ptxas (the CUDA toolkit is part of the build environment)"; exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$opt" "$here/kernels.mlir" -split-input-file --theta-lower-gpu="chip=sm_90 format=isa" \
  > "$work/lowered.mlir"
python3 "$here/extract_ptx.py" "$work/lowered.mlir" "$work" > "$work/kernels.txt"
# Host launches and kernels agree on the number of parameters.
python3 "$here/check_kernel_abi.py" "$work/lowered.mlir"
count=0
while read -r ptx; do
  count=$((count + 1))
  if grep -q '^\.extern \.func' "$ptx"; then
    echo "FAIL: $ptx calls an unresolved function:"; grep '^\.extern \.func' "$ptx"; exit 1
  fi
  report=$("$ptxas" -arch=sm_90 -v "$ptx" -o "$work/kernel.cubin" 2>&1) || {
    echo "FAIL: ptxas rejected $ptx:"; echo "$report"; exit 1; }
  if echo "$report" | grep -q 'bytes spill' && ! echo "$report" | grep -q ' 0 bytes spill stores, 0 bytes spill loads'; then
    echo "FAIL: $ptx spills:"; echo "$report"; exit 1
  fi
done < "$work/kernels.txt"
if (( count < 10 )); then
  echo "FAIL: only $count kernels"; exit 1
fi
echo "ptxas -arch=sm_90 assembled $count kernels: no unresolved externs, no spills"
