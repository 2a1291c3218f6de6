//===- Dnnl.h - oneDNN convolutions for compiled code ---------------------===//
//
// Compiled functions call theta_dnnl_conv2d (see --theta-nnet-to-dnnl) for
// f32 convolutions. Buffers are dense NCHW (images) and OIHW (filters) and
// arrive as integer addresses. `kind` says which buffer is written:
//   0 forward:          output  = conv(input, filters)
//   1 input gradient:   input   = conv2d_grad_input(output, filters)
//   2 filter gradient:  filters = conv2d_grad_filters(input, output)
// `bias` (0: none) is a dense vector of out-channel values: kind 0 adds it
// to every output image (bias[f] at every position of channel f), kind 2
// writes the bias gradient into it (the output gradient summed over batch,
// height and width), as --theta-nnet-to-dnnl folds those ops into the call.
// Sizes: batch, channels, height, width, out_channels, kernel height/width,
// output height/width, strides, dilations (1 = dense) and padding
// (top, left, bottom, right).
//
// `layouts` says which image buffers (input, output and their gradients;
// never filters) are channel-blocked instead of dense: bit i for the i-th
// buffer argument, and the block (8 or 16) in bits 8 and up. A blocked
// buffer of an N x C x H x W image is oneDNN's nChw16c (nChw8c): shape
// N x C/16 x H x W x 16, channel c at [c / 16][...][c % 16], written by
// --theta-blocked-channels so that consecutive convolutions and the
// elementwise code between them share oneDNN's layout without reorders.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_RUNTIME_DNNL_H
#define THETA_RUNTIME_DNNL_H

#include <cstdint>

extern "C" void theta_dnnl_conv2d(int64_t kind, intptr_t input, intptr_t filters,
                                  intptr_t output, intptr_t bias, int64_t batch, int64_t channels,
                                  int64_t height, int64_t width, int64_t outChannels,
                                  int64_t kernelHeight, int64_t kernelWidth,
                                  int64_t outHeight, int64_t outWidth, int64_t strideH,
                                  int64_t strideW, int64_t dilationH, int64_t dilationW,
                                  int64_t padTop, int64_t padLeft, int64_t padBottom,
                                  int64_t padRight, int64_t layouts);

/// Both gradients of one convolution from one output gradient:
/// inputGrad = conv2d_grad_input(outputGrad, filters) and filterGrad =
/// conv2d_grad_filters(input, outputGrad), with the output gradient
/// reordered into oneDNN's layout once for the two, and (biasGrad != 0) the
/// bias gradient. Sizes and layouts as above (buffers: input, filters,
/// outputGrad, inputGrad).
extern "C" void theta_dnnl_conv2d_backward(intptr_t input, intptr_t filters,
                                           intptr_t outputGrad, intptr_t inputGrad,
                                           intptr_t filterGrad, intptr_t biasGrad, int64_t batch,
                                           int64_t channels, int64_t height, int64_t width,
                                           int64_t outChannels, int64_t kernelHeight,
                                           int64_t kernelWidth, int64_t outHeight,
                                           int64_t outWidth, int64_t strideH, int64_t strideW,
                                           int64_t dilationH, int64_t dilationW,
                                           int64_t padTop, int64_t padLeft, int64_t padBottom,
                                           int64_t padRight, int64_t layouts);

#endif // THETA_RUNTIME_DNNL_H
