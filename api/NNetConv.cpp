//===- NNetConv.cpp - conv2d and pooling in the API -----------------------===//
#include "api/Graph.h"
#include "theta/NNet.h"

#include "Graph.h"

#include "runtime/Error.h"

namespace theta {
using detail::at;
namespace nnet {

using detail::Graph;
using detail::valueOf;

namespace {

mlir::NamedAttribute named(llvm::StringRef name, mlir::Attribute value) {
  return mlir::NamedAttribute(mlir::StringAttr::get(&Graph::instance().context(), name), value);
}

} // namespace

Variable conv2d(const Variable &input, const Variable &filters, const Conv2DOptions &options,
                SourceLocation where) {
  detail::requireOperands("conv2d", where, {input, filters});
  std::lock_guard<std::recursive_mutex> lock(Graph::instance().mutex());
  mlir::Builder b(&Graph::instance().context());
  std::string mode = options.border_mode == "half" ? "same" : options.border_mode;
  if (mode != "valid" && mode != "full" && mode != "same" && mode != "explicit")
    throw ArgumentError(at(where, ": ") + "conv2d: border_mode must be valid, full, same (half) or "
                                    "explicit, got '" + options.border_mode + "'");
  const auto &p = options.padding;
  return Graph::instance().build1(
      "theta.conv2d", {valueOf(input, where), valueOf(filters, where)},
      {named("strides", b.getDenseI64ArrayAttr({options.subsample[0], options.subsample[1]})),
       named("dilations",
             b.getDenseI64ArrayAttr({options.filter_dilation[0], options.filter_dilation[1]})),
       named("border_mode", b.getStringAttr(mode)),
       named("padding", b.getDenseI64ArrayAttr({p[0], p[1], p[2], p[3]}))},
      where);
}

Variable pool_2d(const Variable &input, std::array<int64_t, 2> ws, bool ignore_border,
                 std::optional<std::array<int64_t, 2>> stride, const std::string &mode,
                 SourceLocation where) {
  detail::requireOperands("pool_2d", where, {input});
  std::lock_guard<std::recursive_mutex> lock(Graph::instance().mutex());
  mlir::Builder b(&Graph::instance().context());
  // Without padding, Theano's two averages agree: both divide by the number
  // of window elements inside the input.
  std::string opMode = mode;
  if (mode == "average_inc_pad" || mode == "average_exc_pad")
    opMode = "average";
  if (opMode != "max" && opMode != "sum" && opMode != "average")
    throw ArgumentError(at(where, ": ") + "pool_2d: mode must be max, sum, average_inc_pad or "
                                    "average_exc_pad, got '" + mode + "'");
  std::array<int64_t, 2> strides = stride.value_or(ws);
  return Graph::instance().build1(
      "theta.pool2d", {valueOf(input, where)},
      {named("window", b.getDenseI64ArrayAttr({ws[0], ws[1]})),
       named("strides", b.getDenseI64ArrayAttr({strides[0], strides[1]})),
       named("mode", b.getStringAttr(opMode)), named("ignore_border", b.getBoolAttr(ignore_border))},
      where);
}

Variable max_pool_2d(const Variable &input, std::array<int64_t, 2> ws, bool ignore_border,
                     SourceLocation where) {
  return pool_2d(input, ws, ignore_border, std::nullopt, "max", where);
}

} // namespace nnet
} // namespace theta
