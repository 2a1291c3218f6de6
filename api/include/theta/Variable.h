//===- theta/Variable.h - symbolic variables ------------------------------===//
#ifndef THETA_API_VARIABLE_H
#define THETA_API_VARIABLE_H

#include "runtime/Array.h"
#include "runtime/DType.h"
#include "runtime/Error.h"

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace theta {

/// Where in the user's program a node was built. Every API call takes one as
/// a defaulted last argument, so errors can point at the user's line.
struct SourceLocation {
  const char *file = "";
  int line = 0;
  static SourceLocation current(const char *file = __builtin_FILE(),
                                int line = __builtin_LINE()) {
    return {file, line};
  }
};

namespace detail {
struct Node;
struct SharedStorage;
} // namespace detail

struct Index;

/// The axes a reduction runs over: all of them (the default, or std::nullopt),
/// one (sum(x, 1)) or several (sum(x, {0, 2})); negative ones count from the end.
struct Axes : std::optional<std::vector<int64_t>> {
  using List = std::optional<std::vector<int64_t>>;
  Axes() = default;
  Axes(std::nullopt_t) {}
  Axes(int axis) : List(std::vector<int64_t>{axis}) {}
  Axes(long axis) : List(std::vector<int64_t>{static_cast<int64_t>(axis)}) {}
  Axes(long long axis) : List(std::vector<int64_t>{static_cast<int64_t>(axis)}) {}
  Axes(std::initializer_list<int64_t> axes) : List(std::vector<int64_t>(axes)) {}
  Axes(std::vector<int64_t> axes) : List(std::move(axes)) {}
  Axes(List axes) : List(std::move(axes)) {}
};

/// A symbolic tensor: an input, a shared variable or the result of an op.
/// Copies refer to the same node.
class Variable {
public:
  Variable() = default;

  // Each throws ArgumentError, naming the caller's line, on an empty
  // (default-constructed) Variable.
  DType dtype(SourceLocation where = SourceLocation::current()) const;
  int64_t ndim(SourceLocation where = SourceLocation::current()) const;
  /// The static sizes known so far (-1 where unknown until call time).
  std::vector<int64_t> staticShape(SourceLocation where = SourceLocation::current()) const;
  const std::string &name(SourceLocation where = SourceLocation::current()) const;
  /// Theano-style type text: "TensorType(float32, matrix)".
  std::string type(SourceLocation where = SourceLocation::current()) const;
  explicit operator bool() const { return node != nullptr; }

  // Theano's methods.
  Variable dimshuffle(std::vector<int64_t> pattern,
                      SourceLocation where = SourceLocation::current()) const;
  Variable reshape(std::vector<int64_t> shape,
                   SourceLocation where = SourceLocation::current()) const;
  Variable flatten(int64_t ndim = 1, SourceLocation where = SourceLocation::current()) const;
  Variable T(SourceLocation where = SourceLocation::current()) const;
  Variable astype(DType dtype, SourceLocation where = SourceLocation::current()) const;
  Variable sum(Axes axes = std::nullopt, bool keepdims = false,
               SourceLocation where = SourceLocation::current()) const;
  Variable mean(Axes axes = std::nullopt, bool keepdims = false,
                SourceLocation where = SourceLocation::current()) const;

  /// Theano's `x.tag.test_value = value`: with config().compute_test_value
  /// "warn" or "raise", ops built from it are evaluated when built (see
  /// theta/Config.h). The dtype converts only without loss; static sizes
  /// must match. Shared variables use their value instead.
  void set_test_value(const Array &value, SourceLocation where = SourceLocation::current());
  /// The test value set or computed (a shared variable's current value, a
  /// constant's value); throws ArgumentError naming the variable if none.
  Array test_value(SourceLocation where = SourceLocation::current()) const;

  /// Python's indexing (theta/Ops.h's subtensor): x[i], x[-1],
  /// x[{Slice(1, -1), 2}], X[{Slice::from(idx, n)}] (Theano's X[idx:idx+n]).
  Variable operator[](const Index &index) const;
  Variable operator[](std::initializer_list<Index> indices) const;
  /// The symbolic shape, an int64 vector: x.shape()[0].
  Variable shape(SourceLocation where = SourceLocation::current()) const;
  /// Theano's x.eval({y: value}): compiles a function of the given inputs
  /// (kept for the next eval of this node with the same inputs) and returns
  /// this node's value.
  Array eval(const std::vector<std::pair<Variable, Array>> &inputs = {},
             SourceLocation where = SourceLocation::current()) const;

  /// Identity of the node (for maps); equal for copies of one Variable.
  const void *id() const { return node.get(); }
  const std::shared_ptr<detail::Node> &impl() const { return node; }
  explicit Variable(std::shared_ptr<detail::Node> node) : node(std::move(node)) {}

private:
  std::shared_ptr<detail::Node> node;
};

/// A variable whose value lives between calls (model parameters, datasets).
class SharedVariable : public Variable {
public:
  SharedVariable() = default;
  /// A copy of the current value.
  Array get_value(SourceLocation where = SourceLocation::current()) const;
  /// Replaces the value; its dtype must match (the shape may change).
  void set_value(const Array &value, SourceLocation where = SourceLocation::current());

  explicit SharedVariable(std::shared_ptr<detail::Node> node) : Variable(std::move(node)) {}
};

/// Theano's 'x' in a dimshuffle pattern: a new broadcastable dimension.
constexpr int64_t newaxis = -1;

/// The float type of `scalar()`, `matrix()`... (config floatX).
DType floatX();

// Typed symbolic inputs, as in Theano (`T.scalar('x')`, `T.imatrix()`...).
Variable tensor(DType dtype, int64_t ndim, const std::string &name = "",
                SourceLocation where = SourceLocation::current());
Variable scalar(const std::string &name = "", SourceLocation where = SourceLocation::current());
Variable vector(const std::string &name = "", SourceLocation where = SourceLocation::current());
Variable matrix(const std::string &name = "", SourceLocation where = SourceLocation::current());
Variable tensor3(const std::string &name = "", SourceLocation where = SourceLocation::current());
Variable tensor4(const std::string &name = "", SourceLocation where = SourceLocation::current());
/// The same with a dtype, as T.matrix('x', dtype='float32').
Variable scalar(const std::string &name, DType dtype,
                SourceLocation where = SourceLocation::current());
Variable vector(const std::string &name, DType dtype,
                SourceLocation where = SourceLocation::current());
Variable matrix(const std::string &name, DType dtype,
                SourceLocation where = SourceLocation::current());
Variable tensor3(const std::string &name, DType dtype,
                 SourceLocation where = SourceLocation::current());
Variable tensor4(const std::string &name, DType dtype,
                 SourceLocation where = SourceLocation::current());
#define THETA_TYPED_CONSTRUCTORS(prefix)                                                   \
  Variable prefix##scalar(const std::string &name = "",                                     \
                          SourceLocation where = SourceLocation::current());                \
  Variable prefix##vector(const std::string &name = "",                                     \
                          SourceLocation where = SourceLocation::current());                \
  Variable prefix##matrix(const std::string &name = "",                                     \
                          SourceLocation where = SourceLocation::current());                \
  Variable prefix##tensor3(const std::string &name = "",                                    \
                           SourceLocation where = SourceLocation::current());               \
  Variable prefix##tensor4(const std::string &name = "",                                    \
                           SourceLocation where = SourceLocation::current());
THETA_TYPED_CONSTRUCTORS(f) // float32
THETA_TYPED_CONSTRUCTORS(d) // float64
THETA_TYPED_CONSTRUCTORS(i) // int32
THETA_TYPED_CONSTRUCTORS(l) // int64
THETA_TYPED_CONSTRUCTORS(b) // int8, as Theano's (a bool tensor: tensor(DType::Bool, rank))
THETA_TYPED_CONSTRUCTORS(w) // int16
#undef THETA_TYPED_CONSTRUCTORS

/// A shared variable holding a copy of `value`.
SharedVariable shared(const Array &value, const std::string &name = "",
                      SourceLocation where = SourceLocation::current());

/// A constant node.
Variable constant(const Array &value, SourceLocation where = SourceLocation::current());

} // namespace theta

#endif // THETA_API_VARIABLE_H
