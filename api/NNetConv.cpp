//===- NNetConv.cpp - conv2d and pooling in the API -----------------------===//
#include "api/Graph.h"
#include "dialect/ThetaOps.h"
#include "theta/NNet.h"

#include "Graph.h"

#include "runtime/Error.h"

namespace theta {
using detail::at;
namespace nnet {

using detail::Graph;
using detail::named;
using detail::valueOf;

/// The geometry attributes of conv2d and its gradients (OpT) from `options`.
template <typename OpT>
std::vector<mlir::NamedAttribute> convAttributes(const char *function,
                                                 const Conv2DOptions &options,
                                                 SourceLocation where) {
  const std::string &mode = options.border_mode;
  if (mode != "valid" && mode != "full" && mode != "half" && mode != "same" &&
      mode != "explicit")
    throw ArgumentError(at(where, ": ") + function +
                        ": border_mode must be valid, full, half, same or explicit, got '" +
                        mode + "'");
  if (options.num_groups < 1)
    throw ArgumentError(at(where, ": ") + function + ": num_groups must be >= 1, got " +
                        std::to_string(options.num_groups));
  mlir::Builder b(&Graph::instance().context());
  const auto &p = options.padding;
  return {
      named<OpT>(&OpT::getStridesAttrName,
                 b.getDenseI64ArrayAttr({options.subsample[0], options.subsample[1]})),
      named<OpT>(&OpT::getDilationsAttrName,
                 b.getDenseI64ArrayAttr({options.filter_dilation[0], options.filter_dilation[1]})),
      named<OpT>(&OpT::getBorderModeAttrName, b.getStringAttr(mode)),
      named<OpT>(&OpT::getPaddingAttrName, b.getDenseI64ArrayAttr({p[0], p[1], p[2], p[3]})),
      named<OpT>(&OpT::getGroupsAttrName, b.getI64IntegerAttr(options.num_groups))};
}

/// The filters as the op reads them: flipped along both spatial axes for a
/// true convolution (Theano's filter_flip), which the op (a correlation, as
/// oneDNN's) then computes.
Variable orientedFilters(const Variable &filters, const Conv2DOptions &options,
                         SourceLocation where) {
  if (!options.filter_flip)
    return filters;
  if (filters.ndim(where) != 4)
    return filters; // the op names the rank error
  Slice reversed(std::nullopt, std::nullopt, -1);
  return subtensor(filters, {Slice::all(), Slice::all(), reversed, reversed}, where);
}

Variable conv2d(const Variable &input, const Variable &filters, const Conv2DOptions &options,
                SourceLocation where) {
  detail::requireOperands("conv2d", where, {input, filters});
  Variable oriented = orientedFilters(filters, options, where);
  std::lock_guard<std::recursive_mutex> lock(Graph::instance().mutex());
  return Graph::instance().build1<Conv2DOp>({valueOf(input, where), valueOf(oriented, where)},
                                            convAttributes<Conv2DOp>("conv2d", options, where),
                                            where);
}

Variable conv2d_transpose(const Variable &x, const Variable &filters,
                          std::array<Size, 2> output_hw, const Conv2DOptions &options,
                          SourceLocation where) {
  detail::requireOperands("conv2d_transpose", where, {x, filters});
  if (x.ndim(where) != 4 || filters.ndim(where) != 4)
    throw ShapeError(at(where) + ": conv2d_transpose takes a rank-4 input and rank-4 filters, "
                     "got " + detail::describe(x) + " and " + detail::describe(filters));
  // The input of the convolution being transposed: only its shape is read.
  // Static sizes where the types know them, else read when called.
  auto sizeOf = [&](const Variable &v, int64_t d, int64_t times) -> Size {
    int64_t known = v.staticShape()[static_cast<size_t>(d)];
    if (known >= 0)
      return Size(known * times);
    Variable size = v.shape(where)[{Index(d, where)}];
    return Size(times == 1 ? size : mul(size, times, where));
  };
  Variable inputLike =
      zeros({sizeOf(x, 0, 1), sizeOf(filters, 1, options.num_groups), output_hw[0], output_hw[1]},
            x.dtype(where), where);
  Variable oriented = orientedFilters(filters, options, where);
  std::lock_guard<std::recursive_mutex> lock(Graph::instance().mutex());
  return Graph::instance().build1<Conv2DGradInputOp>(
      {valueOf(x, where), valueOf(oriented, where), valueOf(inputLike, where)},
      convAttributes<Conv2DGradInputOp>("conv2d_transpose", options, where), where);
}

Variable pool_2d(const Variable &input, std::array<int64_t, 2> ws, bool ignore_border,
                 std::optional<std::array<int64_t, 2>> stride, const std::string &mode,
                 std::array<int64_t, 2> pad, SourceLocation where) {
  detail::requireOperands("pool_2d", where, {input});
  // The op's average divides by the window elements inside the input
  // (average_exc_pad). Theano's average_inc_pad counts the padding too: with
  // padding (which needs ignore_border, so every window fits the padded
  // input) that is the sum over the whole window size; without, the two agree.
  bool padded = pad[0] != 0 || pad[1] != 0;
  bool includePadding = mode == "average_inc_pad" && padded;
  std::string opMode = mode;
  if (mode == "average_inc_pad" || mode == "average_exc_pad")
    opMode = includePadding ? "sum" : "average";
  if (opMode != "max" && opMode != "sum" && opMode != "average")
    throw ArgumentError(at(where, ": ") + "pool_2d: mode must be max, sum, average_inc_pad or "
                                    "average_exc_pad, got '" + mode + "'");
  std::array<int64_t, 2> strides = stride.value_or(ws);
  Variable pooled;
  {
    std::lock_guard<std::recursive_mutex> lock(Graph::instance().mutex());
    mlir::Builder b(&Graph::instance().context());
    pooled = Graph::instance().build1<Pool2DOp>(
        {valueOf(input, where)},
        {named<Pool2DOp>(&Pool2DOp::getWindowAttrName, b.getDenseI64ArrayAttr({ws[0], ws[1]})),
         named<Pool2DOp>(&Pool2DOp::getStridesAttrName,
                         b.getDenseI64ArrayAttr({strides[0], strides[1]})),
         named<Pool2DOp>(&Pool2DOp::getModeAttrName, b.getStringAttr(opMode)),
         named<Pool2DOp>(&Pool2DOp::getIgnoreBorderAttrName, b.getBoolAttr(ignore_border)),
         named<Pool2DOp>(&Pool2DOp::getPaddingAttrName, b.getDenseI64ArrayAttr({pad[0], pad[1]}))},
        where);
  }
  if (!includePadding)
    return pooled;
  return true_div(pooled, static_cast<double>(ws[0] * ws[1]), where);
}

Variable max_pool_2d(const Variable &input, std::array<int64_t, 2> ws, bool ignore_border,
                     SourceLocation where) {
  return pool_2d(input, ws, ignore_border, std::nullopt, "max", {0, 0}, where);
}

} // namespace nnet
} // namespace theta
