//===- Dnnl.cpp - oneDNN convolutions -------------------------------------===//
//
// oneDNN primitives are expensive to create and cheap to run, so each
// (kind, geometry) gets its primitive once, kept for the process. The
// primitives take the plain NCHW/OIHW buffers of compiled code directly.
//
//===----------------------------------------------------------------------===//
#include "runtime/Dnnl.h"

#include "runtime/Error.h"
#include "runtime/Logging.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <array>
#include <map>
#include <mutex>

namespace {

using dnnl::memory;
using Geometry = std::array<int64_t, 18>; // kind followed by the 17 sizes

struct Convolution {
  dnnl::primitive primitive;
  memory::desc input, filters, output;
};

dnnl::engine &engine() {
  static dnnl::engine instance(dnnl::engine::kind::cpu, 0);
  return instance;
}

Convolution makeConvolution(const Geometry &g) {
  auto [kind, n, c, h, w, f, kh, kw, oh, ow, sh, sw, dh, dw, pt, pl, pb, pr] = g;
  memory::desc input({n, c, h, w}, memory::data_type::f32, memory::format_tag::nchw);
  memory::desc filters({f, c, kh, kw}, memory::data_type::f32, memory::format_tag::oihw);
  memory::desc output({n, f, oh, ow}, memory::data_type::f32, memory::format_tag::nchw);
  memory::dims strides = {sh, sw}, dilations = {dh - 1, dw - 1}; // oneDNN: 0 = dense
  memory::dims padBegin = {pt, pl}, padEnd = {pb, pr};
  auto algorithm = dnnl::algorithm::convolution_direct;
  dnnl::convolution_forward::primitive_desc forward(
      dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training, algorithm, input,
                                      filters, output, strides, dilations, padBegin, padEnd),
      engine());
  Convolution conv{dnnl::primitive(), input, filters, output};
  if (kind == 0) {
    conv.primitive = dnnl::convolution_forward(forward);
  } else if (kind == 1) {
    conv.primitive = dnnl::convolution_backward_data(dnnl::convolution_backward_data::primitive_desc(
        dnnl::convolution_backward_data::desc(algorithm, input, filters, output, strides,
                                              dilations, padBegin, padEnd),
        engine(), forward));
  } else {
    conv.primitive =
        dnnl::convolution_backward_weights(dnnl::convolution_backward_weights::primitive_desc(
            dnnl::convolution_backward_weights::desc(algorithm, input, filters, output, strides,
                                                     dilations, padBegin, padEnd),
            engine(), forward));
  }
  return conv;
}

const Convolution &convolutionFor(const Geometry &geometry) {
  static std::mutex mutex;
  static std::map<Geometry, Convolution> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto found = cache.find(geometry);
  if (found == cache.end()) {
    theta::log().debug("oneDNN convolution kind {} for {}x{}x{}x{} * {}x{}x{}x{}", geometry[0],
                        geometry[1], geometry[2], geometry[3], geometry[4], geometry[5],
                        geometry[2], geometry[6], geometry[7]);
    found = cache.emplace(geometry, makeConvolution(geometry)).first;
  }
  return found->second;
}

} // namespace

extern "C" void theta_dnnl_conv2d(int64_t kind, intptr_t input, intptr_t filters,
                                  intptr_t output, int64_t batch, int64_t channels,
                                  int64_t height, int64_t width, int64_t outChannels,
                                  int64_t kernelHeight, int64_t kernelWidth,
                                  int64_t outHeight, int64_t outWidth, int64_t strideH,
                                  int64_t strideW, int64_t dilationH, int64_t dilationW,
                                  int64_t padTop, int64_t padLeft, int64_t padBottom,
                                  int64_t padRight) {
  const Convolution &conv = convolutionFor(
      {kind, batch, channels, height, width, outChannels, kernelHeight, kernelWidth, outHeight,
       outWidth, strideH, strideW, dilationH, dilationW, padTop, padLeft, padBottom, padRight});
  memory in(conv.input, engine(), reinterpret_cast<void *>(input));
  memory weights(conv.filters, engine(), reinterpret_cast<void *>(filters));
  memory out(conv.output, engine(), reinterpret_cast<void *>(output));
  dnnl::stream stream(engine());
  if (kind == 0)
    conv.primitive.execute(stream, {{DNNL_ARG_SRC, in}, {DNNL_ARG_WEIGHTS, weights},
                                    {DNNL_ARG_DST, out}});
  else if (kind == 1)
    conv.primitive.execute(stream, {{DNNL_ARG_DIFF_SRC, in}, {DNNL_ARG_WEIGHTS, weights},
                                    {DNNL_ARG_DIFF_DST, out}});
  else
    conv.primitive.execute(stream, {{DNNL_ARG_SRC, in}, {DNNL_ARG_DIFF_WEIGHTS, weights},
                                    {DNNL_ARG_DIFF_DST, out}});
  stream.wait();
}
