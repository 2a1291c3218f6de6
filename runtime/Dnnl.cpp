//===- Dnnl.cpp - oneDNN convolutions -------------------------------------===//
//
// oneDNN primitives are expensive to create and cheap to run, so each
// (kind, geometry) gets its primitive once, kept for the process. Compiled
// code passes OIHW filters and NCHW or channel-blocked (nChw16c, nChw8c)
// images; a buffer not in the layout the primitive wants is reordered
// around the call, once per call even when both gradients of a convolution
// read it (theta_dnnl_conv2d_backward).
//
//===----------------------------------------------------------------------===//
#include "runtime/Dnnl.h"

#include "runtime/Error.h"
#include "runtime/Logging.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <array>
#include <initializer_list>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

namespace {

using dnnl::memory;
// The kind, the 17 sizes, and whether the call adds a bias (forward) or
// computes its gradient (filter gradient).
using Geometry = std::array<int64_t, 19>;

/// A convolution primitive and the layouts it wants for its three tensors
/// (input, filters, output), which may be blocked (e.g. nChw16c): plain
/// NCHW/OIHW buffers are reordered to and from them around the call.
struct Convolution {
  dnnl::primitive primitive;
  memory::desc plain[3];
  memory::desc wanted[3];
  int arguments[3];
  int written;      // which of the three the primitive computes
  int biasArgument; // DNNL_ARG_BIAS or DNNL_ARG_DIFF_BIAS; 0 without a bias
};

dnnl::engine &engine() {
  static dnnl::engine instance(dnnl::engine::kind::cpu, 0);
  return instance;
}

Convolution makeConvolution(const Geometry &g) {
  auto [kind, n, c, h, w, f, kh, kw, oh, ow, sh, sw, dh, dw, pt, pl, pb, pr, withBias] = g;
  using tag = memory::format_tag;
  const auto f32 = memory::data_type::f32;
  memory::desc input({n, c, h, w}, f32, tag::nchw), filters({f, c, kh, kw}, f32, tag::oihw),
      output({n, f, oh, ow}, f32, tag::nchw);
  // `any`: oneDNN picks the layouts of its fastest kernel (blocked, AVX-512).
  memory::desc anyInput({n, c, h, w}, f32, tag::any), anyFilters({f, c, kh, kw}, f32, tag::any),
      anyOutput({n, f, oh, ow}, f32, tag::any);
  memory::dims strides = {sh, sw}, dilations = {dh - 1, dw - 1}; // oneDNN: 0 = dense
  memory::dims padBegin = {pt, pl}, padEnd = {pb, pr};
  memory::desc bias({f}, f32, tag::x);
  auto algorithm = dnnl::algorithm::convolution_direct;
  auto forwardDesc = withBias && kind == 0
                         ? dnnl::convolution_forward::desc(
                               dnnl::prop_kind::forward_training, algorithm, anyInput,
                               anyFilters, bias, anyOutput, strides, dilations, padBegin, padEnd)
                         : dnnl::convolution_forward::desc(
                               dnnl::prop_kind::forward_training, algorithm, anyInput,
                               anyFilters, anyOutput, strides, dilations, padBegin, padEnd);
  dnnl::convolution_forward::primitive_desc forward(forwardDesc, engine());
  Convolution conv;
  conv.biasArgument = !withBias ? 0 : kind == 0 ? DNNL_ARG_BIAS : DNNL_ARG_DIFF_BIAS;
  conv.plain[0] = input;
  conv.plain[1] = filters;
  conv.plain[2] = output;
  if (kind == 0) {
    conv.primitive = dnnl::convolution_forward(forward);
    conv.wanted[0] = forward.src_desc();
    conv.wanted[1] = forward.weights_desc();
    conv.wanted[2] = forward.dst_desc();
    conv.arguments[0] = DNNL_ARG_SRC;
    conv.arguments[1] = DNNL_ARG_WEIGHTS;
    conv.arguments[2] = DNNL_ARG_DST;
    conv.written = 2;
  } else if (kind == 1) {
    dnnl::convolution_backward_data::primitive_desc backward(
        dnnl::convolution_backward_data::desc(algorithm, anyInput, anyFilters, anyOutput, strides,
                                              dilations, padBegin, padEnd),
        engine(), forward);
    conv.primitive = dnnl::convolution_backward_data(backward);
    conv.wanted[0] = backward.diff_src_desc();
    conv.wanted[1] = backward.weights_desc();
    conv.wanted[2] = backward.diff_dst_desc();
    conv.arguments[0] = DNNL_ARG_DIFF_SRC;
    conv.arguments[1] = DNNL_ARG_WEIGHTS;
    conv.arguments[2] = DNNL_ARG_DIFF_DST;
    conv.written = 0;
  } else {
    auto backwardDesc =
        withBias ? dnnl::convolution_backward_weights::desc(algorithm, anyInput, anyFilters, bias,
                                                            anyOutput, strides, dilations,
                                                            padBegin, padEnd)
                 : dnnl::convolution_backward_weights::desc(algorithm, anyInput, anyFilters,
                                                            anyOutput, strides, dilations,
                                                            padBegin, padEnd);
    dnnl::convolution_backward_weights::primitive_desc backward(backwardDesc, engine(), forward);
    conv.primitive = dnnl::convolution_backward_weights(backward);
    conv.wanted[0] = backward.src_desc();
    conv.wanted[1] = backward.diff_weights_desc();
    conv.wanted[2] = backward.diff_dst_desc();
    conv.arguments[0] = DNNL_ARG_SRC;
    conv.arguments[1] = DNNL_ARG_DIFF_WEIGHTS;
    conv.arguments[2] = DNNL_ARG_DIFF_DST;
    conv.written = 1;
  }
  return conv;
}

const Convolution &convolutionFor(const Geometry &geometry) {
  static std::mutex mutex;
  static std::map<Geometry, Convolution> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto found = cache.find(geometry);
  if (found == cache.end()) {
    theta::log().debug("oneDNN convolution kind {} for {}x{}x{}x{} * {}x{}x{}x{}{}", geometry[0],
                       geometry[1], geometry[2], geometry[3], geometry[4], geometry[5],
                       geometry[2], geometry[6], geometry[7], geometry[18] ? " with bias" : "");
    found = cache.emplace(geometry, makeConvolution(geometry)).first;
  }
  return found->second;
}

/// The layouts compiled code passes: bit i of `layouts` set means buffer i
/// is channel-blocked, by the block in bits 8 and up.
struct Layouts {
  int64_t bits;
  static Layouts check(int64_t layouts, std::initializer_list<int> images) {
    int64_t mask = layouts & 0xff, block = layouts >> 8;
    int64_t allowed = 0;
    for (int i : images)
      allowed |= int64_t(1) << i;
    if ((mask & ~allowed) != 0 || (mask != 0 && block != 8 && block != 16))
      throw theta::Error("oneDNN convolution: invalid buffer layouts " + std::to_string(layouts) +
                         " from compiled code (a filter blocked, or a block other than 8 or 16)");
    return {layouts};
  }
  /// How buffer `i` (its dense descriptor `plain`) arrives.
  memory::desc of(int i, const memory::desc &plain) const {
    if (!((bits >> i) & 1))
      return plain;
    auto tag = (bits >> 8) == 8 ? memory::format_tag::nChw8c : memory::format_tag::nChw16c;
    return memory::desc(plain.dims(), memory::data_type::f32, tag);
  }
};

/// Runs `conv` on the buffers as compiled code laid them out (`given`),
/// reordering each to the layout it wants; `reordered` holds tensors
/// already in oneDNN's layout, by buffer. `bias`: the bias (forward) or its
/// gradient (filter gradient), dense, when the primitive has one.
void run(const Convolution &conv, void *const buffers[3], const memory::desc given[3],
         void *bias, std::map<void *, memory> &reordered, dnnl::stream &stream) {
  std::unordered_map<int, memory> arguments;
  if (conv.biasArgument)
    arguments[conv.biasArgument] =
        memory(memory::desc({conv.plain[1].dims()[0]}, memory::data_type::f32,
                            memory::format_tag::x),
               engine(), bias);
  memory user[3], internal[3];
  for (int i = 0; i < 3; ++i) {
    user[i] = memory(given[i], engine(), buffers[i]);
    internal[i] = user[i];
    if (conv.wanted[i] != given[i]) {
      auto found = reordered.find(buffers[i]);
      if (i != conv.written && found != reordered.end() &&
          found->second.get_desc() == conv.wanted[i]) {
        internal[i] = found->second;
      } else {
        internal[i] = memory(conv.wanted[i], engine());
        if (i != conv.written) {
          dnnl::reorder(user[i], internal[i]).execute(stream, user[i], internal[i]);
          reordered[buffers[i]] = internal[i];
        }
      }
    }
    arguments[conv.arguments[i]] = internal[i];
  }
  conv.primitive.execute(stream, arguments);
  int out = conv.written;
  if (internal[out] != user[out])
    dnnl::reorder(internal[out], user[out]).execute(stream, internal[out], user[out]);
}

} // namespace

extern "C" void theta_dnnl_conv2d(int64_t kind, intptr_t input, intptr_t filters,
                                  intptr_t output, intptr_t bias, int64_t batch, int64_t channels,
                                  int64_t height, int64_t width, int64_t outChannels,
                                  int64_t kernelHeight, int64_t kernelWidth,
                                  int64_t outHeight, int64_t outWidth, int64_t strideH,
                                  int64_t strideW, int64_t dilationH, int64_t dilationW,
                                  int64_t padTop, int64_t padLeft, int64_t padBottom,
                                  int64_t padRight, int64_t layouts) {
  Layouts layout = Layouts::check(layouts, {0, 2});
  if (bias && kind == 1)
    throw theta::Error("oneDNN convolution: a bias for an input gradient from compiled code");
  const Convolution &conv = convolutionFor(
      {kind, batch, channels, height, width, outChannels, kernelHeight, kernelWidth, outHeight,
       outWidth, strideH, strideW, dilationH, dilationW, padTop, padLeft, padBottom, padRight,
       bias != 0});
  void *buffers[3] = {reinterpret_cast<void *>(input), reinterpret_cast<void *>(filters),
                      reinterpret_cast<void *>(output)};
  dnnl::stream stream(engine());
  memory::desc given[3];
  for (int i = 0; i < 3; ++i)
    given[i] = layout.of(i, conv.plain[i]);
  std::map<void *, memory> reordered;
  run(conv, buffers, given, reinterpret_cast<void *>(bias), reordered, stream);
  stream.wait();
}

extern "C" void theta_dnnl_conv2d_backward(intptr_t input, intptr_t filters,
                                           intptr_t outputGrad, intptr_t inputGrad,
                                           intptr_t filterGrad, intptr_t biasGrad, int64_t batch,
                                           int64_t channels, int64_t height, int64_t width,
                                           int64_t outChannels, int64_t kernelHeight,
                                           int64_t kernelWidth, int64_t outHeight,
                                           int64_t outWidth, int64_t strideH, int64_t strideW,
                                           int64_t dilationH, int64_t dilationW,
                                           int64_t padTop, int64_t padLeft, int64_t padBottom,
                                           int64_t padRight, int64_t layouts) {
  // Buffers: input, filters, outputGrad, inputGrad, filterGrad.
  Layouts layout = Layouts::check(layouts, {0, 2, 3});
  Geometry geometry{1,       batch,   channels,  height,    width,     outChannels,
                    kernelHeight, kernelWidth, outHeight, outWidth, strideH, strideW,
                    dilationH, dilationW, padTop, padLeft, padBottom, padRight, 0};
  const Convolution &ofInput = convolutionFor(geometry);
  geometry[0] = 2;
  geometry[18] = biasGrad != 0;
  const Convolution &ofFilters = convolutionFor(geometry);
  auto address = [](intptr_t value) { return reinterpret_cast<void *>(value); };
  void *inputSide[3] = {address(inputGrad), address(filters), address(outputGrad)};
  void *filterSide[3] = {address(input), address(filterGrad), address(outputGrad)};
  dnnl::stream stream(engine());
  const memory::desc inputGiven[3] = {layout.of(3, ofInput.plain[0]), ofInput.plain[1],
                                      layout.of(2, ofInput.plain[2])};
  const memory::desc filterGiven[3] = {layout.of(0, ofFilters.plain[0]), ofFilters.plain[1],
                                       layout.of(2, ofFilters.plain[2])};
  std::map<void *, memory> reordered; // the output gradient, once
  run(ofInput, inputSide, inputGiven, nullptr, reordered, stream);
  run(ofFilters, filterSide, filterGiven, address(biasGrad), reordered, stream);
  stream.wait();
}
