//===- theta/Scan.h - loops and recurrences (Theano's scan) ---------------===//
//
//   // acc[t] = acc[t-1] + x[t] * n
//   auto result = theta::scan(
//       [](const std::vector<theta::Variable> &a) { return a[1] + a[0] * a[2]; },
//       {x}, {theta::zeros({})}, {n});
//   theta::Variable sum_of_n_times_x = result[0][-1];
//
//===----------------------------------------------------------------------===//
#ifndef THETA_API_SCAN_H
#define THETA_API_SCAN_H

#include "theta/Function.h"
#include "theta/Variable.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace theta {

/// One entry of `outputs_info`: how an output of the step feeds back.
struct OutputInfo {
  /// Theano's `None`: the output does not feed back into the step.
  OutputInfo() = default;
  /// Feeds back as out[t-1]; `initial` is its value before the first step.
  OutputInfo(const Variable &initial) : initial(initial), taps{-1} {}
  OutputInfo(const SharedVariable &initial) : initial(initial), taps{-1} {}
  /// Feeds back as out[t+k] for each (negative) k in `taps`; `initial` has
  /// a leading axis of -min(taps) values: initial[K + k] is out[k], k < 0.
  OutputInfo(const Variable &initial, std::vector<int64_t> taps)
      : initial(initial), taps(std::move(taps)) {}

  Variable initial;
  std::vector<int64_t> taps;
};

/// One entry of `sequences`: a tensor iterated over its leading axis, and
/// the offsets it is read at (Theano's dict(input=x, taps=[-1, 0, 1])):
/// step t receives x[t + k] for each k in `taps`, in that order, and the
/// loop runs only over the steps where every tap is inside x.
struct Sequence {
  Sequence(const Variable &input) : input(input) {}
  Sequence(const SharedVariable &input) : input(input) {}
  Sequence(const Variable &input, std::vector<int64_t> taps)
      : input(input), taps(std::move(taps)) {}

  Variable input;
  std::vector<int64_t> taps{0};
};

/// The sequences of a scan: `{x, Sequence(y, {-1, 0})}` or a
/// std::vector<Variable>.
struct Sequences {
  Sequences() = default;
  Sequences(std::initializer_list<Sequence> sequences) : entries(sequences) {}
  Sequences(std::vector<Sequence> sequences) : entries(std::move(sequences)) {}
  Sequences(const std::vector<Variable> &sequences)
      : entries(sequences.begin(), sequences.end()) {}

  std::vector<Sequence> entries;
};

/// Theano's `None` in outputs_info.
inline const OutputInfo no_feedback{};

/// What a step returns: one value per entry of outputs_info, in order, and
/// optionally a condition that stops the loop after this step when true
/// (Theano's `theano.scan_module.until`).
struct StepResult {
  StepResult(const Variable &value) : values{value} {}
  StepResult(const SharedVariable &value) : values{value} {}
  StepResult(std::vector<Variable> values) : values(std::move(values)) {}
  StepResult(std::vector<Variable> values, const Variable &until)
      : values(std::move(values)), until(until) {}

  std::vector<Variable> values;
  Variable until;
};

/// Receives, in Theano's order, the slices seq_0[t], seq_1[t], ... (per
/// sequence in the order of its taps), the taps of every output that feeds back (out_0[t-1], ...; per output in
/// the order of its taps), then the non-sequences.
using StepFunction = std::function<StepResult(const std::vector<Variable> &)>;

/// The number of steps: a count, a symbolic integer scalar, or (default)
/// the length of the sequences.
struct Steps {
  Steps() = default;
  Steps(int64_t count) : count(count) {}
  Steps(int count) : count(count) {}
  Steps(const Variable &symbolic) : symbolic(symbolic), isSymbolic(true) {}

  std::optional<int64_t> count;
  Variable symbolic;
  bool isSymbolic = false; // an empty `symbolic` is an error, not "the sequences' length"
};

/// Theano's keyword arguments of scan: a step count (what the argument
/// converts from: `10`, `Steps(k)`), or settings chained as in LibTorch's
/// options: `ScanOptions().truncate_gradient(20).go_backwards()`.
class ScanOptions {
public:
  ScanOptions() = default;
  ScanOptions(Steps n_steps) : steps(std::move(n_steps)) {}
  ScanOptions(int count) : steps(count) {}
  ScanOptions(int64_t count) : steps(count) {}
  ScanOptions(const Variable &count) : steps(count) {}

  /// The number of steps (default: the shortest sequence's length).
  ScanOptions &n_steps(Steps value) {
    steps = std::move(value);
    return *this;
  }
  /// Read the sequences from their end: step t sees element len - 1 - t.
  ScanOptions &go_backwards(bool value = true) {
    backwards = value;
    return *this;
  }
  /// Truncated backpropagation through time: gradients flow back through
  /// the last `count` steps only (-1: all). Earlier steps' sequence rows get
  /// no gradient; as in Theano, an initial state gets the adjoint of the
  /// state just before those steps.
  ScanOptions &truncate_gradient(int64_t count) {
    truncate = count;
    return *this;
  }

  Steps steps;
  bool backwards = false;
  int64_t truncate = -1;
};

struct ScanResult {
  /// Per entry of outputs_info, its value at every step: [n_steps, ...]
  /// (the initial values not included).
  std::vector<Variable> outputs;
  /// Updates of shared variables the step advanced (random streams used
  /// inside the step): pass them to function(..., {.updates = ...}).
  std::vector<Update> updates;

  const Variable &operator[](size_t index) const { return outputs.at(index); }
  size_t size() const { return outputs.size(); }
};

/// Theano's theano.scan(fn, sequences, outputs_info, non_sequences, n_steps):
/// applies `step` over the leading axis of `sequences`; without n_steps it
/// runs as many steps as the shortest sequence allows (Theano's rule; longer
/// ones are read from their start). The step may also use
/// variables built outside it (weights, shared variables); they are passed
/// to every step unchanged, like non-sequences. Differentiable with grad
/// (backpropagation through time), except loops stopped by a condition.
/// With `go_backwards` (Theano's), the sequences are read from their end:
/// step t sees element len - 1 - t; outputs are in the order computed.
ScanResult scan(const StepFunction &step, const Sequences &sequences,
                const std::vector<OutputInfo> &outputs_info,
                const std::vector<Variable> &non_sequences = {}, const ScanOptions &options = {},
                SourceLocation where = SourceLocation::current());
ScanResult scan(const StepFunction &step, const Sequences &sequences,
                const std::vector<OutputInfo> &outputs_info,
                const std::vector<Variable> &non_sequences, Steps n_steps, bool go_backwards,
                SourceLocation where = SourceLocation::current());


} // namespace theta

#endif // THETA_API_SCAN_H
