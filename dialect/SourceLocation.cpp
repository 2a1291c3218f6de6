//===- SourceLocation.cpp -------------------------------------------------===//
#include "dialect/SourceLocation.h"

#include "mlir/IR/BuiltinAttributes.h"

namespace theta {

std::string formatLocation(mlir::Location loc) {
  std::string result;
  loc->walk([&](mlir::Location inner) {
    if (auto file = llvm::dyn_cast<mlir::FileLineColLoc>(inner)) {
      result = file.getFilename().str() + ":" + std::to_string(file.getLine());
      return mlir::WalkResult::interrupt();
    }
    return mlir::WalkResult::advance();
  });
  return result;
}

} // namespace theta
