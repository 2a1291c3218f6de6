//===- Blas.cpp - OpenBLAS and oneDNN behind the compiled code's gemm calls ===//
#include "runtime/Blas.h"
#include "runtime/Dnnl.h"
#include "runtime/GemmTuner.h"

#include <cblas.h>
#include <oneapi/dnnl/dnnl.h>

namespace {

CBLAS_TRANSPOSE transpose(int64_t flag) { return flag ? CblasTrans : CblasNoTrans; }

/// The two precisions' CBLAS entry points.
struct SinglePrecision {
  using T = float;
  static constexpr auto gemm = cblas_sgemm;
  static constexpr auto gemv = cblas_sgemv;
};
struct DoublePrecision {
  using T = double;
  static constexpr auto gemm = cblas_dgemm;
  static constexpr auto gemv = cblas_dgemv;
};

/// C = op(A) op(B) + beta C on row-major buffers (beta is 0 or 1). A product
/// with one output row or column is a matrix-vector product: OpenBLAS 0.3.21
/// runs gemm's packing (a copy of the whole matrix) even then, so it goes to
/// gemv, which streams the matrix once.
template <typename P>
void product(int64_t transA, int64_t transB, int64_t m, int64_t n, int64_t k, intptr_t a,
             int64_t lda, intptr_t b, int64_t ldb, int64_t beta, intptr_t c, int64_t ldc) {
  using T = typename P::T;
  const T *A = reinterpret_cast<const T *>(a), *B = reinterpret_cast<const T *>(b);
  T *C = reinterpret_cast<T *>(c);
  if (n == 1 && m > 1) {
    // The column C[:, 0] = op(A) x, x the column op(B)[:, 0] (stride ldb
    // when B is stored k x 1, 1 when stored 1 x k).
    if (beta == 0)
      for (int64_t i = 0; i < m; ++i)
        C[i * ldc] = 0;
    int rows = int(transA ? k : m), columns = int(transA ? m : k);
    P::gemv(CblasRowMajor, transpose(transA), rows, columns, T(1), A, int(lda), B,
            int(transB ? 1 : ldb), T(beta), C, int(ldc));
    return;
  }
  if (m == 1 && n > 1) {
    // The row C[0, :] = op(B)^T x, x the row op(A)[0, :] (stride 1 when A is
    // stored 1 x k, lda when stored k x 1).
    if (beta == 0)
      for (int64_t j = 0; j < n; ++j)
        C[j] = 0;
    int rows = int(transB ? n : k), columns = int(transB ? k : n);
    P::gemv(CblasRowMajor, transB ? CblasNoTrans : CblasTrans, rows, columns, T(1), B, int(ldb),
            A, int(transA ? lda : 1), T(beta), C, 1);
    return;
  }
  P::gemm(CblasRowMajor, transpose(transA), transpose(transB), int(m), int(n), int(k), T(1), A,
          int(lda), B, int(ldb), T(beta), C, int(ldc));
}

} // namespace

namespace theta {

void runSgemm(GemmLibrary library, const SgemmCall &call) {
  if (library == GemmLibrary::OpenBlas) {
    product<SinglePrecision>(call.transA, call.transB, call.m, call.n, call.k,
                             reinterpret_cast<intptr_t>(call.a), call.lda,
                             reinterpret_cast<intptr_t>(call.b), call.ldb, call.beta,
                             reinterpret_cast<intptr_t>(call.c), call.ldc);
    return;
  }
  // oneDNN's dnnl_sgemm is row-major, as the calls are.
  dnnl_sgemm(call.transA ? 'T' : 'N', call.transB ? 'T' : 'N', call.m, call.n, call.k, 1.0f,
             call.a, call.lda, call.b, call.ldb, static_cast<float>(call.beta), call.c, call.ldc);
}

} // namespace theta

extern "C" {

void theta_sgemm(int64_t transA, int64_t transB, int64_t m, int64_t n, int64_t k, intptr_t a,
                 int64_t lda, intptr_t b, int64_t ldb, int64_t beta, intptr_t c, int64_t ldc) {
  theta::SgemmCall call{transA, transB, m, n, k, reinterpret_cast<const float *>(a), lda,
                        reinterpret_cast<const float *>(b), ldb, beta,
                        reinterpret_cast<float *>(c), ldc};
  theta::runSgemm(theta::sgemmLibraryFor(call), call);
}

void theta_dgemm(int64_t transA, int64_t transB, int64_t m, int64_t n, int64_t k, intptr_t a,
                 int64_t lda, intptr_t b, int64_t ldb, int64_t beta, intptr_t c, int64_t ldc) {
  product<DoublePrecision>(transA, transB, m, n, k, a, lda, b, ldb, beta, c, ldc);
}

} // extern "C"

namespace theta {

std::vector<std::pair<std::string, void *>> runtimeSymbols() {
  return {{"theta_sgemm", reinterpret_cast<void *>(&theta_sgemm)},
          {"theta_dgemm", reinterpret_cast<void *>(&theta_dgemm)},
          {"theta_dnnl_conv2d", reinterpret_cast<void *>(&theta_dnnl_conv2d)},
          {"theta_dnnl_conv2d_backward", reinterpret_cast<void *>(&theta_dnnl_conv2d_backward)}};
}

} // namespace theta
