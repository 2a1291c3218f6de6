//===- Blas.cpp - OpenBLAS behind the compiled code's gemm calls ----------===//
#include "runtime/Blas.h"
#include "runtime/Dnnl.h"

#include <cblas.h>

namespace {

CBLAS_TRANSPOSE transpose(int64_t flag) { return flag ? CblasTrans : CblasNoTrans; }

} // namespace

extern "C" {

void theta_sgemm(int64_t transA, int64_t transB, int64_t m, int64_t n, int64_t k, intptr_t a,
                 int64_t lda, intptr_t b, int64_t ldb, int64_t beta, intptr_t c, int64_t ldc) {
  cblas_sgemm(CblasRowMajor, transpose(transA), transpose(transB), int(m), int(n), int(k), 1.0f,
              reinterpret_cast<const float *>(a), int(lda), reinterpret_cast<const float *>(b),
              int(ldb), float(beta), reinterpret_cast<float *>(c), int(ldc));
}

void theta_dgemm(int64_t transA, int64_t transB, int64_t m, int64_t n, int64_t k, intptr_t a,
                 int64_t lda, intptr_t b, int64_t ldb, int64_t beta, intptr_t c, int64_t ldc) {
  cblas_dgemm(CblasRowMajor, transpose(transA), transpose(transB), int(m), int(n), int(k), 1.0,
              reinterpret_cast<const double *>(a), int(lda), reinterpret_cast<const double *>(b),
              int(ldb), double(beta), reinterpret_cast<double *>(c), int(ldc));
}

} // extern "C"

namespace theta {

std::vector<std::pair<std::string, void *>> runtimeSymbols() {
  return {{"theta_sgemm", reinterpret_cast<void *>(&theta_sgemm)},
          {"theta_dgemm", reinterpret_cast<void *>(&theta_dgemm)},
          {"theta_dnnl_conv2d", reinterpret_cast<void *>(&theta_dnnl_conv2d)}};
}

} // namespace theta
