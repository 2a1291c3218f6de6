//===- CudnnConvolution.h - convolutions through cuDNN's graph API --------===//
//
// On a CUDA device, f32 convolutions and their two gradients run in cuDNN 9
// through its graph (backend) API (the legacy API is deprecated): each is an
// operation graph of one convolution operation over dense NCHW tensors,
// planned once per kind, sizes and pointer alignment (the first engine
// cuDNN's heuristics rank that finalizes and keeps float32 arithmetic:
// engines that round inputs to TF32 or reduce in lower precision are
// skipped, as cuBLAS computes products in float32), then executed on the
// device's stream with its workspace from the device's pool. Building the
// descriptors up to the operation needs no GPU, which is what the tests here
// check; planning and running need one.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_RUNTIME_CUDNNCONVOLUTION_H
#define THETA_RUNTIME_CUDNNCONVOLUTION_H

#include "runtime/CudaApi.h"
#include "runtime/Device.h"

#include <array>
#include <cstdint>
#include <string>

namespace theta {

/// Which tensor a call computes, in forward terms; matches the lowering's
/// kind argument (and runtime/Dnnl.h's).
enum class ConvolutionKind : int64_t { Forward = 0, GradInput = 1, GradFilters = 2 };

/// A 2-D convolution's sizes in forward terms: input N x C x H x W, filters
/// F x C x KH x KW, output N x F x OH x OW; padding top, left, bottom, right.
struct ConvolutionSizes {
  int64_t n, c, h, w, f, kh, kw, oh, ow;
  int64_t strideH, strideW, dilationH, dilationW;
  int64_t padTop, padLeft, padBottom, padRight;
};

/// "gradient of the input of a convolution of 128x3x32x32 by 16x3x3x3 into
/// 128x16x32x32 (strides 1x1, dilations 1x1, padding 1,1,1,1)".
std::string describeConvolution(ConvolutionKind kind, const ConvolutionSizes &sizes);

/// One cuDNN backend descriptor, destroyed with its owner.
class CudnnDescriptor {
public:
  CudnnDescriptor() = default;
  /// Creates a descriptor of `type`; throws DeviceError when cuDNN cannot.
  CudnnDescriptor(const CudnnApi &api, cudnnBackendDescriptorType_t type);
  ~CudnnDescriptor();
  CudnnDescriptor(CudnnDescriptor &&other) noexcept;
  CudnnDescriptor &operator=(CudnnDescriptor &&other) noexcept;
  CudnnDescriptor(const CudnnDescriptor &) = delete;
  CudnnDescriptor &operator=(const CudnnDescriptor &) = delete;

  cudnnBackendDescriptor_t get() const { return descriptor; }
  /// Sets an attribute; false (with cuDNN's message in `why`) on failure.
  bool set(cudnnBackendAttributeName_t name, cudnnBackendAttributeType_t type, int64_t count,
           const void *elements, std::string &why);
  /// Finalizes; false (with cuDNN's message in `why`) on failure.
  bool finalize(std::string &why);

private:
  const CudnnApi *api = nullptr;
  cudnnBackendDescriptor_t descriptor = nullptr;
};

/// A finalized convolution operation and the descriptors it refers to.
/// Tensor unique ids: input 1, filters 2, output 3 (forward terms).
struct CudnnConvolutionOperation {
  CudnnDescriptor input, filters, output, convolution, operation;
};

/// Builds the operation (needs cuDNN, not a GPU). `alignments` are the byte
/// alignments of the input, filter and output addresses. Throws DeviceError
/// naming the convolution and cuDNN's message.
CudnnConvolutionOperation buildCudnnConvolution(const CudnnApi &api, ConvolutionKind kind,
                                                const ConvolutionSizes &sizes,
                                                const std::array<int64_t, 3> &alignments);

/// The largest power of two up to 16 that divides `address` (cuDNN's
/// engines want to know how far they may vectorize).
int64_t cudnnAlignment(const void *address);

/// Runs one convolution on `device` (a CUDA device, current on this thread)
/// in the device's stream: `input`, `filters` and `output` are device
/// addresses of dense NCHW / FCHW / NFHW float32 buffers, the one `kind`
/// names is written. The plan is made on first use of these sizes and kept.
/// Throws DeviceError.
void runCudnnConvolution(Device &device, ConvolutionKind kind, const ConvolutionSizes &sizes,
                         void *input, void *filters, void *output);

} // namespace theta

#endif // THETA_RUNTIME_CUDNNCONVOLUTION_H
