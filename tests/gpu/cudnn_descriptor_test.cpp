// cuDNN's convolution operations as theta builds them, checked by cuDNN
// itself: the tensor, convolution and operation descriptors of every kind
// finalize without a GPU (cuDNN validates the shapes and attributes there),
// so the descriptors a GPU machine will plan and run are known to be well
// formed here. Planning and running them needs a GPU (gpu_function_test).
#include "runtime/CudnnConvolution.h"

#include "runtime/Error.h"

#include <gtest/gtest.h>

#include <string>

using namespace theta;

namespace {

const CudnnApi *cudnnOrSkip(std::string &why) { return cudnnApi(&why); }

#define REQUIRE_CUDNN(api)                                                                     \
  std::string why;                                                                             \
  const CudnnApi *api = cudnnOrSkip(why);                                                      \
  if (!api)                                                                                    \
  GTEST_SKIP() << "cuDNN cannot be opened here: " << why

/// N, C, H, W, F, KH, KW, OH, OW, strides, dilations, padding (t, l, b, r).
ConvolutionSizes sizes(int64_t n, int64_t c, int64_t h, int64_t w, int64_t f, int64_t k,
                       int64_t stride, int64_t dilation, int64_t pad) {
  int64_t extent = dilation * (k - 1) + 1;
  int64_t oh = (h + 2 * pad - extent) / stride + 1, ow = (w + 2 * pad - extent) / stride + 1;
  return {n, c, h, w, f, k, k, oh, ow, stride, stride, dilation, dilation, pad, pad, pad, pad};
}

TEST(CudnnDescriptors, EveryKindFinalizes) {
  REQUIRE_CUDNN(api);
  const ConvolutionSizes cases[] = {
      sizes(128, 3, 32, 32, 16, 3, 1, 1, 1),  // the CNN step's first layer
      sizes(4, 3, 12, 12, 8, 5, 1, 1, 0),     // valid
      sizes(2, 16, 15, 15, 32, 3, 2, 1, 1),   // strided, odd size
      sizes(2, 8, 20, 20, 8, 3, 1, 2, 2),     // dilated
      {1, 1, 6, 6, 1, 2, 3, 6, 6, 1, 1, 1, 1, 1, 0, 0, 2}, // asymmetric padding, 2x3
  };
  for (const ConvolutionSizes &s : cases)
    for (ConvolutionKind kind :
         {ConvolutionKind::Forward, ConvolutionKind::GradInput, ConvolutionKind::GradFilters}) {
      SCOPED_TRACE(describeConvolution(kind, s));
      CudnnConvolutionOperation op;
      ASSERT_NO_THROW(op = buildCudnnConvolution(*api, kind, s, {16, 16, 16}));
      EXPECT_NE(op.operation.get(), nullptr);
      EXPECT_NE(op.input.get(), nullptr);
      EXPECT_NE(op.output.get(), nullptr);
    }
}

TEST(CudnnDescriptors, InconsistentSizesAreAClearError) {
  REQUIRE_CUDNN(api);
  ConvolutionSizes s = sizes(2, 3, 8, 8, 4, 3, 1, 1, 0);
  s.oh = 7; // 8 - 3 + 1 = 6: cuDNN refuses the output shape
  try {
    buildCudnnConvolution(*api, ConvolutionKind::Forward, s, {16, 16, 16});
    FAIL() << "an output of the wrong size was accepted";
  } catch (const DeviceError &error) {
    std::string message = error.what();
    EXPECT_NE(message.find("convolution of 2x3x8x8 by 4x3x3x3 into 2x4x7x6"), std::string::npos)
        << message;
    EXPECT_NE(message.find("CUDNN_STATUS"), std::string::npos) << message;
  }
}

TEST(CudnnDescriptors, Alignment) {
  alignas(64) static char buffer[64];
  EXPECT_EQ(cudnnAlignment(buffer), 16);
  EXPECT_EQ(cudnnAlignment(buffer + 4), 4);
  EXPECT_EQ(cudnnAlignment(buffer + 8), 8);
  EXPECT_EQ(cudnnAlignment(buffer + 2), 2);
  EXPECT_EQ(cudnnAlignment(buffer + 1), 1);
}

TEST(CudnnDescriptors, Description) {
  EXPECT_EQ(describeConvolution(ConvolutionKind::GradFilters, sizes(2, 16, 15, 15, 32, 3, 2, 1, 1)),
            "gradient of the filters of a convolution of 2x16x15x15 by 32x16x3x3 into "
            "2x32x8x8 (strides 2x2, dilations 1x1, padding 1,1,1,1)");
}

} // namespace
