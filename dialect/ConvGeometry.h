//===- ConvGeometry.h - output sizes and padding of conv2d and pool2d -----===//
//
// One place for the size arithmetic that type inference, gradients and the
// lowering must agree on. Sizes may be mlir::ShapedType::kDynamic; results
// that depend on an unknown size are kDynamic too.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_DIALECT_CONVGEOMETRY_H
#define THETA_DIALECT_CONVGEOMETRY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

namespace theta {

/// Whether `mode` names a conv2d border mode: valid, full, half, same or
/// explicit.
bool isConvBorderMode(llvm::StringRef mode);

/// Padding [top, left, bottom, right] of a convolution (see conv2d's
/// description for the modes).
llvm::SmallVector<int64_t, 4> resolveConvPadding(llvm::StringRef mode,
                                                 llvm::ArrayRef<int64_t> explicitPadding,
                                                 llvm::ArrayRef<int64_t> strides,
                                                 llvm::ArrayRef<int64_t> dilations,
                                                 int64_t height, int64_t width, int64_t kh,
                                                 int64_t kw);

/// Output size along one spatial axis: floor((in + pads - d*(k-1) - 1) / s) + 1.
int64_t convOutputSize(int64_t input, int64_t kernel, int64_t stride, int64_t dilation,
                       int64_t padBegin, int64_t padEnd);

/// Output size of pooling along one axis (Theano's pool output shape).
int64_t poolOutputSize(int64_t input, int64_t window, int64_t stride, bool ignoreBorder);

} // namespace theta

#endif // THETA_DIALECT_CONVGEOMETRY_H
