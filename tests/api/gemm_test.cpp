// The float32 products of compiled code (runtime/Blas.cpp, GemmTuner): both
// libraries and the tuned choice compute the same product as a float64 loop
// for every transpose, beta 0 and 1, padded leading dimensions and skinny
// shapes; tuning (which times both, interleaved, on a scratch copy) leaves C
// untouched.
#include "runtime/Blas.h"
#include "runtime/GemmTuner.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

using namespace theta;

namespace {

struct Case {
  int64_t transA, transB, m, n, k, beta, pad;
};

std::vector<float> randoms(size_t count, std::mt19937 &rng) {
  std::uniform_real_distribution<float> uniform(-1, 1);
  std::vector<float> values(count);
  for (float &v : values)
    v = uniform(rng);
  return values;
}

/// Runs `product` on fresh operands and checks it against float64.
template <typename Product> void check(const Case &c, Product product, const char *what) {
  std::mt19937 rng(static_cast<unsigned>(c.m * 131 + c.n * 17 + c.k + c.transA * 7 + c.transB));
  int64_t aRows = c.transA ? c.k : c.m, aCols = c.transA ? c.m : c.k;
  int64_t bRows = c.transB ? c.n : c.k, bCols = c.transB ? c.k : c.n;
  int64_t lda = aCols + c.pad, ldb = bCols + c.pad, ldc = c.n + c.pad;
  std::vector<float> a = randoms(aRows * lda, rng), b = randoms(bRows * ldb, rng);
  std::vector<float> c0 = randoms(c.m * ldc, rng), out = c0;
  product(SgemmCall{c.transA, c.transB, c.m, c.n, c.k, a.data(), lda, b.data(), ldb, c.beta,
                    out.data(), ldc});
  for (int64_t i = 0; i < c.m; ++i)
    for (int64_t j = 0; j < ldc; ++j) {
      if (j >= c.n) { // padding is never written
        ASSERT_EQ(out[i * ldc + j], c0[i * ldc + j]) << what;
        continue;
      }
      double want = c.beta ? c0[i * ldc + j] : 0.0;
      for (int64_t p = 0; p < c.k; ++p) {
        double x = c.transA ? a[p * lda + i] : a[i * lda + p];
        double y = c.transB ? b[j * ldb + p] : b[p * ldb + j];
        want += x * y;
      }
      ASSERT_NEAR(out[i * ldc + j], want, 1e-4 * (1 + std::sqrt(double(c.k))))
          << what << " at (" << i << ", " << j << ") of " << c.m << "x" << c.n << "x" << c.k
          << " trans " << c.transA << c.transB << " beta " << c.beta;
    }
}

const Case kCases[] = {
    {0, 0, 64, 48, 40, 0, 0},  {1, 0, 64, 48, 40, 1, 0},  {0, 1, 33, 70, 19, 0, 3},
    {1, 1, 33, 70, 19, 1, 5},  {0, 0, 200, 1, 300, 0, 0}, {1, 0, 200, 1, 300, 1, 2},
    {0, 0, 1, 257, 64, 0, 0},  {0, 1, 1, 257, 64, 1, 1}, {0, 0, 32, 256, 256, 0, 0},
    {1, 0, 256, 256, 32, 1, 0}, {0, 0, 128, 10, 460, 0, 0},
};

TEST(Gemm, BothLibrariesComputeTheProduct) {
  for (const Case &c : kCases) {
    check(c, [](const SgemmCall &call) { runSgemm(GemmLibrary::OpenBlas, call); }, "OpenBLAS");
    check(c, [](const SgemmCall &call) { runSgemm(GemmLibrary::OneDnn, call); }, "oneDNN");
  }
}

TEST(Gemm, TheTunedEntryPointComputesTheProductEveryTime) {
  // The first call of a shape tunes (timing both on a scratch C), later
  // calls reuse the choice: both must leave exactly one product in C.
  for (int round = 0; round < 2; ++round)
    for (const Case &c : kCases)
      check(c, [](const SgemmCall &call) {
        theta_sgemm(call.transA, call.transB, call.m, call.n, call.k,
                    reinterpret_cast<intptr_t>(call.a), call.lda,
                    reinterpret_cast<intptr_t>(call.b), call.ldb, call.beta,
                    reinterpret_cast<intptr_t>(call.c), call.ldc);
      }, "theta_sgemm");
}

TEST(Gemm, TimingBothLibrariesLeavesCUntouchedAndNamesTheFaster) {
  // The tuner's trials (interleaved, several per library) write a scratch C:
  // the caller's C, read by beta = 1, keeps its values bit for bit.
  for (const Case &c : kCases) {
    std::mt19937 rng(7);
    int64_t lda = (c.transA ? c.m : c.k) + c.pad, ldb = (c.transB ? c.k : c.n) + c.pad;
    int64_t ldc = c.n + c.pad;
    std::vector<float> a = randoms((c.transA ? c.k : c.m) * lda, rng);
    std::vector<float> b = randoms((c.transB ? c.n : c.k) * ldb, rng);
    std::vector<float> out = randoms(c.m * ldc, rng), before = out;
    LibraryTimes times = timeBothLibraries(SgemmCall{c.transA, c.transB, c.m, c.n, c.k, a.data(),
                                                     lda, b.data(), ldb, c.beta, out.data(), ldc});
    EXPECT_EQ(out, before) << c.m << "x" << c.n << "x" << c.k;
    EXPECT_GT(times.openblas, 0);
    EXPECT_GT(times.onednn, 0);
    EXPECT_LT(times.openblas, 10);
    EXPECT_LT(times.onednn, 10);
    EXPECT_EQ(times.faster(), times.onednn < times.openblas ? GemmLibrary::OneDnn
                                                            : GemmLibrary::OpenBlas);
  }
}

} // namespace
