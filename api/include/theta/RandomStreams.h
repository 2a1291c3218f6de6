//===- theta/RandomStreams.h - random numbers in graphs -------------------===//
//
// Theano's RandomStreams / MRG_RandomStreams:
//
//   theta::RandomStreams srng(234);
//   Variable rv_u = srng.uniform({2, 2});
//   Function f = theta::function({}, rv_u);
//   f();  f();                       // new numbers on every call
//   srng.seed(234);  f();            // the first numbers again
//
// Each draw is a `theta.random` op (Philox-4x32-10, counter-based) reading
// two shared int64 scalars of its own: a key, derived from the seed and the
// draw's position, and a counter. The counter's default update is counter + 1,
// so every function that computes the draw advances it after a successful
// call (a failed call updates nothing), unless the function updates the
// counter itself or is built with FunctionOptions::no_default_updates.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_API_RANDOMSTREAMS_H
#define THETA_API_RANDOMSTREAMS_H

#include "theta/Function.h"
#include "theta/Ops.h"
#include "theta/Variable.h"

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <vector>

namespace theta {

/// The shape of a draw (Theano's `size`): static sizes, `{2, 3}` (`{}` for a
/// scalar), or a rank-1 integer Variable of static length such as
/// `shape(x)`, which gives x's shape once the function is specialized.
struct RandomSize {
  RandomSize(std::initializer_list<int64_t> sizes) : sizes(sizes) {}
  RandomSize(std::vector<int64_t> sizes) : sizes(std::move(sizes)) {}
  RandomSize(const Variable &shape) : symbolic(shape), isSymbolic(true) {}
  std::vector<int64_t> sizes;
  Variable symbolic;
  bool isSymbolic = false; // an empty `symbolic` is an error, not a scalar draw
};

namespace detail {
struct RandomStreamsImpl;
}

/// A source of random variables. Copies share the streams (and their seed).
class RandomStreams {
public:
  /// Draw i's key is the (i + 1)-th output of SplitMix64 seeded with `seed`.
  explicit RandomStreams(uint64_t seed = 12345);

  /// Uniform in [low, high) (float dtypes; default floatX). `low` and `high`
  /// may be numbers or Variables that broadcast against the draw.
  Variable uniform(RandomSize size = {}, Operand low = 0.0, Operand high = 1.0,
                   std::optional<DType> dtype = std::nullopt,
                   SourceLocation where = SourceLocation::current());
  /// Normal with mean `avg` and standard deviation `stddev` (Box-Muller).
  Variable normal(RandomSize size = {}, Operand avg = 0.0, Operand stddev = 1.0,
                  std::optional<DType> dtype = std::nullopt,
                  SourceLocation where = SourceLocation::current());
  /// Number of successes in `n` trials of probability `p` (n = 1: Bernoulli,
  /// e.g. a dropout mask), in `dtype` (Theano's default, int64, or a float).
  /// n > 1 sums n Bernoulli draws (memory and time grow with n).
  Variable binomial(RandomSize size = {}, int64_t n = 1, Operand p = 0.5,
                    DType dtype = DType::Int64, SourceLocation where = SourceLocation::current());

  /// Reseeds every draw made so far (and the later ones): each key is
  /// derived from `seed` again and each counter restarts at 0, so the same
  /// seed gives the same numbers.
  void seed(uint64_t seed);

  /// (counter, counter + 1) for every draw, for explicit use in
  /// FunctionOptions::updates (functions pick them up anyway by default).
  std::vector<Update> updates() const;

  /// The shared state of each draw, in the order the draws were made.
  struct State {
    SharedVariable key, counter;
  };
  std::vector<State> states() const;

private:
  std::shared_ptr<detail::RandomStreamsImpl> impl;
};

/// Theano's `shared_variable.default_update = update`: every function that
/// reads `variable` and neither updates it explicitly nor sets
/// FunctionOptions::no_default_updates applies `update` after each call.
void set_default_update(const SharedVariable &variable, const Variable &update,
                        SourceLocation where = SourceLocation::current());
/// The default update of `variable`, or an empty Variable.
Variable default_update(const SharedVariable &variable);

} // namespace theta

#endif // THETA_API_RANDOMSTREAMS_H
