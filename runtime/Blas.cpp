//===- Blas.cpp - OpenBLAS behind the compiled code's gemm calls ----------===//
#include "runtime/Blas.h"

#include <cblas.h>

extern "C" {

void theta_sgemm(int64_t transA, int64_t transB, int64_t m, int64_t n, int64_t k, intptr_t a,
                 int64_t lda, intptr_t b, int64_t ldb, intptr_t c, int64_t ldc) {
  cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans,
              transB ? CblasTrans : CblasNoTrans, static_cast<int>(m),
              static_cast<int>(n), static_cast<int>(k), 1.0f,
              reinterpret_cast<const float *>(a), static_cast<int>(lda),
              reinterpret_cast<const float *>(b), static_cast<int>(ldb), 1.0f,
              reinterpret_cast<float *>(c), static_cast<int>(ldc));
}

void theta_dgemm(int64_t transA, int64_t transB, int64_t m, int64_t n, int64_t k, intptr_t a,
                 int64_t lda, intptr_t b, int64_t ldb, intptr_t c, int64_t ldc) {
  cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans,
              transB ? CblasTrans : CblasNoTrans, static_cast<int>(m),
              static_cast<int>(n), static_cast<int>(k), 1.0,
              reinterpret_cast<const double *>(a), static_cast<int>(lda),
              reinterpret_cast<const double *>(b), static_cast<int>(ldb), 1.0,
              reinterpret_cast<double *>(c), static_cast<int>(ldc));
}

} // extern "C"

namespace theta {

std::vector<std::pair<std::string, void *>> runtimeSymbols() {
  return {{"theta_sgemm", reinterpret_cast<void *>(&theta_sgemm)},
          {"theta_dgemm", reinterpret_cast<void *>(&theta_dgemm)}};
}

} // namespace theta
