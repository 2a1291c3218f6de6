//===- ShapeComposites.cpp - squeeze, tile, repeat, roll, split, tensordot -===//
//
// numpy's shape functions as compositions of dimshuffle, concatenate,
// subtensor and reshape. Sizes the graph does not know statically are taken
// from x.shape() (theta::Size), so they fold to constants when a call's
// shapes are known; autodiff differentiates through all of them.
//
//===----------------------------------------------------------------------===//
#include "api/Graph.h"
#include "theta/Composites.h"

#include "runtime/Error.h"

#include <numeric>

namespace theta {
using detail::at;
namespace {

/// x[:, ..., slice, ...] with `slice` at `axis`.
Variable sliceAlong(const Variable &x, int64_t axis, Slice slice, SourceLocation where) {
  std::vector<Index> indices(static_cast<size_t>(axis), Index(Slice::all(), where));
  indices.emplace_back(std::move(slice), where);
  return subtensor(x, indices, where);
}

/// The size of dimension d: static when the type knows it.
Size sizeOf(const Variable &x, int64_t d, SourceLocation where) {
  int64_t known = x.staticShape()[static_cast<size_t>(d)];
  if (known >= 0)
    return Size(known);
  return Size(x.shape(where)[{Index(d, where)}]);
}

/// The product of some sizes (symbolic when any is).
Size productOf(const Variable &x, const std::vector<int64_t> &dims, SourceLocation where) {
  int64_t known = 1;
  Variable symbolic;
  for (int64_t d : dims) {
    Size size = sizeOf(x, d, where);
    if (!size.symbolic)
      known *= size.value;
    else
      symbolic = symbolic ? mul(symbolic, size.symbolic, where) : size.symbolic;
  }
  if (!symbolic)
    return Size(known);
  return Size(known == 1 ? symbolic : mul(symbolic, known, where));
}

} // namespace

Variable squeeze(const Variable &x, std::vector<int64_t> axes, SourceLocation where) {
  int64_t ndim = x.ndim(where);
  std::vector<bool> drop(static_cast<size_t>(ndim), false);
  if (axes.empty()) {
    for (int64_t d = 0; d < ndim; ++d)
      drop[static_cast<size_t>(d)] = x.staticShape()[static_cast<size_t>(d)] == 1;
  } else {
    for (int64_t axis : axes)
      drop[static_cast<size_t>(detail::checkedAxis(axis, ndim, "squeeze", where))] = true;
  }
  std::vector<int64_t> pattern;
  for (int64_t d = 0; d < ndim; ++d)
    if (!drop[static_cast<size_t>(d)])
      pattern.push_back(d);
  return dimshuffle(x, pattern, where);
}

Variable tile(const Variable &x, std::vector<int64_t> reps, SourceLocation where) {
  int64_t ndim = x.ndim(where);
  Variable result = x;
  if (static_cast<int64_t>(reps.size()) > ndim) { // numpy: new leading axes
    std::vector<int64_t> pattern(reps.size() - static_cast<size_t>(ndim), newaxis);
    for (int64_t d = 0; d < ndim; ++d)
      pattern.push_back(d);
    result = dimshuffle(x, pattern, where);
    ndim = static_cast<int64_t>(reps.size());
  }
  reps.insert(reps.begin(), static_cast<size_t>(ndim) - reps.size(), 1);
  for (int64_t d = 0; d < ndim; ++d) {
    int64_t r = reps[static_cast<size_t>(d)];
    if (r < 0)
      throw ArgumentError(at(where) + ": tile: negative repetitions " + std::to_string(r));
    if (r == 1)
      continue;
    if (r == 0)
      return sliceAlong(result, d, Slice::exactly(0, 0), where);
    result = concatenate(std::vector<Variable>(static_cast<size_t>(r), result), d, where);
  }
  return result;
}

Variable repeat(const Variable &x, int64_t repeats, std::optional<int64_t> axis,
                SourceLocation where) {
  if (repeats < 1)
    throw ArgumentError(at(where) + ": repeat: repeats must be at least 1, got " +
                        std::to_string(repeats));
  if (!axis)
    return repeat(flatten(x, 1, where), repeats, 0, where);
  int64_t ndim = x.ndim(where);
  int64_t a = detail::checkedAxis(*axis, ndim, "repeat", where);
  // (..., n, 1, ...) -> (..., n, repeats, ...) -> (..., n * repeats, ...)
  std::vector<int64_t> pattern;
  for (int64_t d = 0; d < ndim; ++d) {
    pattern.push_back(d);
    if (d == a)
      pattern.push_back(newaxis);
  }
  Variable expanded = dimshuffle(x, pattern, where);
  Variable copies =
      concatenate(std::vector<Variable>(static_cast<size_t>(repeats), expanded), a + 1, where);
  std::vector<Size> shape;
  for (int64_t d = 0; d < ndim; ++d) {
    Size size = sizeOf(x, d, where);
    if (d == a)
      size = size.symbolic ? Size(mul(size.symbolic, repeats, where)) : Size(size.value * repeats);
    shape.push_back(size);
  }
  return reshape(copies, shape, where);
}

Variable roll(const Variable &x, int64_t shift, std::optional<int64_t> axis,
              SourceLocation where) {
  if (!axis)
    return reshape(roll(flatten(x, 1, where), shift, 0, where),
                   [&] {
                     std::vector<Size> shape;
                     for (int64_t d = 0; d < x.ndim(where); ++d)
                       shape.push_back(sizeOf(x, d, where));
                     return shape;
                   }(),
                   where);
  int64_t a = detail::checkedAxis(*axis, x.ndim(where), "roll", where);
  int64_t size = x.staticShape()[static_cast<size_t>(a)];
  if (size < 0)
    throw ShapeError(at(where) + ": roll needs the size of axis " + std::to_string(a) +
                     " when the graph is built (slices of Theta's graphs have static "
                     "lengths); give x a static shape there, e.g. with reshape");
  if (size > 0)
    shift %= size;
  if (shift == 0)
    return x;
  // The last `shift` elements come first.
  if (shift < 0)
    shift += size;
  Variable tail = sliceAlong(x, a, Slice(size - shift, size), where);
  Variable head = sliceAlong(x, a, Slice(0, size - shift), where);
  return concatenate({tail, head}, a, where);
}

std::vector<Variable> split(const Variable &x, std::vector<int64_t> sizes, int64_t axis,
                            SourceLocation where) {
  int64_t a = detail::checkedAxis(axis, x.ndim(where), "split", where);
  std::vector<Variable> pieces;
  int64_t start = 0;
  for (int64_t size : sizes) {
    if (size < 0)
      throw ArgumentError(at(where) + ": split: negative size " + std::to_string(size));
    pieces.push_back(sliceAlong(x, a, Slice::exactly(start, size), where));
    start += size;
  }
  return pieces;
}

Variable tensordot(const Variable &a, const Variable &b, int64_t axes, SourceLocation where) {
  std::vector<int64_t> axesA, axesB;
  for (int64_t k = 0; k < axes; ++k) {
    axesA.push_back(a.ndim(where) - axes + k);
    axesB.push_back(k);
  }
  return tensordot(a, b, axesA, axesB, where);
}

Variable tensordot(const Variable &a, const Variable &b, std::vector<int64_t> axesA,
                   std::vector<int64_t> axesB, SourceLocation where) {
  if (axesA.size() != axesB.size())
    throw ArgumentError(at(where) + ": tensordot: " + std::to_string(axesA.size()) +
                        " axes of a but " + std::to_string(axesB.size()) + " of b");
  int64_t rankA = a.ndim(where), rankB = b.ndim(where);
  std::vector<bool> contractedA(static_cast<size_t>(rankA)), contractedB(static_cast<size_t>(rankB));
  for (int64_t &axis : axesA)
    contractedA[static_cast<size_t>(axis = detail::checkedAxis(axis, rankA, "tensordot", where))] = true;
  for (int64_t &axis : axesB)
    contractedB[static_cast<size_t>(axis = detail::checkedAxis(axis, rankB, "tensordot", where))] = true;
  std::vector<int64_t> freeA, freeB;
  for (int64_t d = 0; d < rankA; ++d)
    if (!contractedA[static_cast<size_t>(d)])
      freeA.push_back(d);
  for (int64_t d = 0; d < rankB; ++d)
    if (!contractedB[static_cast<size_t>(d)])
      freeB.push_back(d);
  // a -> (free a, contracted), b -> (contracted, free b), one product.
  std::vector<int64_t> patternA = freeA, patternB = axesB;
  patternA.insert(patternA.end(), axesA.begin(), axesA.end());
  patternB.insert(patternB.end(), freeB.begin(), freeB.end());
  Size contracted = productOf(a, axesA, where);
  Variable matrixA = reshape(dimshuffle(a, patternA, where),
                             {productOf(a, freeA, where), contracted}, where);
  Variable matrixB = reshape(dimshuffle(b, patternB, where),
                             {contracted, productOf(b, freeB, where)}, where);
  std::vector<Size> shape;
  for (int64_t d : freeA)
    shape.push_back(sizeOf(a, d, where));
  for (int64_t d : freeB)
    shape.push_back(sizeOf(b, d, where));
  return reshape(dot(matrixA, matrixB, where), shape, where);
}

Variable batched_dot(const Variable &a, const Variable &b, SourceLocation where) {
  int64_t rankA = a.ndim(where), rankB = b.ndim(where);
  if (rankA < 2 || rankA > 3 || rankB < 2 || rankB > 3)
    throw ShapeError(at(where) + ": batched_dot takes tensors of rank 2 or 3, got ranks " +
                     std::to_string(rankA) + " and " + std::to_string(rankB));
  // As rank-3 batched products: (B, n) is (B, 1, n) on the left, (B, n, 1) on the right.
  Variable left = rankA == 3 ? a : dimshuffle(a, {0, newaxis, 1}, where);
  Variable right = rankB == 3 ? b : dimshuffle(b, {0, 1, newaxis}, where);
  Variable product = detail::productOp(left, right, where); // the op's batched product
  std::vector<int64_t> keep = {0};
  if (rankA == 3)
    keep.push_back(1);
  if (rankB == 3)
    keep.push_back(2);
  return dimshuffle(product, keep, where);
}

namespace nnet {

Variable images2neibs(const Variable &images, std::array<int64_t, 2> neib_shape,
                      SourceLocation where) {
  if (images.ndim(where) != 4)
    throw ShapeError(at(where) + ": images2neibs takes a rank-4 tensor, got " +
                     detail::describe(images));
  int64_t h = neib_shape[0], w = neib_shape[1];
  if (h < 1 || w < 1)
    throw ArgumentError(at(where) + ": images2neibs: the neighbourhood must be at least 1x1");
  Size batch = sizeOf(images, 0, where), channels = sizeOf(images, 1, where);
  // Every size given, none inferred (a -1 is ambiguous when the batch or the
  // channels are empty). A dimension the neighbourhood does not divide
  // leaves the element counts unequal, which the reshape reports.
  auto divided = [&](const Size &size, int64_t divisor) {
    return size.symbolic ? Size(int_div(size.symbolic, divisor, where))
                         : Size(size.value / divisor);
  };
  auto times = [&](const Size &a, const Size &b) {
    if (!a.symbolic && !b.symbolic)
      return Size(a.value * b.value);
    return Size(mul(a.symbolic ? Operand(a.symbolic) : Operand(a.value),
                    b.symbolic ? Operand(b.symbolic) : Operand(b.value), where));
  };
  Size height = sizeOf(images, 2, where), width = sizeOf(images, 3, where);
  Size blockRows = divided(height, h), blockColumns = divided(width, w);
  // (B, C, H, W) -> (B, C, H, W/w, w) -> (B, C, H/h, h, W/w, w).
  Variable columns = reshape(images, {batch, channels, height, blockColumns, w}, where);
  Variable blocks = reshape(columns, {batch, channels, blockRows, h, blockColumns, w}, where);
  Variable patches = dimshuffle(blocks, {0, 1, 2, 4, 3, 5}, where);
  Size patchCount = times(times(batch, channels), times(blockRows, blockColumns));
  return reshape(patches, {patchCount, h * w}, where);
}

Variable batch_normalization(const Variable &x, const Variable &gamma, const Variable &beta,
                             const Variable &mean, const Variable &std, SourceLocation where) {
  return add(mul(sub(x, mean, where), true_div(gamma, std, where), where), beta, where);
}

std::vector<Variable> batch_normalization_train(const Variable &x, const Variable &gamma,
                                                const Variable &beta, std::vector<int64_t> axes,
                                                double epsilon, SourceLocation where) {
  Variable mean = x.mean(axes, /*keepdims=*/true, where);
  Variable variance = var(x, axes, /*keepdims=*/true, where);
  Variable invstd = true_div(1.0, sqrt(add(variance, epsilon, where), where), where);
  Variable output = add(mul(mul(sub(x, mean, where), invstd, where), gamma, where), beta, where);
  return {output, mean, invstd};
}

Variable batch_normalization_test(const Variable &x, const Variable &gamma, const Variable &beta,
                                  const Variable &mean, const Variable &variance, double epsilon,
                                  SourceLocation where) {
  return batch_normalization(x, gamma, beta, mean, sqrt(add(variance, epsilon, where), where),
                             where);
}

} // namespace nnet
} // namespace theta
