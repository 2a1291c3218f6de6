//===- theta/Profile.h - Theano's profile of a function -------------------===//
//
// theano.function(..., profile=True): with FunctionOptions::profile (or
// profile=true in THETA_FLAGS / ~/.thetarc for every function), each call
// times every piece of compiled work — each fused loop nest, each BLAS or
// oneDNN call, each copy, each scan loop and each of its steps — and maps it
// back to the theta ops it came from and their file:line. Function::profile()
// returns what was recorded so far; print() writes Theano's tables:
//
//   Function profiling: a header (time in calls, in compiled code, in the
//     pieces), compile time per signature by stage, peak memory of a call;
//   Class:  <% time> <sum %> <apply time> <time per call> <type> <#call> <#apply> <Class name>
//   Ops:    the same per op (a class with the theta ops it runs)
//   Apply:  <% time> <sum %> <apply time> <time per call> <#call> <id> <Apply name>,
//           each piece with its theta ops and their lines, slowest first;
//   then, per scan, its step and the pieces of a step.
//
// <type> is C for code Theta compiled, L for a library call (OpenBLAS,
// oneDNN). Percentages are of the time in the top-level pieces, as Theano's
// are of the time in thunks; a scan's row holds the time of its steps.
//
// With profiling on, the tables of every profiled function are printed when
// the process exits, to config().profiling_destination ("stderr", as Theano,
// "stdout", or a file name). Without it, compiled code carries no
// instrumentation at all.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_API_PROFILE_H
#define THETA_API_PROFILE_H

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

namespace theta {

/// One piece of compiled work, over all calls.
struct ProfileRow {
  /// "Elemwise", "Reduce", "Dot", "Conv", "Scan", "Scan step", "Copy", "Fill"...
  std::string className;
  /// The class with the theta ops it runs: "Elemwise{add,sigmoid}",
  /// "Gemm{sgemm, BLAS}", "Scan{scan}".
  std::string op;
  /// Its loop ranges ("1000x1000"), a product's m x n x k, a scan's steps.
  std::string shape;
  /// (theta op, file:line) of what it computes, in data-flow order.
  std::vector<std::pair<std::string, std::string>> sources;
  double seconds = 0;
  int64_t calls = 0;
  /// The index in ProfileStats::rows of the piece it runs inside (a scan
  /// for its step, a step for the pieces of the step), -1 at the top.
  int parent = -1;
  /// 'C': compiled by Theta; 'L': a library call.
  char type = 'C';

  /// "Elemwise{add,sigmoid} 1000x1000".
  std::string apply() const;
  /// "theta.add at mlp.cc:12, theta.sigmoid at mlp.cc:13".
  std::string where() const;
};

/// A Class or Ops table row: rows of the same class (or op) summed.
struct ProfileGroup {
  std::string name;
  char type = 'C';
  double seconds = 0;
  int64_t calls = 0;
  int applies = 0;
};

/// The compile of one signature, by stage.
struct ProfileCompile {
  /// The arguments' dtypes and shapes: "float32[1000x2], float32[1000x1], ...".
  std::string signature;
  /// Specializing the function's graph to the signature.
  double graphSeconds = 0;
  /// Shapes and the theta passes; the lowering to the LLVM dialect; LLVM.
  double thetaSeconds = 0;
  double loweringSeconds = 0;
  double llvmSeconds = 0;
  /// graphSeconds and the compiler's whole time (stages, caches, loading).
  double totalSeconds = 0;
  /// Loaded from the disk cache: no stage ran.
  bool fromDiskCache = false;
};

class ProfileStats {
public:
  std::string name;
  /// Whether the function is profiled (the rest is empty otherwise).
  bool enabled = false;
  int64_t calls = 0;
  /// In Function::operator(), compiles excluded.
  double callSeconds = 0;
  /// In the compiled code (arguments checked, results allocated, updates
  /// applied outside it).
  double compiledSeconds = 0;
  /// Building the function's graph in theta::function.
  double buildSeconds = 0;
  /// The most bytes of temporaries one call of the compiled code held at
  /// once, and the bytes of a call's results.
  size_t peakBytes = 0;
  size_t resultBytes = 0;
  /// Every piece, in the order it first ran.
  std::vector<ProfileRow> rows;
  std::vector<ProfileCompile> compiles;

  /// The seconds of the top-level pieces (what the tables' % are of).
  double piecesSeconds() const;
  /// Top-level rows summed by class / by op, slowest first.
  std::vector<ProfileGroup> classes() const;
  std::vector<ProfileGroup> ops() const;
  /// Indices of the top-level rows (children of `parent`), slowest first.
  std::vector<size_t> applies(int parent = -1) const;
  /// The first row whose op or class is `name` (or contains it), or null.
  const ProfileRow *find(const std::string &name) const;

  /// Theano's tables; `applyLimit` Apply rows at most.
  void print(std::ostream &out, size_t applyLimit = 20) const;
};

namespace profiling {
/// The profiles of every function built with profiling on, in build order.
std::vector<ProfileStats> all();
/// Prints them all, as at exit.
void printAll(std::ostream &out);
} // namespace profiling

} // namespace theta

#endif // THETA_API_PROFILE_H
