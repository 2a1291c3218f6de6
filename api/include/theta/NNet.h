//===- theta/NNet.h - neural-network functions (Theano's T.nnet) ----------===//
//
// Built from theta ops, in numerically stable forms, so their gradients come
// from autodiff like any other graph.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_API_NNET_H
#define THETA_API_NNET_H

#include "theta/Variable.h"

namespace theta {
namespace nnet {

/// max(x, 0).
Variable relu(const Variable &x, SourceLocation where = SourceLocation::current());
/// exp(x) / sum(exp(x)) along `axis` (default: the last), computed with the
/// maximum subtracted first so large inputs do not overflow.
Variable softmax(const Variable &x, int64_t axis = -1,
                 SourceLocation where = SourceLocation::current());
/// log(softmax(x)) without forming softmax (stable for very negative logits).
Variable log_softmax(const Variable &x, int64_t axis = -1,
                     SourceLocation where = SourceLocation::current());
/// Per-row -sum(target * log(p)) for a (batch, classes) matrix of
/// probabilities and either a one-hot (batch, classes) float matrix or an
/// integer vector of class labels (then the class count must be known:
/// `p`'s last dimension static, as after a product with a shared matrix).
Variable categorical_crossentropy(const Variable &p, const Variable &target,
                                  SourceLocation where = SourceLocation::current());
/// Per element -(t log(p) + (1 - t) log(1 - p)).
Variable binary_crossentropy(const Variable &p, const Variable &target,
                             SourceLocation where = SourceLocation::current());

} // namespace nnet
} // namespace theta

#endif // THETA_API_NNET_H
