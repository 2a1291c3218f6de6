//===- Compiler.h - theta module -> executable, through the caches --------===//
#ifndef THETA_RUNTIME_COMPILER_H
#define THETA_RUNTIME_COMPILER_H

#include "runtime/Array.h"
#include "runtime/Executable.h"
#include "runtime/Jit.h"
#include "runtime/ObjectCache.h"
#include "lowering/Pipelines.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"

#include <memory>
#include <string>
#include <vector>

namespace theta {

/// A context with everything the compiler needs registered: theta, the
/// upstream dialects and their bufferization/LLVM translation interfaces.
std::unique_ptr<mlir::MLIRContext> createCompilerContext();

DType dtypeFromMlir(mlir::Type element);
mlir::Type mlirElementType(mlir::MLIRContext &context, DType dtype);

class Compiler {
public:
  explicit Compiler(ObjectCache cache) : cache(std::move(cache)) {}

  /// Lowers func `name` of `module` (static argument types; consumed) and
  /// loads it. Shape errors found while refining types throw ShapeError with
  /// the user's source line; other failures throw CompileError.
  Executable compile(mlir::ModuleOp module, const std::string &name,
                     const PipelineOptions &options = {});

private:
  ObjectCache cache;
};

} // namespace theta

#endif // THETA_RUNTIME_COMPILER_H
