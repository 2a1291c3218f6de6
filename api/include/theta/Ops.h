//===- theta/Ops.h - operations on symbolic variables ---------------------===//
//
// Operands of different ranks are aligned by left-padding with broadcastable
// dimensions, and dtypes are promoted (int + float -> float), as in Theano and
// NumPy. C++ numbers become constants of the other operand's dtype.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_API_OPS_H
#define THETA_API_OPS_H

#include "theta/Variable.h"

#include <optional>
#include <vector>

namespace theta {

/// An operand of an operator: a Variable or a C++ number, with the location
/// of the expression that uses it (operators cannot take a defaulted location).
/// One size of a shape: a number, or a rank-0 integer Variable known only
/// when the function is called (`x.shape()[0]`), which folds to a constant
/// once the call's shapes are known.
struct Size {
  Size(int value) : value(value) {}
  Size(long value) : value(value) {}
  Size(long long value) : value(value) {}
  Size(unsigned value) : value(value) {}
  Size(unsigned long value) : value(static_cast<int64_t>(value)) {}
  Size(const Variable &symbolic) : symbolic(symbolic) {}
  int64_t value = 0;
  Variable symbolic;
};

/// A shape for reshape, zeros, ones and alloc: `{x.shape()[0], -1}`,
/// `{2, 3}`, or a std::vector<int64_t>.
struct Sizes {
  Sizes(std::initializer_list<Size> sizes) : entries(sizes) {}
  Sizes(const std::vector<int64_t> &sizes) : entries(sizes.begin(), sizes.end()) {}
  Sizes(const std::vector<Size> &sizes) : entries(sizes) {}
  std::vector<Size> entries;
};

struct Operand {
  Operand(const Variable &variable, SourceLocation where = SourceLocation::current())
      : variable(variable), isVariable(true), where(where) {}
  Operand(const SharedVariable &variable, SourceLocation where = SourceLocation::current())
      : variable(variable), isVariable(true), where(where) {}
  Operand(double number, SourceLocation where = SourceLocation::current())
      : number(number), where(where) {}
  Operand(float number, SourceLocation where = SourceLocation::current())
      : number(number), where(where) {}
  Operand(int number, SourceLocation where = SourceLocation::current())
      : number(number), isInteger(true), where(where) {}
  // Every C++ integer type (int64_t, size_t...), without ambiguity.
  Operand(long number, SourceLocation where = SourceLocation::current())
      : number(static_cast<double>(number)), isInteger(true), where(where) {}
  Operand(long long number, SourceLocation where = SourceLocation::current())
      : number(static_cast<double>(number)), isInteger(true), where(where) {}
  Operand(unsigned number, SourceLocation where = SourceLocation::current())
      : number(number), isInteger(true), where(where) {}
  Operand(unsigned long number, SourceLocation where = SourceLocation::current())
      : number(static_cast<double>(number)), isInteger(true), where(where) {}
  Operand(unsigned long long number, SourceLocation where = SourceLocation::current())
      : number(static_cast<double>(number)), isInteger(true), where(where) {}
  Variable variable;
  double number = 0;
  bool isInteger = false;
  /// Made from a Variable, even an empty one: that is an error, not the number 0.
  bool isVariable = false;
  SourceLocation where;
};

Variable operator+(Operand a, Operand b);
Variable operator-(Operand a, Operand b);
Variable operator*(Operand a, Operand b);
Variable operator/(Operand a, Operand b);
Variable operator-(Operand a);
Variable operator>(Operand a, Operand b);
Variable operator>=(Operand a, Operand b);
Variable operator<(Operand a, Operand b);
Variable operator<=(Operand a, Operand b);
Variable operator&(Operand a, Operand b);
Variable operator|(Operand a, Operand b);
Variable operator~(Operand a);

#define THETA_BINARY(name)                                                                 \
  Variable name(Operand a, Operand b, SourceLocation where = SourceLocation::current());
THETA_BINARY(add)
THETA_BINARY(sub)
THETA_BINARY(mul)
THETA_BINARY(true_div)
THETA_BINARY(pow)
THETA_BINARY(maximum)
THETA_BINARY(minimum)
THETA_BINARY(gt)
THETA_BINARY(ge)
THETA_BINARY(lt)
THETA_BINARY(le)
THETA_BINARY(eq)
THETA_BINARY(neq)
THETA_BINARY(and_)
THETA_BINARY(or_)
#undef THETA_BINARY

#define THETA_UNARY(name)                                                                  \
  Variable name(const Variable &x, SourceLocation where = SourceLocation::current());
THETA_UNARY(neg)
THETA_UNARY(abs)
THETA_UNARY(sgn)
THETA_UNARY(not_)
THETA_UNARY(sqr)
THETA_UNARY(shape)
// exp, log, sin, cos, ..., erfinv, isnan, isinf: one line each in
// ElementwiseOps.def.
#define THETA_FLOAT_UNARY(name, op) THETA_UNARY(name)
#define THETA_PREDICATE_UNARY(name, op) THETA_UNARY(name)
#include "theta/ElementwiseOps.def"
#undef THETA_UNARY

/// Theano's switch(cond, a, b).
Variable switch_(Operand condition, Operand a, Operand b,
                 SourceLocation where = SourceLocation::current());
/// Theano's lazy ifelse(condition, then, else): `then_value` when the scalar
/// `condition` is true (non-zero), else `else_value`, computing only the
/// ops the taken branch needs (the rest of the graph is shared). Paired
/// values have one rank and, at the call, one shape; dtypes are promoted.
/// Differentiable in the branch values.
Variable ifelse(Operand condition, const Variable &then_value, const Variable &else_value,
                SourceLocation where = SourceLocation::current());
std::vector<Variable> ifelse(Operand condition, const std::vector<Variable> &then_values,
                             const std::vector<Variable> &else_values,
                             SourceLocation where = SourceLocation::current());
Variable cast(const Variable &x, DType dtype, SourceLocation where = SourceLocation::current());

/// numpy.dot / Theano's T.dot: inner, matrix-vector and matrix products;
/// with a scalar, the product; for higher ranks the sum over a's last axis
/// and b's second-to-last (tensordot), e.g. (2, 3, 4) . (5, 4, 6) is
/// (2, 3, 5, 6). batched_dot is the per-batch product.
Variable dot(const Variable &a, const Variable &b,
             SourceLocation where = SourceLocation::current());

#define THETA_REDUCTION(name)                                                              \
  Variable name(const Variable &x, Axes axes = std::nullopt,                                 \
                bool keepdims = false, SourceLocation where = SourceLocation::current());
THETA_REDUCTION(sum)
THETA_REDUCTION(prod)
THETA_REDUCTION(max)
THETA_REDUCTION(min)
THETA_REDUCTION(mean)
#undef THETA_REDUCTION
/// Index of the maximum along `axis` (all axes, flattened, when absent).
Variable argmax(const Variable &x, std::optional<int64_t> axis = std::nullopt,
                bool keepdims = false, SourceLocation where = SourceLocation::current());

/// New shape: sizes (static or symbolic, see Size) and at most one -1.
Variable reshape(const Variable &x, const Sizes &shape,
                 SourceLocation where = SourceLocation::current());
/// Pattern entries are input dimensions or theta::newaxis for a new broadcastable one.
Variable dimshuffle(const Variable &x, std::vector<int64_t> pattern,
                    SourceLocation where = SourceLocation::current());
Variable flatten(const Variable &x, int64_t ndim = 1,
                 SourceLocation where = SourceLocation::current());
Variable transpose(const Variable &x, SourceLocation where = SourceLocation::current());
Variable concatenate(const std::vector<Variable> &xs, int64_t axis = 0,
                     SourceLocation where = SourceLocation::current());

/// A slice in one dimension: static bounds (Python semantics: negative
/// counts from the end, clipped to the dimension, so possibly shorter or
/// empty), or a start with an exact length (Theano's X[idx:idx+n]).
struct Slice {
  std::optional<int64_t> start, stop;
  int64_t step = 1;
  Variable symbolicStart;
  int64_t length = -1;

  Slice() = default;
  Slice(std::optional<int64_t> start, std::optional<int64_t> stop, int64_t step = 1)
      : start(start), stop(stop), step(step) {}
  static Slice all() { return Slice(); }
  /// X[start : start + length]
  static Slice from(const Variable &start, int64_t length) {
    Slice slice;
    slice.symbolicStart = start;
    slice.length = length;
    return slice;
  }
  /// Exactly `length` elements from a static `start` (negative from the
  /// end): unlike Slice(start, stop), never clipped, so the result's size
  /// is known when the graph is built; a dimension too short is a
  /// ShapeError naming the line at the call (split's pieces).
  static Slice exactly(int64_t start, int64_t length) {
    Slice slice(start, std::nullopt);
    slice.length = length;
    return slice;
  }
};

/// One entry of an index: an integer (static or symbolic) or a slice, with
/// the line that wrote it (for Variable::operator[]'s messages).
struct Index {
  Index(int64_t value, SourceLocation where = SourceLocation::current())
      : integer(value), where(where) {}
  Index(int value, SourceLocation where = SourceLocation::current())
      : integer(value), where(where) {}
  Index(const Variable &value, SourceLocation where = SourceLocation::current())
      : symbolic(value), where(where) {}
  Index(Slice value, SourceLocation where = SourceLocation::current())
      : slice(std::move(value)), isSlice(true), where(where) {}
  std::optional<int64_t> integer;
  Variable symbolic;
  Slice slice;
  bool isSlice = false;
  SourceLocation where;
};

/// X[i0, i1, ...]; trailing dimensions not indexed are taken whole.
Variable subtensor(const Variable &x, const std::vector<Index> &indices,
                   SourceLocation where = SourceLocation::current());
/// set_subtensor(X[...], v) / inc_subtensor(X[...], v): a new tensor.
Variable set_subtensor(const Variable &x, const std::vector<Index> &indices, Operand value,
                       SourceLocation where = SourceLocation::current());
Variable inc_subtensor(const Variable &x, const std::vector<Index> &indices, Operand value,
                       SourceLocation where = SourceLocation::current());
/// X[idx] for an integer index tensor: gathers along `axis`.
Variable take(const Variable &x, const Variable &indices, int64_t axis = 0,
              SourceLocation where = SourceLocation::current());

Variable zeros(const Sizes &shape, std::optional<DType> dtype = std::nullopt,
               SourceLocation where = SourceLocation::current());
Variable ones(const Sizes &shape, std::optional<DType> dtype = std::nullopt,
              SourceLocation where = SourceLocation::current());
Variable zeros_like(const Variable &x, SourceLocation where = SourceLocation::current());
Variable ones_like(const Variable &x, SourceLocation where = SourceLocation::current());
/// Theano's alloc(value, *shape): `value` broadcast to `shape`.
Variable alloc(Operand value, const Sizes &shape,
               SourceLocation where = SourceLocation::current());
/// Theano's fill(model, value): model's shape, value's dtype.
Variable fill(const Variable &model, Operand value,
              SourceLocation where = SourceLocation::current());

} // namespace theta

#endif // THETA_API_OPS_H
