#!/usr/bin/env bash
# The GPU checks, in one go, on a machine with an NVIDIA GPU (driver, CUDA
# toolkit for ptxas and libdevice, cuBLAS, cuDNN 9; PyTorch for the baseline), from
# the repository root, with the bundle of tools/gpu_bundle.sh:
#
# everything through theta-gpu-suite (tests/gpu/gpu_suite.cpp):
#   1. tests/gpu/gpu_function_test.cpp: every GPU case against the CPU
#   2. examples/test_gpu: the seed's 10000^2 float32 product, cpu and cuda
#   3. the examples under THETA_FLAGS=device=cuda, beside device=cpu
#   4. theta-gpu-bench and tools/gpu_torch_baseline.py (PyTorch eager, CUDA)
#
# Logs go to /tmp/theta-gpu-check, packed into $OUT/gpu-check-logs.tar.gz
# when $OUT is set (the device tool's output folder); a table is printed last.
# Usage: bash tools/gpu_check.sh [--quick]
set -uo pipefail
cd "$(dirname "$0")/.."
quick=${1:-}
out=/tmp/theta-gpu-check
rm -rf "$out" && mkdir -p "$out"
bundle=${THETA_GPU_BUNDLE:-.gpu-bundle/theta-gpu.tar.xz}
stage=/tmp/theta-gpu
rm -rf "$stage" && mkdir -p "$stage" && tar -C "$stage" -xJf "$bundle" || { echo "no bundle at $bundle (run tools/gpu_bundle.sh)"; exit 1; }
# The JIT opens MLIR's runner utils and libomp by their Debian paths.
mkdir -p /usr/lib/llvm-22/lib
for library in libmlir_c_runner_utils.so libomp.so.5; do
  [[ -e /usr/lib/llvm-22/lib/$library ]] || ln -s "$stage/lib/$library" /usr/lib/llvm-22/lib/$library
done
# The CUDA toolkit (ptxas, libdevice) and cuBLAS: the toolkit's, else NVIDIA's wheels.
for root in "${CUDA_HOME:-}" /usr/local/cuda /usr/local/cuda-13.0 "$(dirname "$(dirname "$(command -v nvcc 2>/dev/null || echo /x/x)")")"; do
  if [[ -n $root && -x $root/bin/ptxas && -d $root/nvvm/libdevice ]]; then export CUDA_HOME=$root; break; fi
done
libs=$stage/lib
cublas=$(ls "${CUDA_HOME:-/none}"/lib64/libcublas.so.* 2>/dev/null | head -1)
if [[ -z $cublas ]]; then
  wheel=$(python3 -c 'import nvidia.cublas, os; print(os.path.join(list(nvidia.cublas.__path__)[0], "lib"))' 2>/dev/null)
  [[ -n $wheel ]] && libs=$libs:$wheel
else
  libs=$libs:$(dirname "$cublas")
fi
# cuDNN 9 (convolutions): the toolkit's, else the wheel beside PyTorch.
cudnn=$(ls "${CUDA_HOME:-/none}"/lib*/libcudnn.so.9 2>/dev/null | head -1)
if [[ -z $cudnn ]]; then
  wheel=$(python3 -c 'import nvidia.cudnn, os; print(os.path.join(list(nvidia.cudnn.__path__)[0], "lib"))' 2>/dev/null)
  [[ -n $wheel ]] && libs=$libs:$wheel
else
  libs=$libs:$(dirname "$cudnn")
fi
export LD_LIBRARY_PATH=$libs:${LD_LIBRARY_PATH:-}
export OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-Haswell}
export THETA_CACHE_DIR=
echo "CUDA_HOME=${CUDA_HOME:-none} LD_LIBRARY_PATH=$LD_LIBRARY_PATH"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
status=0
step() { echo; echo "== $*"; }

step "gpu_function_test"
suite=$stage/bin/theta-gpu-suite
timeout 240 "$suite" test 2>&1 | tee "$out/gpu_function_test.log" | grep -E "^\[ *(OK|FAILED|SKIPPED|PASSED) *\]|Failure|error|Expected|Which is|actual" | head -60
[[ ${PIPESTATUS[0]} -eq 0 ]] || status=1

step "test_gpu (10000 x 10000 float32 product)"
size=10000; [[ $quick == --quick ]] && size=4000
timeout 100 "$suite" test_gpu --size $size 2>&1 | tee "$out/test_gpu.log" || status=1

step "examples, device=cpu and device=cuda"
for example in first_function xor logistic_regression sum_of_n_times_x "rnn --steps 300" "miku_mlp --epochs 3 --out /tmp/miku.png"; do
  name=${example%% *}
  for device in cpu cuda; do
    THETA_FLAGS=device=$device timeout 60 "$suite" $example > "$out/$name.$device.log" 2>&1
    rc=$?
    [[ $rc -eq 0 ]] || status=1
    printf '%-20s %-5s rc=%d  %s\n' "$name" "$device" $rc "$(tail -c 300 "$out/$name.$device.log" | tr '\r\n' '  ' | tail -c 150)"
  done
done

step "theta-gpu-bench"
timeout 200 "$suite" bench $quick 2>&1 | tee "$out/theta-gpu-bench.log" | grep -v '^json:' || status=1
step "PyTorch baseline"
timeout 120 python3 tools/gpu_torch_baseline.py 20 $quick 2>&1 | tee "$out/torch.log" | grep -v '^json:' || status=1

step "summary"
python3 - "$out/theta-gpu-bench.log" "$out/torch.log" <<'PY'
import json, sys
rows = {}
for path in sys.argv[1:]:
    for line in open(path):
        if line.startswith("json: "):
            r = json.loads(line[6:])
            rows[r["name"]] = r
def fmt(s):
    return "%.1f us" % (s * 1e6) if s < 1e-3 else "%.3f ms" % (s * 1e3)
print("| workload | Theta cuda | floor | Theta/floor | PyTorch cuda | Theta/PyTorch |")
print("| --- | --- | --- | --- | --- | --- |")
for name, r in rows.items():
    if not name.endswith("/theta_cuda") and not name.startswith("compile") and not name.startswith("copy"):
        continue
    base = name.split("/")[0]
    torch = rows.get(base + "/torch_cuda")
    floor = r.get("floor_seconds") or 0
    print("| %s | %s | %s | %s | %s | %s |" % (
        base if "/" in name and not name.startswith("compile") else name, fmt(r["seconds"]),
        fmt(floor) + " (" + r["against"] + ")" if floor else "-",
        "%.2f" % (r["seconds"] / floor) if floor else "-",
        fmt(torch["seconds"]) if torch else "-",
        "%.2f" % (r["seconds"] / torch["seconds"]) if torch else "-"))
PY
[[ -n ${OUT:-} ]] && tar -C "$out" -czf "$OUT/gpu-check-logs.tar.gz" .
echo "gpu_check: status $status"
exit $status
