//===- ShapeUtils.cpp -----------------------------------------------------===//
#include "dialect/ShapeUtils.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace theta {

std::string typeToString(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  type.print(os);
  return text;
}

bool areCompatibleTypes(TypeRange declared, TypeRange inferred) {
  if (declared.size() != inferred.size())
    return false;
  for (auto [a, b] : llvm::zip(declared, inferred)) {
    auto lhs = dyn_cast<RankedTensorType>(a), rhs = dyn_cast<RankedTensorType>(b);
    if (!lhs || !rhs)
      return a == b;
    if (lhs.getElementType() != rhs.getElementType() || lhs.getRank() != rhs.getRank())
      return false;
    for (auto [x, y] : llvm::zip(lhs.getShape(), rhs.getShape()))
      if (x != y && !ShapedType::isDynamic(x) && !ShapedType::isDynamic(y))
        return false;
  }
  return true;
}

std::optional<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<llvm::ArrayRef<int64_t>> shapes, std::string &why) {
  llvm::SmallVector<int64_t> result(shapes.front());
  for (auto [index, shape] : llvm::enumerate(shapes.drop_front())) {
    if (shape.size() != result.size()) {
      why = "ranks differ (" + std::to_string(result.size()) + " vs " +
            std::to_string(shape.size()) + ")";
      return std::nullopt;
    }
    for (size_t d = 0; d < shape.size(); ++d) {
      int64_t a = result[d], b = shape[d];
      if (a == b || b == 1)
        continue;
      if (a == 1) {
        result[d] = b;
        continue;
      }
      if (ShapedType::isDynamic(a)) {
        result[d] = b; // A dynamic size must match the static one at run time.
        continue;
      }
      if (ShapedType::isDynamic(b))
        continue;
      why = "dimension " + std::to_string(d) + " has sizes " + std::to_string(a) +
            " and " + std::to_string(b) + ", which do not broadcast";
      return std::nullopt;
    }
  }
  return result;
}

llvm::SmallVector<int64_t> normalizeAxes(std::optional<llvm::ArrayRef<int64_t>> axes,
                                         int64_t rank) {
  llvm::SmallVector<int64_t> result;
  if (!axes) {
    for (int64_t d = 0; d < rank; ++d)
      result.push_back(d);
    return result;
  }
  for (int64_t axis : *axes)
    result.push_back(axis < 0 ? axis + rank : axis);
  llvm::sort(result);
  return result;
}

int64_t shapeProduct(llvm::ArrayRef<int64_t> shape) {
  int64_t product = 1;
  for (int64_t size : shape) {
    if (ShapedType::isDynamic(size))
      return ShapedType::kDynamic;
    product *= size;
  }
  return product;
}

int64_t sliceSizeToEnd(int64_t dim, int64_t start, int64_t step) {
  if (ShapedType::isDynamic(dim) || ShapedType::isDynamic(start))
    return ShapedType::kDynamic;
  if (start < 0)
    start += dim;
  if (start >= dim)
    return 0;
  return (dim - start + step - 1) / step;
}

std::optional<std::pair<int64_t, int64_t>> pythonSlice(int64_t dim, int64_t start, int64_t stop,
                                                      int64_t step) {
  if (ShapedType::isDynamic(dim))
    return std::nullopt;
  auto clip = [&](int64_t bound) {
    if (bound < 0)
      bound += dim;
    return std::clamp<int64_t>(bound, 0, dim);
  };
  int64_t first = clip(start), last = stop == kNoStop ? dim : clip(stop);
  int64_t count = last > first ? (last - first + step - 1) / step : 0;
  return std::pair<int64_t, int64_t>{count == 0 ? 0 : first, count};
}

RankedTensorType dropLeading(RankedTensorType type) {
  return RankedTensorType::get(type.getShape().drop_front(), type.getElementType());
}

RankedTensorType withLeading(int64_t size, RankedTensorType type) {
  SmallVector<int64_t> shape{size};
  llvm::append_range(shape, type.getShape());
  return RankedTensorType::get(shape, type.getElementType());
}

} // namespace theta
