//===- Blas.h - BLAS entry points for compiled code -----------------------===//
//
// Compiled functions call these (by symbol, see --theta-linalg-to-blas) for
// large matrix products. Pointers arrive as integers so one declaration
// serves every memref shape. Row-major; C = op(A) * op(B) + beta * C, with
// beta 0 (C is a fresh buffer) or 1 (linalg.matmul's accumulation).
//
//===----------------------------------------------------------------------===//
#ifndef THETA_RUNTIME_BLAS_H
#define THETA_RUNTIME_BLAS_H

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

extern "C" {
void theta_sgemm(int64_t transA, int64_t transB, int64_t m, int64_t n, int64_t k, intptr_t a,
                 int64_t lda, intptr_t b, int64_t ldb, int64_t beta, intptr_t c, int64_t ldc);
void theta_dgemm(int64_t transA, int64_t transB, int64_t m, int64_t n, int64_t k, intptr_t a,
                 int64_t lda, intptr_t b, int64_t ldb, int64_t beta, intptr_t c, int64_t ldc);
}

namespace theta {

/// Changes whenever the calling convention of the runtime symbols changes,
/// so that objects in the disk cache compiled for another one are not used.
constexpr const char *kRuntimeAbi = "theta runtime ABI 5 (cuDNN convolutions on the GPU)";

/// The runtime symbols compiled code may call, by name.
std::vector<std::pair<std::string, void *>> runtimeSymbols();

} // namespace theta

#endif // THETA_RUNTIME_BLAS_H
