//===- GemmTuner.cpp ------------------------------------------------------===//
#include "runtime/GemmTuner.h"

#include "runtime/Logging.h"

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <shared_mutex>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace theta {
namespace {

using Shape = std::tuple<int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t,
                         int64_t>;

struct ShapeHash {
  size_t operator()(const Shape &shape) const {
    auto [ta, tb, m, n, k, lda, ldb, ldc, beta] = shape;
    uint64_t hash = 1469598103934665603ull;
    for (int64_t value : {ta, tb, m, n, k, lda, ldb, ldc, beta})
      hash = (hash ^ static_cast<uint64_t>(value)) * 1099511628211ull;
    return static_cast<size_t>(hash);
  }
};

struct Choices {
  std::shared_mutex mutex;
  std::unordered_map<Shape, GemmLibrary, ShapeHash> byShape;
};

Choices &choices() {
  static Choices *all = new Choices; // never destroyed: products may run at exit
  return *all;
}

/// THETA_GEMM: a forced library, or none (auto).
const GemmLibrary *forcedLibrary() {
  static const GemmLibrary *forced = [] {
    static GemmLibrary library;
    const char *value = std::getenv("THETA_GEMM");
    if (!value || !*value || !std::strcmp(value, "auto"))
      return static_cast<const GemmLibrary *>(nullptr);
    if (!std::strcmp(value, "openblas")) {
      library = GemmLibrary::OpenBlas;
      return static_cast<const GemmLibrary *>(&library);
    }
    if (!std::strcmp(value, "onednn")) {
      library = GemmLibrary::OneDnn;
      return static_cast<const GemmLibrary *>(&library);
    }
    log().warn("THETA_GEMM={} is not openblas, onednn or auto; timing both", value);
    return static_cast<const GemmLibrary *>(nullptr);
  }();
  return forced;
}

} // namespace

const char *gemmLibraryName(GemmLibrary library) {
  return library == GemmLibrary::OpenBlas ? "OpenBLAS" : "oneDNN";
}

double timeSgemm(GemmLibrary library, const SgemmCall &call) {
  // C's rows as the call addresses them; beta = 1 reads them, so they are copied.
  std::vector<float> scratch(static_cast<size_t>(call.m > 0 ? (call.m - 1) * call.ldc + call.n
                                                            : 0));
  if (call.beta != 0 && !scratch.empty())
    std::memcpy(scratch.data(), call.c, scratch.size() * sizeof(float));
  SgemmCall trial = call;
  trial.c = scratch.data();
  double best = 1e300;
  for (int run = 0; run < 2; ++run) {
    auto start = std::chrono::steady_clock::now();
    runSgemm(library, trial);
    best = std::min(best,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return best;
}

GemmLibrary sgemmLibraryFor(const SgemmCall &call) {
  if (const GemmLibrary *forced = forcedLibrary())
    return *forced;
  Shape shape{call.transA, call.transB, call.m, call.n, call.k,
              call.lda,    call.ldb,    call.ldc, call.beta};
  Choices &all = choices();
  {
    std::shared_lock<std::shared_mutex> read(all.mutex);
    if (auto found = all.byShape.find(shape); found != all.byShape.end())
      return found->second;
  }
  // Timed without the lock: two threads may tune one shape; both agree enough.
  double openblas = timeSgemm(GemmLibrary::OpenBlas, call);
  double onednn = timeSgemm(GemmLibrary::OneDnn, call);
  GemmLibrary chosen = onednn < openblas ? GemmLibrary::OneDnn : GemmLibrary::OpenBlas;
  log().debug("sgemm {}{} {}x{}x{}: OpenBLAS {:.1f} us, oneDNN {:.1f} us -> {}",
              call.transA ? 'T' : 'N', call.transB ? 'T' : 'N', call.m, call.n, call.k,
              openblas * 1e6, onednn * 1e6, gemmLibraryName(chosen));
  std::unique_lock<std::shared_mutex> write(all.mutex);
  all.byShape.emplace(shape, chosen);
  return chosen;
}

} // namespace theta
