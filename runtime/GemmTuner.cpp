//===- GemmTuner.cpp ------------------------------------------------------===//
#include "runtime/GemmTuner.h"

#include "runtime/Logging.h"

#include <algorithm>
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

namespace {

/// The call with C replaced by a scratch copy (beta = 1 reads C's rows).
class TrialCall {
public:
  explicit TrialCall(const SgemmCall &call)
      : scratch(static_cast<size_t>(call.m > 0 ? (call.m - 1) * call.ldc + call.n : 0)),
        trial(call) {
    if (call.beta != 0 && !scratch.empty())
      std::memcpy(scratch.data(), call.c, scratch.size() * sizeof(float));
    trial.c = scratch.data();
  }
  double seconds(GemmLibrary library) const {
    auto start = std::chrono::steady_clock::now();
    runSgemm(library, trial);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

private:
  std::vector<float> scratch;
  SgemmCall trial;
};

/// Products slower than this get two trials per library, faster ones three.
constexpr double kCheapTrialSeconds = 0.02;

} // namespace

LibraryTimes timeBothLibraries(const SgemmCall &call) {
  // Interleaved, in alternating order, best of each: a moment in which the
  // host runs slower (this machine has such moments) then costs both
  // libraries a trial rather than deciding the choice. The first trial also
  // pays for each library's warm-up (oneDNN generates its kernels).
  TrialCall trial(call);
  LibraryTimes best{trial.seconds(GemmLibrary::OpenBlas), trial.seconds(GemmLibrary::OneDnn)};
  int rounds = std::max(best.openblas, best.onednn) < kCheapTrialSeconds ? 2 : 1;
  constexpr GemmLibrary kOrders[2][2] = {{GemmLibrary::OneDnn, GemmLibrary::OpenBlas},
                                          {GemmLibrary::OpenBlas, GemmLibrary::OneDnn}};
  for (int round = 0; round < rounds; ++round)
    for (GemmLibrary library : kOrders[round % 2]) {
      double &seconds = library == GemmLibrary::OpenBlas ? best.openblas : best.onednn;
      seconds = std::min(seconds, trial.seconds(library));
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
  LibraryTimes times = timeBothLibraries(call);
  GemmLibrary chosen = times.faster();
  log().debug("sgemm {}{} {}x{}x{}: OpenBLAS {:.1f} us, oneDNN {:.1f} us -> {}",
              call.transA ? 'T' : 'N', call.transB ? 'T' : 'N', call.m, call.n, call.k,
              times.openblas * 1e6, times.onednn * 1e6, gemmLibraryName(chosen));
  std::unique_lock<std::shared_mutex> write(all.mutex);
  all.byShape.emplace(shape, chosen);
  return chosen;
}

} // namespace theta
