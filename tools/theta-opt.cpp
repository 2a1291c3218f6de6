//===- theta-opt.cpp - mlir-opt with the theta dialect and passes ---------===//
//
// Every upstream dialect and pass is registered too, so a theta file can be
// pushed through any stage of the lowering by hand.
//
//===----------------------------------------------------------------------===//
#include "dialect/ParserHazards.h"
#include "dialect/Passes.h"
#include "dialect/ThetaDialect.h"
#include "lowering/Pipelines.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ToolOutputFile.h"

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
  auto [inputFilename, outputFilename] =
      mlir::registerAndParseCLIOptions(argc, argv, "Theta optimizer driver\n", registry);

  // Text the upstream parser would crash on gets a diagnostic instead.
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> input = mlir::openInputFile(inputFilename, &error);
  if (input)
    if (std::optional<theta::ParserHazard> hazard = theta::findParserHazard(input->getBuffer())) {
      llvm::errs() << inputFilename << ":" << hazard->line << ":" << hazard->column
                   << ": error: " << hazard->message << "\n";
      return 1;
    }
  if (!input || inputFilename != "-")
    return mlir::asMainReturnCode(
        mlir::MlirOptMain(argc, argv, inputFilename, outputFilename, registry));
  // Standard input is read already: hand its buffer on.
  std::unique_ptr<llvm::ToolOutputFile> output = mlir::openOutputFile(outputFilename, &error);
  if (!output) {
    llvm::errs() << error << "\n";
    return 1;
  }
  if (mlir::failed(mlir::MlirOptMain(output->os(), std::move(input), registry,
                                     mlir::MlirOptMainConfig::createFromCLOptions())))
    return 1;
  output->keep();
  return 0;
}
