//===- Compiler.cpp -------------------------------------------------------===//
#include "runtime/Compiler.h"

#include "runtime/BuildId.h"

#include "runtime/Blas.h"

#include "dialect/Passes.h"
#include "dialect/ThetaDialect.h"
#include "lowering/BoundedResults.h"
#include "lowering/Pipelines.h"
#include "runtime/Diagnostics.h"
#include "runtime/Logging.h"
#include "runtime/Memory.h"

#include "mlir/IR/Verifier.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LLVMContext.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <cstddef>
#include <cstdint>

namespace theta {

std::unique_ptr<mlir::MLIRContext> createCompilerContext() {
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::registerAllToLLVMIRTranslations(registry);
  registry.insert<ThetaDialect>();
  auto context = std::make_unique<mlir::MLIRContext>(registry);
  context->loadDialect<ThetaDialect, mlir::func::FuncDialect>();
  // Compiles are small and serialized per function; threads buy nothing.
  context->disableMultithreading();
  return context;
}

DType dtypeFromMlir(mlir::Type element) {
  if (element.isF32())
    return DType::Float32;
  if (element.isF64())
    return DType::Float64;
  if (element.isInteger(32))
    return DType::Int32;
  if (element.isInteger(64))
    return DType::Int64;
  if (element.isInteger(1))
    return DType::Bool;
  if (element.isUnsignedInteger(8))
    return DType::UInt8;
  if (element.isInteger(8))
    return DType::Int8;
  if (element.isInteger(16))
    return DType::Int16;
  if (element.isF16())
    return DType::Float16;
  throw CompileError("unsupported element type in a compiled function");
}

mlir::Type mlirElementType(mlir::MLIRContext &context, DType dtype) {
  mlir::Builder builder(&context);
  switch (dtype) {
  case DType::Float32:
    return builder.getF32Type();
  case DType::Float64:
    return builder.getF64Type();
  case DType::Int32:
    return builder.getI32Type();
  case DType::Int64:
    return builder.getI64Type();
  case DType::Bool:
    return builder.getI1Type();
  case DType::Int8:
    return builder.getIntegerType(8);
  case DType::Int16:
    return builder.getIntegerType(16);
  case DType::Float16:
    return builder.getF16Type();
  case DType::UInt8:
    return mlir::IntegerType::get(&context, 8, mlir::IntegerType::Unsigned);
  }
  return {};
}

namespace {
using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string moduleText(mlir::ModuleOp module) {
  std::string text;
  llvm::raw_string_ostream os(text);
  module.print(os, mlir::OpPrintingFlags().enableDebugInfo(false));
  return text;
}
/// The entry must take exactly one pointer per buffer, as the runtime calls
/// it: a lowering that kept memref descriptors would read garbage.
void checkBarePointerAbi(llvm::Module &module, const std::string &name, size_t buffers) {
  llvm::Function *entry = module.getFunction(name);
  bool bare = entry && entry->arg_size() == buffers;
  for (size_t i = 0; bare && i < buffers; ++i)
    bare = entry->getArg(static_cast<unsigned>(i))->getType()->isPointerTy();
  if (!bare)
    throw CompileError("lowering '" + name + "' gave an entry that does not take one pointer per "
                       "buffer (" + std::to_string(buffers) + " buffers, " +
                       std::to_string(entry ? entry->arg_size() : 0) +
                       " parameters): a memref type the bare-pointer convention refuses");
}
/// Generated code computes buffer sizes in 64 bits: a tensor whose byte size
/// does not fit (a {2^32, 2^32} alloc) would get a wrapped, tiny buffer. Such
/// a shape is refused before lowering, as an allocation that cannot succeed.
void checkTensorSizes(mlir::ModuleOp module) {
  module.walk([](mlir::Operation *op) {
    for (mlir::Type type : op->getResultTypes()) {
      auto tensor = llvm::dyn_cast<mlir::RankedTensorType>(type);
      if (!tensor || !tensor.hasStaticShape() || !tensor.getElementType().isIntOrFloat())
        continue;
      int64_t bytes = std::max<int64_t>(1, tensor.getElementTypeBitWidth() / 8);
      double approximate = static_cast<double>(bytes);
      bool overflow = false;
      for (int64_t size : tensor.getShape()) {
        overflow |= __builtin_mul_overflow(bytes, size, &bytes);
        approximate *= static_cast<double>(size);
      }
      if (overflow || bytes > PTRDIFF_MAX / 2) {
        std::string where = formatLocation(op->getLoc());
        throw MemoryError("cannot allocate " + formatBytes(approximate) + " for the result of '" +
                          op->getName().getStringRef().str() + "'" +
                          (where.empty() ? "" : " built at " + where) + " (shape " +
                          shapeString(Shape(tensor.getShape())) + ")");
      }
    }
  });
}
/// What identifies GPU code beyond the pipeline text: the ptxas that
/// assembles it (`ptxas --version` of the toolkit, read once per toolkit).
std::string gpuToolchainKey(const PipelineOptions &options) {
  if (!options.forGpu())
    return "";
  static std::mutex mutex;
  static std::map<std::string, std::string> versions;
  std::lock_guard<std::mutex> guard(mutex);
  auto [found, inserted] = versions.emplace(options.cudaToolkit, "");
  if (inserted) {
    std::string command = "'" + options.cudaToolkit + "/bin/ptxas' --version 2>/dev/null";
    if (FILE *pipe = popen(command.c_str(), "r")) {
      std::array<char, 256> chunk;
      while (size_t read = fread(chunk.data(), 1, chunk.size(), pipe))
        found->second.append(chunk.data(), read);
      pclose(pipe);
    }
    if (found->second.empty())
      found->second = "no ptxas";
  }
  return "\n" + found->second;
}
} // namespace

/// THETA_MLIR_TIMING=1: each pass's time, as theta-opt --mlir-timing prints
/// it, for the compiler's own pipelines (no verifier, no printing).
static bool mlirTimingRequested() {
  const char *timing = std::getenv("THETA_MLIR_TIMING");
  return timing && std::string(timing) == "1";
}

Executable Compiler::compile(mlir::ModuleOp module, const std::string &name,
                             const PipelineOptions &requested) {
  Clock::time_point start = Clock::now();
  // What this host's code may use (part of the pipeline text, so of the key).
  // ldexp needs AVX-512VL too: LLVM 22.1's lowering of a 128-bit ldexp on
  // AVX-512F without VL forgets to convert the exponent (llvm-project PR
  // 199263), so vector tails came out unscaled. DebugMode's reference keeps
  // upstream's exp, so that it still checks this one.
  PipelineOptions options = requested;
  if (!options.forGpu() && !options.reference) {
    options.cpuLdexp =
        Jit::instance().hasFeature("avx512f") && Jit::instance().hasFeature("avx512vl");
    // oneDNN's f32 convolutions want nChw16c with AVX-512, nChw8c below.
    options.channelBlock = Jit::instance().hasFeature("avx512f") ? 16 : 8;
  }
  mlir::MLIRContext &context = *module.getContext();
  DiagnosticCollector diagnostics(context);

  // Shapes first: errors here are the user's (shapes that do not fit).
  mlir::PassManager refine(&context);
  refine.addNestedPass<mlir::func::FuncOp>(createThetaRefineTypes());
  if (failed(refine.run(module)))
    throw ShapeError(diagnostics.text());
  checkTensorSizes(module);

  auto func = module.lookupSymbol<mlir::func::FuncOp>(name);
  Executable executable;
  executable.forGpu = options.forGpu();
  executable.hostKey = Jit::instance().hostKey();
  if (auto counts = padBoundedResults(func); succeeded(counts))
    executable.rowCountOf = *counts;
  for (mlir::Type type : func.getResultTypes()) {
    auto tensor = llvm::cast<mlir::RankedTensorType>(type);
    if (!tensor.hasStaticShape())
      throw ShapeError("the shape of an output of '" + name +
                       "' depends on values, not only on input shapes; Theta compiles for "
                       "static shapes (use static sizes in reshape/alloc/zeros; a scan stopped by a "
                       "condition needs a constant n_steps and must be returned as it is)");
    executable.results.push_back(
        {dtypeFromMlir(tensor.getElementType()), Shape(tensor.getShape())});
  }

  std::string key = ObjectCache::keyFor(Jit::instance().hostKey() + "\n" + kRuntimeAbi + "\n" +
                                        compilerBuildId() + "\n" + pipelineText(options) +
                                        gpuToolchainKey(options) +
                                        "\n" + moduleText(module));
  if (auto object = cache.load(key)) {
    try {
      executable.object = std::make_shared<const std::string>(object->getBuffer().str());
      executable.entry = Jit::instance().load(std::move(object), name, executable.code);
      executable.fromDiskCache = true;
      executable.compileSeconds = secondsSince(start);
      log().debug("{}: loaded from the disk cache in {:.1f} ms", name,
                  executable.compileSeconds * 1e3);
      return executable;
    } catch (const CompileError &error) {
      // The header verified but the JIT refused the object (garbage with a
      // valid checksum, say). Left in place it would fail every run: drop it
      // and compile afresh, which loads into a new JITDylib and rewrites it.
      log().warn("{}: the disk cache's {} cannot be loaded ({}); recompiling", name,
                 cache.pathFor(key), error.what());
      cache.remove(key);
    }
  }

  // The runtime passes one pointer per input and result buffer.
  size_t buffers = func.getNumArguments() + func.getNumResults();

  // At trace level, the module as theta-opt --theta-lower-cpu would take it
  // (with `ldexp=true` on AVX-512 hosts, as pipelineText(options) says).
  if (log().should_log(spdlog::level::trace))
    log().trace("{}: theta module before lowering:\n{}", name, moduleText(module));
  Clock::time_point stage = Clock::now();
  // The module is verified once after each pipeline, not after every pass:
  // on a deep network's step the verifier's walks were a tenth of lowering.
  mlir::PassManager front(&context);
  front.enableVerifier(false);
  if (mlirTimingRequested())
    front.enableTiming();
  if (failed(buildFrontPipeline(front, options)))
    throw CompileError("invalid pipeline");
  if (failed(front.run(module)) || failed(mlir::verify(module)))
    throw CompileError("lowering '" + name + "' failed:\n" + diagnostics.text());
  executable.thetaSeconds = secondsSince(start);
  stage = Clock::now();
  mlir::PassManager back(&context);
  back.enableVerifier(false);
  if (mlirTimingRequested())
    back.enableTiming();
  if (failed(buildBackPipeline(back, options)))
    throw CompileError("invalid pipeline");
  if (failed(back.run(module)) || failed(mlir::verify(module)))
    throw CompileError("lowering '" + name + "' failed:\n" + diagnostics.text());
  executable.loweringSeconds = secondsSince(stage);
  stage = Clock::now();

  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule = mlir::translateModuleToLLVMIR(module, llvmContext);
  if (!llvmModule)
    throw CompileError("translating '" + name + "' to LLVM IR failed:\n" + diagnostics.text());
  checkBarePointerAbi(*llvmModule, name, buffers);
  std::unique_ptr<llvm::MemoryBuffer> object =
      Jit::instance().emitObject(*llvmModule, name, options.fastCompile);
  cache.store(key, object->getBuffer());
  executable.object = std::make_shared<const std::string>(object->getBuffer().str());
  executable.entry = Jit::instance().load(std::move(object), name, executable.code);
  executable.llvmSeconds = secondsSince(stage);
  executable.compileSeconds = secondsSince(start);
  log().debug("{}: compiled in {:.1f} ms (theta {:.1f} ms, lowering {:.1f} ms, LLVM {:.1f} ms)",
              name, executable.compileSeconds * 1e3, executable.thetaSeconds * 1e3,
              executable.loweringSeconds * 1e3, executable.llvmSeconds * 1e3);
  return executable;
}

} // namespace theta
