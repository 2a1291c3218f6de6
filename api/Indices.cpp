//===- Indices.cpp - arange, eye, tril/triu, diag, cumsum -----------------===//
//
// Everything here compares or scales theta.iota (0, 1, 2, ... along the last
// dimension): eye is iota(n)[:, None] + k == iota(m)[None, :], tril/triu
// mask with such a comparison, cumsum multiplies by a triangular matrix of
// ones. Sizes may be symbolic (x.shape()[0]); they fold to constants when a
// call's shapes are known. Autodiff differentiates through all of them.
//
//===----------------------------------------------------------------------===//
#include "api/Graph.h"
#include "dialect/ThetaOps.h"
#include "theta/Composites.h"
#include "theta/Scan.h"

#include "runtime/Compiler.h"
#include "runtime/Error.h"

namespace theta {
using detail::at;
namespace {

/// (rows, 1) and (1, cols) int64 index grids for a mask.
std::pair<Variable, Variable> indexGrids(const Size &rows, const Size &cols,
                                         SourceLocation where) {
  return {dimshuffle(arange(rows, DType::Int64, where), {0, newaxis}, where),
          dimshuffle(arange(cols, DType::Int64, where), {newaxis, 0}, where)};
}

Size dimension(const Variable &x, int64_t d, SourceLocation where) {
  int64_t known = x.staticShape()[static_cast<size_t>(d)];
  if (known >= 0)
    return Size(known);
  return Size(x.shape(where)[{Index(d, where)}]);
}

void requireMatrix(const Variable &x, const char *function, SourceLocation where) {
  if (x.ndim(where) != 2)
    throw ShapeError(at(where) + ": " + function + " takes a matrix, got " +
                     detail::describe(x));
}

} // namespace

Variable arange(const Size &stop, DType dtype, SourceLocation where) {
  std::vector<Variable> keep;
  std::vector<int64_t> statics;
  llvm::SmallVector<mlir::Value> operands;
  if (stop.symbolic) {
    if (stop.symbolic.ndim(where) != 0 || isFloat(stop.symbolic.dtype(where)))
      throw TypeError(at(where) + ": arange: a symbolic size must be a rank-0 integer, got " +
                      detail::describe(stop.symbolic));
    keep.push_back(cast(stop.symbolic, DType::Int64, where));
    operands.push_back(detail::valueOf(keep.back(), where));
    statics.push_back(mlir::ShapedType::kDynamic);
  } else {
    if (stop.value < 0)
      throw ArgumentError(at(where) + ": arange of a negative size " +
                          std::to_string(stop.value));
    statics.push_back(stop.value);
  }
  detail::Graph &graph = detail::Graph::instance();
  std::lock_guard<std::recursive_mutex> guard(graph.mutex());
  mlir::Builder b(&graph.context());
  return graph.build1<IotaOp>(
      operands,
      {detail::named<IotaOp>(&IotaOp::getStaticShapeAttrName, b.getDenseI64ArrayAttr(statics)),
       detail::named<IotaOp>(&IotaOp::getDtypeAttrName,
                             mlir::TypeAttr::get(mlirElementType(graph.context(), dtype)))},
      where);
}

Variable arange(int64_t start, int64_t stop, int64_t step, DType dtype, SourceLocation where) {
  if (step == 0)
    throw ArgumentError(at(where) + ": arange with step 0");
  int64_t count = step > 0 ? (stop - start + step - 1) / step : (start - stop - step - 1) / -step;
  Variable indices = arange(Size(std::max<int64_t>(count, 0)), dtype, where);
  if (step == 1 && start == 0)
    return indices;
  return cast(add(mul(indices, step, where), start, where), dtype, where);
}

Variable eye(const Size &n, std::optional<Size> m, int64_t k, std::optional<DType> dtype,
             SourceLocation where) {
  auto [rows, cols] = indexGrids(n, m.value_or(n), where);
  return cast(eq(add(rows, k, where), cols, where), dtype.value_or(floatX()), where);
}

Variable identity_like(const Variable &x, SourceLocation where) {
  requireMatrix(x, "identity_like", where);
  return eye(dimension(x, 0, where), dimension(x, 1, where), 0, x.dtype(where), where);
}

Variable tril(const Variable &x, int64_t k, SourceLocation where) {
  requireMatrix(x, "tril", where);
  auto [rows, cols] = indexGrids(dimension(x, 0, where), dimension(x, 1, where), where);
  return switch_(ge(add(rows, k, where), cols, where), x, zeros_like(x, where), where);
}

Variable triu(const Variable &x, int64_t k, SourceLocation where) {
  requireMatrix(x, "triu", where);
  auto [rows, cols] = indexGrids(dimension(x, 0, where), dimension(x, 1, where), where);
  return switch_(le(add(rows, k, where), cols, where), x, zeros_like(x, where), where);
}

Variable diag(const Variable &v, SourceLocation where) {
  if (v.ndim(where) != 1)
    throw ShapeError(at(where) + ": diag takes a vector, got " + detail::describe(v));
  Size n = dimension(v, 0, where);
  return mul(eye(n, n, 0, v.dtype(where), where), dimshuffle(v, {newaxis, 0}, where), where);
}

Variable diagonal(const Variable &x, SourceLocation where) {
  requireMatrix(x, "diagonal", where);
  return sum(mul(x, identity_like(x, where), where), 1, false, where);
}

Variable cumsum(const Variable &x, std::optional<int64_t> axis, SourceLocation where) {
  if (!axis)
    return cumsum(flatten(x, 1, where), 0, where);
  int64_t ndim = x.ndim(where);
  int64_t a = detail::checkedAxis(*axis, ndim, "cumsum", where);
  Size n = dimension(x, a, where);
  // L[i, j] = (i >= j): result[i] = sum_j L[i, j] x[j] along the axis.
  Variable lower = tril(ones({n, n}, x.dtype(where), where), 0, where);
  Variable summed = tensordot(lower, x, {1}, {a}, where); // axis a is now first
  std::vector<int64_t> pattern;
  for (int64_t d = 1; d <= a; ++d)
    pattern.push_back(d);
  pattern.push_back(0);
  for (int64_t d = a + 1; d < ndim; ++d)
    pattern.push_back(d);
  return dimshuffle(summed, pattern, where);
}

Variable cumprod(const Variable &x, std::optional<int64_t> axis, SourceLocation where) {
  if (!axis)
    return cumprod(flatten(x, 1, where), 0, where);
  int64_t ndim = x.ndim(where);
  int64_t a = detail::checkedAxis(*axis, ndim, "cumprod", where);
  // Scan over the axis moved to the front: p[t] = p[t-1] * x[t], p[-1] = 1.
  std::vector<int64_t> toFront = {a}, back;
  for (int64_t d = 0; d < ndim; ++d)
    if (d != a)
      toFront.push_back(d);
  for (int64_t d = 1; d <= a; ++d)
    back.push_back(d);
  back.push_back(0);
  for (int64_t d = a + 1; d < ndim; ++d)
    back.push_back(d);
  Variable sequence = dimshuffle(x, toFront, where);
  Variable first = sequence[{Index(0, where)}];
  ScanResult products = scan(
      [](const std::vector<Variable> &step) { return StepResult(step[1] * step[0]); }, {sequence},
      {OutputInfo(ones_like(first, where))}, {}, {}, where);
  return dimshuffle(products[0], back, where);
}

} // namespace theta
