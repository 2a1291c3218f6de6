//===- GemmTuner.h - the fastest library for each float32 product ---------===//
//
// Two libraries multiply float32 matrices here: OpenBLAS (with its gemv
// paths for one-row or one-column results) and oneDNN's dnnl_sgemm. Which is
// faster depends on the shape and on the CPU: with OPENBLAS_CORETYPE=Haswell
// on an AVX-512 machine oneDNN runs 1.5x faster on 1000^3 and 3-5x on the
// RNN's 32x256 products. The first product of each shape (transposes, sizes,
// strides) times both on the call's own operands, writing a scratch copy of
// C, trials of the two interleaved, and the choice is kept for the rest of
// the process.
// THETA_GEMM=openblas or onednn forces one library (auto: time both).
//
//===----------------------------------------------------------------------===//
#ifndef THETA_RUNTIME_GEMMTUNER_H
#define THETA_RUNTIME_GEMMTUNER_H

#include <cstdint>
#include <string>

namespace theta {

enum class GemmLibrary { OpenBlas, OneDnn };
const char *gemmLibraryName(GemmLibrary library);

/// Row-major C = op(A) op(B) + beta C, beta 0 or 1.
struct SgemmCall {
  int64_t transA, transB, m, n, k;
  const float *a;
  int64_t lda;
  const float *b;
  int64_t ldb;
  int64_t beta;
  float *c;
  int64_t ldc;
};

/// Runs the product with one library (runtime/Blas.cpp).
void runSgemm(GemmLibrary library, const SgemmCall &call);

/// The library for the call's shape: tuned on first use, then cached.
GemmLibrary sgemmLibraryFor(const SgemmCall &call);

/// The best time of each library on `call` (writing a scratch C), trials
/// interleaved: three each for products under 20 ms, two for longer ones.
/// How the tuner chooses, and theta-bench's floors.
struct LibraryTimes {
  double openblas, onednn;
  GemmLibrary faster() const {
    return onednn < openblas ? GemmLibrary::OneDnn : GemmLibrary::OpenBlas;
  }
};
LibraryTimes timeBothLibraries(const SgemmCall &call);

} // namespace theta

#endif // THETA_RUNTIME_GEMMTUNER_H
