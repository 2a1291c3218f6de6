//===- ConvGeometry.cpp ---------------------------------------------------===//
#include "dialect/ConvGeometry.h"

#include "mlir/IR/BuiltinTypeInterfaces.h"

#include <algorithm>

using mlir::ShapedType;

namespace theta {

bool isConvBorderMode(llvm::StringRef mode) {
  return mode == "valid" || mode == "full" || mode == "half" || mode == "same" ||
         mode == "explicit";
}

/// Padding before and after along one axis.
static std::pair<int64_t, int64_t> axisPadding(llvm::StringRef mode, int64_t input,
                                               int64_t kernel, int64_t stride,
                                               int64_t dilation) {
  constexpr int64_t dynamic = ShapedType::kDynamic;
  if (mode == "valid")
    return {0, 0};
  if (ShapedType::isDynamic(kernel))
    return {dynamic, dynamic};
  int64_t span = dilation * (kernel - 1) + 1;
  if (mode == "full")
    return {span - 1, span - 1};
  // Theano's half: span / 2 on both sides (odd kernels keep the size, even
  // ones add one row and column).
  if (mode == "half")
    return {span / 2, span / 2};
  // same: the output has ceil(input / stride) elements.
  if (ShapedType::isDynamic(input))
    return {dynamic, dynamic};
  int64_t output = (input + stride - 1) / stride;
  int64_t total = std::max<int64_t>((output - 1) * stride + span - input, 0);
  return {total / 2, total - total / 2};
}

llvm::SmallVector<int64_t, 4> resolveConvPadding(llvm::StringRef mode,
                                                 llvm::ArrayRef<int64_t> explicitPadding,
                                                 llvm::ArrayRef<int64_t> strides,
                                                 llvm::ArrayRef<int64_t> dilations,
                                                 int64_t height, int64_t width, int64_t kh,
                                                 int64_t kw) {
  if (mode == "explicit")
    return llvm::SmallVector<int64_t, 4>(explicitPadding);
  auto [top, bottom] = axisPadding(mode, height, kh, strides[0], dilations[0]);
  auto [left, right] = axisPadding(mode, width, kw, strides[1], dilations[1]);
  return {top, left, bottom, right};
}

int64_t convOutputSize(int64_t input, int64_t kernel, int64_t stride, int64_t dilation,
                       int64_t padBegin, int64_t padEnd) {
  for (int64_t size : {input, kernel, padBegin, padEnd})
    if (ShapedType::isDynamic(size))
      return ShapedType::kDynamic;
  int64_t span = dilation * (kernel - 1) + 1;
  int64_t padded = input + padBegin + padEnd;
  return padded < span ? 0 : (padded - span) / stride + 1;
}

int64_t poolOutputSize(int64_t input, int64_t window, int64_t stride, bool ignoreBorder) {
  if (ShapedType::isDynamic(input))
    return ShapedType::kDynamic;
  if (ignoreBorder)
    return input < window ? 0 : (input - window) / stride + 1;
  // Theano: windows may stick out of the input, as long as they start inside.
  if (stride >= window)
    return (input - 1) / stride + 1;
  return std::max<int64_t>(0, (input - 1 - window + stride) / stride) + 1;
}

} // namespace theta
