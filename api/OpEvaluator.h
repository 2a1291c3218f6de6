//===- OpEvaluator.h - evaluating single ops on concrete arrays ----------===//
//
// Test values and DebugMode evaluate ops one at a time: the op (or a small
// slice of the graph ending in it) is cloned into a function of its own whose
// arguments have the static types of the given arrays, compiled by the same
// Compiler as every function, and run. Executables are cached in memory by
// the printed function (the op without locations, the operand types), so
// evaluating the same op kind at the same shapes compiles once.
//
// In float64 mode (DebugMode's reference) float32 operands, attributes and
// results are promoted to float64 before compiling; an op that cannot be
// promoted (theta.random, whose bits depend on the dtype, or one that then
// fails to verify or compile) runs in its own dtype and its float results
// are converted to float64, which Evaluation::promoted reports.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_API_OPEVALUATOR_H
#define THETA_API_OPEVALUATOR_H

#include "runtime/Array.h"
#include "runtime/Compiler.h"
#include "runtime/Signature.h"
#include "runtime/Error.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Operation.h"
#include "mlir/IR/Value.h"

#include <cstddef>
#include <vector>

namespace theta {
namespace detail {

/// An op that cannot be evaluated alone: a region that uses values from
/// outside it, or a value the slice needs but was not given.
class NotEvaluable : public Error {
public:
  using Error::Error;
};

struct EvaluationOptions {
  /// Promote float32 to float64 (DebugMode's reference).
  bool float64 = false;
  /// The pipeline to compile with (DebugMode: PipelineOptions::reference).
  PipelineOptions pipeline;
};

struct Evaluation {
  std::vector<Array> results;
  /// False when float64 was asked for but the ops ran in their own dtype.
  bool promoted = true;
};

/// The values of `roots`, computed from `leaves` (whose values are
/// `leafValues`, in any dtype: each is converted to its value's dtype, or to
/// float64 when promoted) by every op between them. Ops are taken from the
/// roots backwards, up to the leaves; reaching a block argument that is not a
/// leaf throws NotEvaluable. Takes the graph mutex. Throws ShapeError (naming
/// the op's file:line) when the shapes do not fit, and what the compiled code
/// throws (IndexError, MemoryError).
Evaluation evaluateValues(llvm::ArrayRef<mlir::Value> leaves, llvm::ArrayRef<Array> leafValues,
                          llvm::ArrayRef<mlir::Value> roots, const EvaluationOptions &options);
/// The results of `op` on `operands` (one per operand).
Evaluation evaluateOp(mlir::Operation *op, llvm::ArrayRef<Array> operands,
                      const EvaluationOptions &options);

/// How often evaluation compiled, and how often it found an executable in
/// its in-memory cache (for tests).
struct EvaluatorStats {
  size_t compiles = 0;
  size_t hits = 0;
};
EvaluatorStats evaluatorStats();
/// evaluatorStats().compiles, for tests that cannot include this header.
size_t evaluatorCompiles();

/// A dense constant as an Array of its dtype.
Array arrayFromAttribute(mlir::DenseElementsAttr attribute);
/// True if a float array holds a NaN or an infinity; `index` gets the flat
/// index of the first.
bool findNonFinite(const Array &array, int64_t *index = nullptr);
/// "[1, 2]" for a flat index of `shape`.
std::string indexString(const Shape &shape, int64_t flat);

using theta::trimToRowCounts; // runtime/Signature.h

} // namespace detail
} // namespace theta

#endif // THETA_API_OPEVALUATOR_H
