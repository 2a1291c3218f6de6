//===- BoundedResults.h - results whose leading size is known at run time -===//
//
// A scan stopped by an `until` condition returns as many rows as it ran
// steps, known only when it runs. The runtime preallocates every result, so
// such a result is returned padded to its bound (the scan's n_steps) with
// its row count as an extra result; the runtime then keeps only those rows.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_LOWERING_BOUNDEDRESULTS_H
#define THETA_LOWERING_BOUNDEDRESULTS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <vector>

namespace theta {

/// Rewrites the results of `func` whose leading size is dynamic but bounded
/// (an until-scan's results with a known n_steps): each is returned padded
/// to the bound, and a tensor<1xi64> row count is appended to the results.
/// Returns, per original result, the index of its count result or -1;
/// fails (without changing anything) when a dynamic result has no bound.
llvm::FailureOr<std::vector<int>> padBoundedResults(mlir::func::FuncOp func);

} // namespace theta

#endif // THETA_LOWERING_BOUNDEDRESULTS_H
