//===- DebugMode.h - Theano's DebugMode -----------------------------------===//
//
// A function compiled with mode DebugMode (also spelled DEBUG_MODE) runs its
// optimized code as usual, then, before applying any update, evaluates the
// user's graph (gradients expanded, no stabilizing rewrites) op by op in
// float64 with the op evaluator (api/OpEvaluator.h: each op compiled alone
// by the reference pipeline, without fusion or library calls) and compares:
//
// - every op's reference value must be finite where its operands were
//   (else NumericError naming the op and its file:line);
// - every output and update value the compiled code returned must match the
//   reference within |compiled - reference| <= atol + rtol * |reference|,
//   with atol 1e-4, rtol 1e-3 for float32 results and atol 1e-10, rtol 1e-7
//   for float64 ones; integers and booleans exactly (else DebugModeError
//   naming the output, the op that computed it, its file:line, the shape and
//   the largest difference with its index).
//
// A failed check leaves every shared variable unchanged.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_API_DEBUGMODE_H
#define THETA_API_DEBUGMODE_H

#include "api/FunctionImpl.h"

#include <vector>

namespace theta {
namespace detail {

/// Checks the `results` (outputs then update values, trimmed) a call of `f`
/// computed from `arguments` (inputs then shared values) against the
/// float64 reference. Takes the graph mutex.
void checkAgainstReference(const FunctionImpl &f, const std::vector<Array> &arguments,
                           const std::vector<Array> &results);

/// For tests: when set, called on a copy of the compiled results before they
/// are compared (to plant a difference).
extern void (*debugModeTestHook)(std::vector<Array> &results);

} // namespace detail
} // namespace theta

#endif // THETA_API_DEBUGMODE_H
