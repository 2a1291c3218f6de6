//===- Compiler.h - theta module -> executable, through the caches --------===//
#ifndef THETA_RUNTIME_COMPILER_H
#define THETA_RUNTIME_COMPILER_H

#include "runtime/Array.h"
#include "runtime/Jit.h"
#include "runtime/ObjectCache.h"
#include "lowering/Pipelines.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"

#include <memory>
#include <string>
#include <vector>

namespace theta {

struct TensorSpec {
  DType dtype;
  Shape shape;
};

/// One compiled specialization of a function.
struct Executable {
  EntryPoint entry = nullptr;
  /// Keeps the code loaded; the JIT unloads it when the last copy goes.
  std::shared_ptr<void> code;
  std::vector<TensorSpec> results;
  /// Per result, the index of the result holding its row count (the rows
  /// to keep of a result padded to its bound, see padBoundedResults), or -1.
  /// Count results come last and are not returned to the user.
  std::vector<int> rowCountOf;
  double compileSeconds = 0;
  /// compileSeconds by stage: shapes and the theta passes, the lowering to
  /// the LLVM dialect, LLVM (translation, optimization, object code).
  double thetaSeconds = 0;
  double loweringSeconds = 0;
  double llvmSeconds = 0;
  bool fromDiskCache = false;
  /// The pipeline it was compiled with.
  PipelineOptions options;
};

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
