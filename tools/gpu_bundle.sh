#!/usr/bin/env bash
# Builds what tools/gpu_check.sh runs on a machine with an NVIDIA GPU but no
# LLVM 22: theta-gpu-suite (the GPU tests, the examples and theta-gpu-bench in
# one program) linked against the static MLIR/LLVM archives (--define
# theta_llvm=static: it keeps only the MLIR and LLVM code it uses, about
# 180 MB stripped instead of 250 MB of shared libraries), and the shared libraries it still
# need (OpenBLAS, oneDNN, spdlog, GoogleTest, libomp, MLIR's runner utils),
# packed as .gpu-bundle/theta-gpu.tar.xz (git-ignored; well under the 64 MiB
# a GPU machine of the device tool receives).
set -euo pipefail
cd "$(dirname "$0")/.."
flags=(--define theta_llvm=static --platform_suffix=static)
targets=(//tests/gpu:theta-gpu-suite)
bazel build "${flags[@]}" "${targets[@]}"
bin=$(bazel info "${flags[@]}" bazel-bin)
stage=.gpu-bundle/stage
rm -rf .gpu-bundle && mkdir -p "$stage/bin" "$stage/lib"
for target in "${targets[@]}"; do
  path=${target#//}; path=${path/://}
  cp "$bin/$path" "$stage/bin/"
done
# Shared libraries, except the C library's own and libstdc++/libgcc (the
# GPU machine's are newer) and what the driver provides.
skip='^(linux-vdso|libc\.so|libm\.so|libpthread|libdl\.so|librt\.so|ld-linux|libstdc\+\+|libgcc_s)'
for binary in "$stage"/bin/*; do
  ldd "$binary" | awk '$3 ~ /^\// {print $1, $3}'
done | sort -u | while read -r name path; do
  [[ $name =~ $skip ]] || cp -L "$path" "$stage/lib/$name"
done
# The JIT opens these two by their Debian paths (runtime/Jit.cpp).
cp -L /usr/lib/llvm-22/lib/libmlir_c_runner_utils.so "$stage/lib/"
cp -L /usr/lib/llvm-22/lib/libomp.so.5 "$stage/lib/"
strip --strip-unneeded "$stage"/bin/* 2>/dev/null || true
tar -C "$stage" -cf - . | xz -9 -T2 > .gpu-bundle/theta-gpu.tar.xz
rm -rf "$stage"
ls -la .gpu-bundle/theta-gpu.tar.xz
