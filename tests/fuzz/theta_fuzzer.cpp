//===- theta_fuzzer.cpp - libFuzzer target: theta IR through the compiler -===//
//
// Parses the input as a theta module, verifies it, and runs what the runtime
// runs on a user's function: refine-types, stabilize, autodiff, canonicalize,
// then the whole CPU lowering. Invalid input must be refused with a
// diagnostic; an abort, a crash or a sanitizer report is a finding.
// Built with clang and -fsanitize=fuzzer by tests/fuzz/libfuzzer.sh.
//
//===----------------------------------------------------------------------===//
#include "dialect/ParserHazards.h"
#include "dialect/Passes.h"
#include "dialect/ThetaDialect.h"
#include "lowering/Pipelines.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

mlir::MLIRContext &context() {
  static mlir::MLIRContext *created = [] {
    mlir::registerAllPasses();
    theta::registerThetaPasses();
    theta::registerLoweringPasses();
    mlir::DialectRegistry registry;
    mlir::registerAllDialects(registry);
    mlir::registerAllExtensions(registry);
    registry.insert<theta::ThetaDialect>();
    auto *context = new mlir::MLIRContext(registry);
    context->loadAllAvailableDialects();
    context->disableMultithreading();
    // Most inputs are refused with diagnostics: keep them quiet.
    context->getDiagEngine().registerHandler([](mlir::Diagnostic &) { return mlir::success(); });
    return context;
  }();
  return *created;
}

void run(mlir::ModuleOp module, llvm::StringRef pipeline) {
  mlir::PassManager pm(module.getContext());
  if (failed(mlir::parsePassPipeline(pipeline, pm)))
    __builtin_trap(); // The harness's own pipeline text must parse.
  (void)pm.run(module);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mlir::MLIRContext &ctx = context();
  // MLIR's lexer reads the NUL after the text (std::string keeps one there);
  // libFuzzer's buffer has none.
  std::string text(reinterpret_cast<const char *>(data), size);
  if (theta::findParserHazard(text)) // refused by theta-opt with a diagnostic
    return 0;
  mlir::OwningOpRef<mlir::ModuleOp> module = mlir::parseSourceString<mlir::ModuleOp>(text, &ctx);
  if (!module || failed(mlir::verify(*module)))
    return 0;
  // The front half on its own (theta-opt's usual debugging steps), then the
  // whole pipeline on a fresh copy, as the runtime does.
  mlir::OwningOpRef<mlir::ModuleOp> copy = module->clone();
  run(*module, "builtin.module(func.func(theta-refine-types, theta-stabilize, theta-autodiff, "
               "canonicalize))");
  run(*copy, "builtin.module(theta-lower-cpu)");
  return 0;
}
