//===- TestValues.h - Theano's compute_test_value ------------------------===//
//
// With config().compute_test_value "warn" or "raise", every op the graph
// builds from values with test values (inputs given one by set_test_value,
// shared variables, whose value is their test value, constants) is
// evaluated at once by the op evaluator (api/OpEvaluator.h), so a shape or
// dtype mistake shows at the line that built the node, and the result's
// test value can be read.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_API_TESTVALUES_H
#define THETA_API_TESTVALUES_H

#include "theta/Variable.h"

#include "mlir/IR/Operation.h"

#include <vector>

namespace theta {
namespace detail {

/// The test values of the results of `op`, just built in the graph at
/// `where`: empty when compute_test_value is off, when `op` is inside a
/// scan's step function, or when an operand has none (warned about for an
/// input under "warn"). A failure under "raise" erases `op` and throws the
/// error (ShapeError, TypeError, ...) saying compute_test_value found it;
/// under "warn" it is logged and the results get no test value.
std::vector<Array> computeTestValues(mlir::Operation *op, SourceLocation where);

} // namespace detail
} // namespace theta

#endif // THETA_API_TESTVALUES_H
