//===- Sorting.cpp - sort and argsort -------------------------------------===//
//
// theta.argsort sorts rows along the last axis; other axes are moved last
// and back. sort gathers with those indices (take on the flattened rows),
// so its gradient is take's: each element's gradient goes back to where it
// came from.
//
//===----------------------------------------------------------------------===//
#include "api/Graph.h"
#include "dialect/ThetaOps.h"
#include "theta/Composites.h"

#include "runtime/Error.h"

namespace theta {
using detail::Graph;
using detail::valueOf;

namespace {

/// Dimension d of x: static when the type knows it.
Size sizeOf(const Variable &x, int64_t d, SourceLocation where) {
  int64_t known = x.staticShape()[static_cast<size_t>(d)];
  return known >= 0 ? Size(known) : Size(x.shape(where)[{Index(d, where)}]);
}

Variable argsortLast(const Variable &x, SourceLocation where) {
  detail::requireOperands("argsort", where, {x});
  // The runtime sorts 32- and 64-bit elements: narrower ones (and bool)
  // sort the same widened.
  DType dtype = x.dtype(where);
  Variable keys = x;
  if (dtype == DType::Float16)
    keys = cast(x, DType::Float32, where);
  else if (dtype == DType::Int8 || dtype == DType::UInt8 || dtype == DType::Int16 ||
           dtype == DType::Bool)
    keys = cast(x, DType::Int32, where);
  std::lock_guard<std::recursive_mutex> lock(Graph::instance().mutex());
  return Graph::instance().build1<ArgsortOp>({valueOf(keys, where)}, {}, where);
}

/// The number of rows of x seen as a matrix of its last dimension: the
/// product of the others, static when they are. (Not -1 in a reshape: that
/// is ambiguous when the last dimension is 0, as NumPy says.)
Size rowsOf(const Variable &x, SourceLocation where) {
  int64_t ndim = x.ndim(where), product = 1;
  Variable symbolic; // the product of the dimensions not known statically
  for (int64_t d = 0; d + 1 < ndim; ++d) {
    Size size = sizeOf(x, d, where);
    if (size.symbolic)
      symbolic = symbolic ? mul(symbolic, size.symbolic, where) : size.symbolic;
    else
      product *= size.value;
  }
  if (!symbolic)
    return Size(product);
  return Size(product == 1 ? symbolic : mul(symbolic, product, where));
}

/// x[..., order[..., k]] for every k: the rows of x reordered by `order`.
Variable gatherRows(const Variable &x, const Variable &order, SourceLocation where) {
  int64_t ndim = x.ndim(where);
  Size length = sizeOf(x, ndim - 1, where), rowsSize = rowsOf(x, where);
  Variable rows = reshape(x, {rowsSize, length}, where);
  Variable rowCount = rows.shape(where)[{Index(0, where)}];
  Variable rowStarts = arange(Size(rowCount), DType::Int64, where);
  rowStarts = length.symbolic ? mul(rowStarts, cast(length.symbolic, DType::Int64, where), where)
                              : mul(rowStarts, length.value, where);
  Variable offsets = dimshuffle(rowStarts, {0, newaxis}, where);
  Variable flatOrder =
      flatten(add(reshape(order, {rowsSize, length}, where), offsets, where), 1, where);
  Variable gathered = take(flatten(rows, 1, where), flatOrder, 0, where);
  Sizes shape{};
  for (int64_t d = 0; d < ndim; ++d)
    shape.entries.push_back(sizeOf(x, d, where));
  return reshape(gathered, shape, where);
}

/// The axis moved last (nullopt: x flattened), and how to move it back.
Variable axisLast(const Variable &x, std::optional<int64_t> axis, SourceLocation where) {
  if (!axis)
    return flatten(x, 1, where);
  int64_t ndim = x.ndim(where);
  if (ndim == 0)
    throw ShapeError(detail::at(where) + ": sort/argsort need a tensor of rank >= 1, got " +
                     detail::describe(x));
  detail::checkedAxis(*axis, ndim, "sort/argsort", where);
  return *axis == -1 || *axis == ndim - 1 ? x : swapaxes(x, *axis, -1, where);
}

Variable axisBack(const Variable &y, const Variable &x, std::optional<int64_t> axis,
                  SourceLocation where) {
  if (!axis)
    return y;
  int64_t ndim = x.ndim(where);
  return *axis == -1 || *axis == ndim - 1 ? y : swapaxes(y, *axis, -1, where);
}

} // namespace

Variable argsort(const Variable &x, std::optional<int64_t> axis, SourceLocation where) {
  detail::requireOperands("argsort", where, {x});
  return axisBack(argsortLast(axisLast(x, axis, where), where), x, axis, where);
}

Variable sort(const Variable &x, std::optional<int64_t> axis, SourceLocation where) {
  detail::requireOperands("sort", where, {x});
  Variable moved = axisLast(x, axis, where);
  return axisBack(gatherRows(moved, argsortLast(moved, where), where), x, axis, where);
}

} // namespace theta
