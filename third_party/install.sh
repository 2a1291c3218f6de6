#!/usr/bin/env bash
# Installs the Debian packages Theta builds and tests with, by name, and only
# those missing (idempotent). Tested versions are listed in README.md.
set -euo pipefail

packages=(
  # LLVM/MLIR 22: libMLIR.so, libLLVM.so, headers, mlir-tblgen, lit, FileCheck
  libmlir-22-dev mlir-22-tools llvm-22-dev llvm-22-tools
  # Bazel from Debian, with the rules_java it needs offline
  bazel-bootstrap bazel-rules-java
  # Libraries
  libspdlog-dev libopenblas-dev libomp-22-dev libgtest-dev libbenchmark-dev
  # OpenBLAS built on OpenMP: its threads are the same pool as everything else
  libopenblas0-openmp
  # oneDNN (convolutions) and the Fashion-MNIST data of examples/fashion_mnist_cnn
  libdnnl-dev dataset-fashion-mnist
  # PNG output and gzipped datasets in the examples
  zlib1g-dev
  # Graphviz's dot: theta::pydotprint draws graphs as PNG/SVG
  graphviz
  # gnuplot: theta-bench --plot draws compile time against depth
  gnuplot-nox
  # LibTorch: the baseline for theta-bench only
  libtorch-dev
  # Tests: npz_test checks .npz files against NumPy (and skips without it)
  python3-numpy
  # The libFuzzer target (tests/fuzz/libfuzzer.sh): clang with its fuzzer runtime
  clang-14 libclang-rt-14-dev
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]})); then
  echo "theta: installing ${missing[*]}" >&2
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  if ! "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; then
    "${sudo_cmd[@]}" apt-get update
    "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
  fi
fi
