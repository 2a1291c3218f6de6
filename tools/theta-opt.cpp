//===- theta-opt.cpp - mlir-opt with the theta dialect and passes ---------===//
//
// Every upstream dialect and pass is registered too, so a theta file can be
// pushed through any stage of the lowering by hand.
//
//===----------------------------------------------------------------------===//
#include "dialect/Passes.h"
#include "dialect/ThetaDialect.h"
#include "lowering/Pipelines.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  theta::registerThetaPasses();
  theta::registerLoweringPasses();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  // gpu-module-to-binary translates kernels to LLVM IR (--theta-lower-gpu).
  mlir::registerAllToLLVMIRTranslations(registry);
  registry.insert<theta::ThetaDialect>();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "Theta optimizer driver\n", registry));
}
