//===- theta/NNet.h - neural-network functions (Theano's T.nnet) ----------===//
//
// Built from theta ops, in numerically stable forms, so their gradients come
// from autodiff like any other graph.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_API_NNET_H
#define THETA_API_NNET_H

#include "theta/Ops.h"
#include "theta/Variable.h"

#include <array>
#include <optional>
#include <string>

namespace theta {
namespace nnet {

/// T.nnet.sigmoid and T.nnet.softplus are the elementwise ops of theta::.
using theta::sigmoid;
using theta::softplus;

/// max(x, 0).
Variable relu(const Variable &x, SourceLocation where = SourceLocation::current());
/// exp(x) / sum(exp(x)) along `axis` (default: the last), computed with the
/// maximum subtracted first so large inputs do not overflow.
Variable softmax(const Variable &x, int64_t axis = -1,
                 SourceLocation where = SourceLocation::current());
/// log(softmax(x)) without forming softmax (stable for very negative logits).
Variable log_softmax(const Variable &x, int64_t axis = -1,
                     SourceLocation where = SourceLocation::current());
/// One-hot rows for integer `labels`: shape labels.shape + [classes], with
/// the class count and float dtype of `like`'s last dimension.
Variable one_hot(const Variable &labels, const Variable &like,
                 SourceLocation where = SourceLocation::current());
/// Per-row -sum(target * log(p)) for a (batch, classes) matrix of
/// probabilities and either a one-hot (batch, classes) float matrix or an
/// integer vector of class labels.
Variable categorical_crossentropy(const Variable &p, const Variable &target,
                                  SourceLocation where = SourceLocation::current());
/// Per element -(t log(p) + (1 - t) log(1 - p)).
Variable binary_crossentropy(const Variable &p, const Variable &target,
                             SourceLocation where = SourceLocation::current());

/// How conv2d slides its filters (Theano's names and defaults).
struct Conv2DOptions {
  /// "valid" (no padding), "full" (kernel - 1 on every side), "half"
  /// (Theano's: kernel / 2 on every side), "same" (TensorFlow's: output size
  /// ceil(input / stride)), or "explicit" (`padding`).
  std::string border_mode = "valid";
  /// Explicit padding [top, left, bottom, right], with border_mode "explicit".
  std::array<int64_t, 4> padding = {0, 0, 0, 0};
  /// Strides (height, width).
  std::array<int64_t, 2> subsample = {1, 1};
  /// Filter dilation (height, width); 1 is a dense filter.
  std::array<int64_t, 2> filter_dilation = {1, 1};
  /// As Theano: true flips the filters (a true convolution, T.nnet.conv2d's
  /// default, so filters trained in Theano give Theano's results); false is
  /// the cross-correlation of PyTorch, JAX and cuDNN.
  bool filter_flip = true;
  /// Grouped convolution: channels and out_channels are split into this many
  /// groups, group g of the output seeing only group g of the input; filters
  /// are (out_channels, channels / num_groups, kh, kw).
  int64_t num_groups = 1;
};

/// 2-D convolution of (batch, channels, height, width) images with
/// (out_channels, channels / num_groups, kh, kw) filters, Theano's
/// T.nnet.conv2d (see Conv2DOptions::filter_flip). f32 runs on oneDNN.
Variable conv2d(const Variable &input, const Variable &filters,
                const Conv2DOptions &options = {},
                SourceLocation where = SourceLocation::current());

/// Pooling of the last two dimensions of a rank-4 tensor over windows `ws`
/// moved by `stride` (default: `ws`). `mode` is "max", "sum",
/// "average_inc_pad" or "average_exc_pad" (the two agree without padding).
/// With `ignore_border`, windows that stick out of the input are dropped.
/// `pad` (height, width) pads both sides, as Theano's (needs ignore_border,
/// smaller than ws): the padding never wins a max, and only
/// "average_inc_pad" counts it in an average.
Variable pool_2d(const Variable &input, std::array<int64_t, 2> ws, bool ignore_border = true,
                 std::optional<std::array<int64_t, 2>> stride = std::nullopt,
                 const std::string &mode = "max", std::array<int64_t, 2> pad = {0, 0},
                 SourceLocation where = SourceLocation::current());

/// pool_2d in max mode with stride = ws.
Variable max_pool_2d(const Variable &input, std::array<int64_t, 2> ws, bool ignore_border = true,
                     SourceLocation where = SourceLocation::current());

} // namespace nnet
} // namespace theta

#endif // THETA_API_NNET_H
