//===- Blas.h - BLAS entry points for compiled code -----------------------===//
//
// Compiled functions call these (by symbol, see --theta-linalg-to-blas) for
// large matrix products. Pointers arrive as integers so one declaration
// serves every memref shape. Row-major; C += op(A) * op(B).
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
                 int64_t lda, intptr_t b, int64_t ldb, intptr_t c, int64_t ldc);
void theta_dgemm(int64_t transA, int64_t transB, int64_t m, int64_t n, int64_t k, intptr_t a,
                 int64_t lda, intptr_t b, int64_t ldb, intptr_t c, int64_t ldc);
}

namespace theta {

/// The runtime symbols compiled code may call, by name.
std::vector<std::pair<std::string, void *>> runtimeSymbols();

} // namespace theta

#endif // THETA_RUNTIME_BLAS_H
