//===- theta/Composites.h - Theano functions built from theta ops ---------===//
//
// Functions Theano users reach for that are exact compositions of existing
// ops, so autodiff differentiates them and every backend lowers them with no
// new op: Theano's T.clip, T.outer, T.var/T.std, norm, T.argmin, T.all/T.any,
// T.stack, T.swapaxes, T.ceil/T.trunc/T.round (half away from zero), T.mod
// and T.int_div (Python's // and %), T.exp2/T.log2/T.log10, and in nnet
// relu(x, alpha), elu, selu, hard_sigmoid and sigmoid_binary_crossentropy.
// Each follows Theano's definition (noted where it is a formula).
//
//===----------------------------------------------------------------------===//
#ifndef THETA_API_COMPOSITES_H
#define THETA_API_COMPOSITES_H

#include "theta/NNet.h"
#include "theta/Ops.h"

#include <optional>
#include <vector>

namespace theta {

/// min(max(x, low), high), Theano's clip; the gradient flows where low <= x <= high.
Variable clip(const Variable &x, Operand low, Operand high,
              SourceLocation where = SourceLocation::current());
/// The outer product of two vectors: (n, m).
Variable outer(const Variable &a, const Variable &b,
               SourceLocation where = SourceLocation::current());
/// Population variance (ddof 0, as Theano's var) and its square root.
Variable var(const Variable &x, Axes axes = std::nullopt, bool keepdims = false,
             SourceLocation where = SourceLocation::current());
Variable std_(const Variable &x, Axes axes = std::nullopt, bool keepdims = false,
              SourceLocation where = SourceLocation::current());
/// The L1 (sum |x|) or L2 (sqrt of the sum of squares) norm over `axes` (all by default).
Variable norm(const Variable &x, int ord = 2, Axes axes = std::nullopt, bool keepdims = false,
              SourceLocation where = SourceLocation::current());
/// Index of the minimum along `axis` (all axes, flattened, when absent).
Variable argmin(const Variable &x, std::optional<int64_t> axis = std::nullopt,
                bool keepdims = false, SourceLocation where = SourceLocation::current());
/// Whether all / any elements are non-zero over `axes`: bool.
Variable all(const Variable &x, Axes axes = std::nullopt, bool keepdims = false,
             SourceLocation where = SourceLocation::current());
Variable any(const Variable &x, Axes axes = std::nullopt, bool keepdims = false,
             SourceLocation where = SourceLocation::current());
/// Joins tensors of one shape along a new axis (negative counts from the end).
Variable stack(const std::vector<Variable> &xs, int64_t axis = 0,
               SourceLocation where = SourceLocation::current());
/// x with axes a and b exchanged.
Variable swapaxes(const Variable &x, int64_t a, int64_t b,
                  SourceLocation where = SourceLocation::current());
/// Rounding; zero gradient, as Theano's. round_ rounds halves away from zero
/// (Theano's round(mode="half_away_from_zero")).
Variable ceil(const Variable &x, SourceLocation where = SourceLocation::current());
Variable trunc(const Variable &x, SourceLocation where = SourceLocation::current());
Variable round_(const Variable &x, SourceLocation where = SourceLocation::current());
/// Python's a // b and a % b (the result has b's sign), for floats and integers.
Variable int_div(Operand a, Operand b, SourceLocation where = SourceLocation::current());
Variable mod(Operand a, Operand b, SourceLocation where = SourceLocation::current());
Variable exp2(const Variable &x, SourceLocation where = SourceLocation::current());

// ---- shapes (ShapeComposites.cpp) ----

/// x without the given axes, which must have size 1 (all dimensions the
/// type knows are 1 when `axes` is empty), as numpy.squeeze.
Variable squeeze(const Variable &x, std::vector<int64_t> axes = {},
                 SourceLocation where = SourceLocation::current());
/// numpy.tile with static repetitions (a longer `reps` prepends axes).
Variable tile(const Variable &x, std::vector<int64_t> reps,
              SourceLocation where = SourceLocation::current());
/// numpy.repeat: each element `repeats` times along `axis` (flattened when
/// absent).
Variable repeat(const Variable &x, int64_t repeats, std::optional<int64_t> axis = std::nullopt,
                SourceLocation where = SourceLocation::current());
/// numpy.roll along `axis` (flattened when absent) by a static shift; the
/// size along `axis` must be known when the graph is built (ShapeError).
Variable roll(const Variable &x, int64_t shift, std::optional<int64_t> axis = std::nullopt,
              SourceLocation where = SourceLocation::current());
/// Pieces of static `sizes` along `axis` (numpy.split with sizes, Theano's split).
std::vector<Variable> split(const Variable &x, std::vector<int64_t> sizes, int64_t axis = 0,
                            SourceLocation where = SourceLocation::current());
/// numpy.argsort(x, axis, kind="stable") / T.argsort: int64 indices that
/// sort x along `axis` (nullopt: x flattened); ties keep their order, NaNs
/// go last. Not differentiable.
Variable argsort(const Variable &x, std::optional<int64_t> axis = -1,
                 SourceLocation where = SourceLocation::current());
/// numpy.sort / T.sort along `axis` (nullopt: flattened), differentiable:
/// each element's gradient goes back to where it came from.
Variable sort(const Variable &x, std::optional<int64_t> axis = -1,
              SourceLocation where = SourceLocation::current());
/// numpy.tensordot: contracts the last `axes` axes of a with the first of b.
Variable tensordot(const Variable &a, const Variable &b, int64_t axes = 2,
                   SourceLocation where = SourceLocation::current());
/// numpy.tensordot over explicit axis lists (equal lengths).
Variable tensordot(const Variable &a, const Variable &b, std::vector<int64_t> axesA,
                   std::vector<int64_t> axesB, SourceLocation where = SourceLocation::current());
// ---- indices (Indices.cpp, on theta.iota) ----

/// numpy.arange(stop): 0, 1, ..., stop - 1 (a static or symbolic size).
Variable arange(const Size &stop, DType dtype = DType::Int64,
                SourceLocation where = SourceLocation::current());
/// numpy.arange(start, stop, step) with static bounds.
Variable arange(int64_t start, int64_t stop, int64_t step, DType dtype = DType::Int64,
                SourceLocation where = SourceLocation::current());
/// numpy.eye(n, m, k): ones on the k-th diagonal (floatX by default).
Variable eye(const Size &n, std::optional<Size> m = std::nullopt, int64_t k = 0,
             std::optional<DType> dtype = std::nullopt,
             SourceLocation where = SourceLocation::current());
/// Theano's identity_like: eye with x's (matrix) shape and dtype.
Variable identity_like(const Variable &x, SourceLocation where = SourceLocation::current());
/// numpy.tril / numpy.triu of a matrix: the elements on and below (above) the
/// k-th diagonal, zeros elsewhere.
Variable tril(const Variable &x, int64_t k = 0, SourceLocation where = SourceLocation::current());
Variable triu(const Variable &x, int64_t k = 0, SourceLocation where = SourceLocation::current());
/// numpy.diag of a vector: the square matrix with it on the diagonal.
Variable diag(const Variable &v, SourceLocation where = SourceLocation::current());
/// The diagonal of a square matrix.
Variable diagonal(const Variable &x, SourceLocation where = SourceLocation::current());
/// numpy.cumsum along `axis` (flattened when absent), as a product with a
/// triangular matrix of ones (O(n^2) in the axis's length).
Variable cumsum(const Variable &x, std::optional<int64_t> axis = std::nullopt,
                SourceLocation where = SourceLocation::current());
/// numpy.cumprod along `axis` (flattened when absent), as a scan (exact for
/// zeros and negative values; the gradient is backpropagation through it).
Variable cumprod(const Variable &x, std::optional<int64_t> axis = std::nullopt,
                 SourceLocation where = SourceLocation::current());

/// Theano's batched_dot: for each i of the first axis, dot(a[i], b[i])
/// (ranks 2 or 3 each).
Variable batched_dot(const Variable &a, const Variable &b,
                     SourceLocation where = SourceLocation::current());
Variable log2(const Variable &x, SourceLocation where = SourceLocation::current());
Variable log10(const Variable &x, SourceLocation where = SourceLocation::current());

namespace nnet {
/// Theano's relu(x, alpha): x for x > 0, alpha * x below (a leaky relu).
Variable relu(const Variable &x, double alpha, SourceLocation where = SourceLocation::current());
/// x for x > 0, alpha * (exp(x) - 1) below.
Variable elu(const Variable &x, double alpha = 1.0,
             SourceLocation where = SourceLocation::current());
/// 1.0507009873554805 * elu(x, 1.6732632423543772), Theano's selu.
Variable selu(const Variable &x, SourceLocation where = SourceLocation::current());
/// clip(0.2 * x + 0.5, 0, 1), Theano's hard_sigmoid.
Variable hard_sigmoid(const Variable &x, SourceLocation where = SourceLocation::current());
/// binary_crossentropy(sigmoid(output), target) computed from the logits:
/// target * softplus(-output) + (1 - target) * softplus(output).
Variable sigmoid_binary_crossentropy(const Variable &output, const Variable &target,
                                     SourceLocation where = SourceLocation::current());
/// Theano's conv2d_transpose (conv2d_grad_wrt_inputs): the transpose of
/// conv2d(., filters, options) applied to `x` (batch, out_channels, h, w),
/// giving (batch, filters' channels, output_hw): the gradient of that
/// convolution with respect to its input.
Variable conv2d_transpose(const Variable &x, const Variable &filters,
                          std::array<Size, 2> output_hw, const Conv2DOptions &options = {},
                          SourceLocation where = SourceLocation::current());
/// Theano's images2neibs(ten4, neib_shape) with neib_step = neib_shape
/// (mode 'valid', heights and widths multiples of the neighbourhood): every
/// (h, w) patch of every image and channel as a row of h * w values,
/// patches in (batch, channel, row, column) order.
Variable images2neibs(const Variable &images, std::array<int64_t, 2> neib_shape,
                      SourceLocation where = SourceLocation::current());

/// Theano's T.nnet.bn: batch normalization. batch_normalization computes
/// (x - mean) * (gamma / std) + beta with given statistics (all broadcast
/// against x). batch_normalization_train normalizes with the statistics of
/// the batch over `axes` (Theano's 'per-activation': axis 0; 'spatial' for
/// images: {0, 2, 3}) and returns {output, mean, invstd}, the statistics
/// with keepdims; batch_normalization_test uses running mean and variance.
Variable batch_normalization(const Variable &x, const Variable &gamma, const Variable &beta,
                             const Variable &mean, const Variable &std,
                             SourceLocation where = SourceLocation::current());
std::vector<Variable> batch_normalization_train(const Variable &x, const Variable &gamma,
                                                const Variable &beta,
                                                std::vector<int64_t> axes = {0},
                                                double epsilon = 1e-4,
                                                SourceLocation where = SourceLocation::current());
Variable batch_normalization_test(const Variable &x, const Variable &gamma, const Variable &beta,
                                  const Variable &mean, const Variable &var,
                                  double epsilon = 1e-4,
                                  SourceLocation where = SourceLocation::current());
} // namespace nnet

} // namespace theta

#endif // THETA_API_COMPOSITES_H
