//===- Jit.cpp ------------------------------------------------------------===//
#include "runtime/Jit.h"

#include "runtime/Execution.h"
#include "runtime/Memory.h"
#include "runtime/PerfMap.h"
#include "runtime/Profile.h"

#include "runtime/Blas.h"
#include "runtime/CudaSymbols.h"
#include "runtime/Error.h"
#include "runtime/Logging.h"

#include "llvm/Analysis/CFG.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Transforms/IPO/LoopExtractor.h"
#include "llvm/Transforms/Utils/Local.h"
#include "llvm/Transforms/Utils/LoopSimplify.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/PassTimingInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/SmallVectorMemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>

namespace theta {

/// MLIR's C runtime helpers (Debian's libmlir-22-dev).
static constexpr const char *kRunnerUtilsLibrary =
    "/usr/lib/llvm-22/lib/libmlir_c_runner_utils.so";
/// LLVM's OpenMP runtime, for the parallel loops (Debian's libomp-22-dev).
/// Binaries already link it (//third_party:openmp); loading it by path keeps
/// the JIT working in a process that did not.
static constexpr const char *kOpenMPLibrary = "/usr/lib/llvm-22/lib/libomp.so.5";

struct Jit::State {
  std::unique_ptr<llvm::orc::LLJIT> jit;
  std::unique_ptr<llvm::TargetMachine> machine;
  /// Process symbols (libc, libm) and MLIR's C runner utils, resolved once
  /// and linked by every compiled function's library.
  llvm::orc::JITDylib *runtimeLibrary = nullptr;
  /// The host's target features that are on ("avx512f"), read once.
  llvm::StringSet<> features;
  std::mutex mutex;
  std::atomic<int> counter{0};
};

static std::string errorText(llvm::Error error) { return llvm::toString(std::move(error)); }

static llvm::orc::JITDylib &createRuntimeLibrary(llvm::orc::LLJIT &jit) {
  auto library = jit.createJITDylib("theta_runtime");
  if (!library)
    throw CompileError("cannot create the JIT runtime library: " + errorText(library.takeError()));
  char prefix = jit.getDataLayout().getGlobalPrefix();
  auto process = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(prefix);
  if (!process)
    throw CompileError("cannot resolve process symbols: " + errorText(process.takeError()));
  library->addGenerator(std::move(*process));
  auto runnerUtils = llvm::orc::DynamicLibrarySearchGenerator::Load(kRunnerUtilsLibrary, prefix);
  if (!runnerUtils)
    throw CompileError("cannot load " + std::string(kRunnerUtilsLibrary) + ": " +
                       errorText(runnerUtils.takeError()));
  library->addGenerator(std::move(*runnerUtils));
  auto openmp = llvm::orc::DynamicLibrarySearchGenerator::Load(kOpenMPLibrary, prefix);
  if (!openmp)
    throw CompileError("cannot load " + std::string(kOpenMPLibrary) + ": " +
                       errorText(openmp.takeError()));
  library->addGenerator(std::move(*openmp));
  // Theta's own entry points (BLAS calls), by address: no need for the
  // executable to export them.
  llvm::orc::SymbolMap symbols;
  std::vector<std::pair<std::string, void *>> entries = runtimeSymbols();
  for (auto &entry : executionSymbols())
    entries.push_back(std::move(entry));
  for (auto &entry : profiling::profileSymbols())
    entries.push_back(std::move(entry));
  for (auto &entry : cudaSymbols())
    entries.push_back(std::move(entry));
  for (const auto &[name, address] : entries)
    symbols[jit.mangleAndIntern(name)] = llvm::orc::ExecutorSymbolDef(
        llvm::orc::ExecutorAddr::fromPtr(address),
        llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable);
  if (auto error = library->define(llvm::orc::absoluteSymbols(std::move(symbols))))
    throw CompileError("cannot define the runtime symbols: " + errorText(std::move(error)));
  return *library;
}

/// THETA_LLVM_OPTIONS: options for LLVM's own command line, for debugging
/// the JIT (e.g. "-time-passes" prints where code generation spends time).
static void parseLlvmOptionsOnce() {
  const char *text = std::getenv("THETA_LLVM_OPTIONS");
  if (!text || !*text)
    return;
  llvm::SmallVector<const char *> argv{"theta"};
  llvm::BumpPtrAllocator arena;
  llvm::StringSaver saver(arena);
  llvm::cl::TokenizeGNUCommandLine(text, saver, argv);
  if (!llvm::cl::ParseCommandLineOptions(static_cast<int>(argv.size()), argv.data(),
                                         "THETA_LLVM_OPTIONS", &llvm::errs()))
    log().warn("THETA_LLVM_OPTIONS: LLVM rejected '{}'", text);
}

Jit::Jit() : state(std::make_unique<State>()) {
  retainFreedMemory();
  parseLlvmOptionsOnce();
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder)
    throw CompileError("cannot detect the host for the JIT: " + errorText(builder.takeError()));
  builder->setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
  // Position-independent code: besides ORC, the compiler-free object loader
  // (runtime/ObjectLoader.h) loads these objects anywhere in the address
  // space, reaching far symbols through its GOT and stubs.
  builder->setRelocationModel(llvm::Reloc::PIC_);
  auto machine = builder->createTargetMachine();
  if (!machine)
    throw CompileError("cannot create the host target machine: " + errorText(machine.takeError()));
  state->machine = std::move(*machine);
  auto jit = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(*builder).create();
  if (!jit)
    throw CompileError("cannot create the JIT: " + errorText(jit.takeError()));
  state->jit = std::move(*jit);
  enablePerfMapIfRequested(*state->jit);
  state->runtimeLibrary = &createRuntimeLibrary(*state->jit);
  llvm::SmallVector<llvm::StringRef> features;
  llvm::StringRef(state->machine->getTargetFeatureString()).split(features, ',');
  for (llvm::StringRef feature : features)
    if (feature.consume_front("+"))
      state->features.insert(feature);
  key = std::string(LLVM_VERSION_STRING) + "|" + state->machine->getTargetTriple().str() + "|" +
        std::string(state->machine->getTargetCPU()) + "|" +
        std::string(state->machine->getTargetFeatureString());
  log().debug("JIT for {}", key);
}

bool Jit::hasFeature(const std::string &feature) const {
  return state->features.contains(feature);
}

Jit &Jit::instance() {
  // Never destroyed: code handles held by static Functions may unload after
  // static destructors ran.
  static Jit *jit = new Jit;
  return *jit;
}

void Jit::configure(llvm::Module &module) {
  module.setDataLayout(state->machine->createDataLayout());
  module.setTargetTriple(state->machine->getTargetTriple());
}

/// LLVM's O2 with the loop vectorizer for the host's vector width, but
/// without interleaving or unrolling: generated code has many loop nests and
/// unrolling each one multiplies compile time for little gain (heavy products
/// are BLAS calls, elementwise loops are memory-bound).
static constexpr unsigned kLargeGlue = 2000; // instructions
/// Loop nests are extracted from functions larger than this (see optimize).
static constexpr unsigned kExtractLoopsAbove = 10000; // instructions

/// Values of loop-free glue live from their definition (an argument, an
/// allocation) to far-away uses, across thousands of calls: a 200-layer MLP
/// step's 800 buffer arguments and 1200 temporaries. The register
/// allocator spent 0.7 s interfering them. Kept in stack slots and loaded
/// right before each use, as unoptimized code does, every live range is a
/// few instructions long.
static void keepValuesOnStack(llvm::Function &function) {
  llvm::BasicBlock &entry = function.getEntryBlock();
  llvm::IRBuilder<> builder(&entry, entry.getFirstInsertionPt());
  for (llvm::Argument &argument : function.args()) {
    if (argument.use_empty())
      continue;
    llvm::AllocaInst *slot = builder.CreateAlloca(argument.getType());
    llvm::SmallVector<llvm::Use *> uses;
    for (llvm::Use &use : argument.uses())
      uses.push_back(&use);
    builder.CreateStore(&argument, slot);
    for (llvm::Use *use : uses) {
      auto *user = llvm::cast<llvm::Instruction>(use->getUser());
      llvm::Instruction *before = user;
      if (auto *phi = llvm::dyn_cast<llvm::PHINode>(user))
        before = phi->getIncomingBlock(*use)->getTerminator();
      use->set(new llvm::LoadInst(argument.getType(), slot, "", before->getIterator()));
    }
  }
  // Values used only a few instructions later stay in registers.
  constexpr unsigned kNear = 4;
  llvm::DenseMap<const llvm::Instruction *, unsigned> position;
  for (llvm::BasicBlock &block : function) {
    unsigned index = 0;
    for (llvm::Instruction &instruction : block)
      position[&instruction] = index++;
  }
  llvm::SmallVector<llvm::Instruction *> farReaching;
  for (llvm::BasicBlock &block : function)
    for (llvm::Instruction &instruction : block)
      if (!instruction.getType()->isVoidTy() && !llvm::isa<llvm::AllocaInst>(instruction) &&
          !llvm::isa<llvm::PHINode>(instruction) && !instruction.isTerminator() &&
          llvm::any_of(instruction.users(), [&](llvm::User *user) {
            auto *used = llvm::cast<llvm::Instruction>(user);
            return used->getParent() != &block || llvm::isa<llvm::PHINode>(used) ||
                   position.lookup(used) > position.lookup(&instruction) + kNear;
          }))
        farReaching.push_back(&instruction);
  for (llvm::Instruction *instruction : farReaching)
    llvm::DemoteRegToStack(*instruction, false, entry.getFirstInsertionPt());
}

static void optimize(llvm::Module &module, llvm::TargetMachine &machine) {
  llvm::PipelineTuningOptions tuning;
  tuning.LoopInterleaving = false;
  tuning.LoopUnrolling = false;
  tuning.LoopVectorization = true;
  tuning.SLPVectorization = true;
  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager cgscc;
  llvm::ModuleAnalysisManager modules;
  llvm::PassBuilder builder(&machine, tuning);
  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(cgscc);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, cgscc, modules);
  // In a large module each top-level loop nest becomes a function of its
  // own, never inlined back: some of O2's function passes (IndVarSimplify
  // above all) take time that grows with the square of a function's size,
  // and a deep network's step is one function of hundreds of loop nests (a
  // 50-layer MLP's step spent 3.3 of 3.8 s there; 0.5 s in all once split),
  // and the loop-free glue left can be compiled unoptimized (below). A call
  // per loop nest costs nanoseconds. In a small module it costs more than it
  // saves: code generation has a fixed cost per function, and cold compiles
  // of the MLP / CNN / RNN steps (about 1000 instructions) took 100 / 115 /
  // 128 ms extracted against 76 / 90 / 107 ms whole; MLP steps of 50 layers
  // (6900 instructions) 396 against 358 ms, of 100 layers (13000) 616
  // against 867 ms, of 200 layers (26600) 1.8 against 2.8 s.
  bool large = llvm::any_of(module, [](const llvm::Function &function) {
    return !function.isDeclaration() && function.getInstructionCount() > kExtractLoopsAbove;
  });
  llvm::StringSet<> before;
  for (llvm::Function &function : module)
    before.insert(function.getName());
  if (large) {
    llvm::ModulePassManager extract;
    // Dedicated exits first: a loop whose exit is the next loop's header is
    // not in simplified form, and the extractor leaves such loops in place.
    extract.addPass(llvm::createModuleToFunctionPassAdaptor(llvm::LoopSimplifyPass()));
    extract.addPass(llvm::LoopExtractorPass());
    extract.run(module, modules);
  }
  // So are the kernels a repeated loop nest became (--theta-outline-kernels).
  for (llvm::Function &function : module)
    if (!function.isDeclaration() && (!before.contains(function.getName()) ||
                                      function.getName().starts_with("theta_kernel_")))
      function.addFnAttr(llvm::Attribute::NoInline);
  llvm::ModulePassManager passes = builder.buildPerModuleDefaultPipeline(
      llvm::OptimizationLevel::O2);
  passes.run(module, modules);
  // What is left of a deep network's step is loop-free glue (calls to the
  // loop nests, libraries and allocator), which optimized code generation
  // does not speed up and takes time growing faster than its size over
  // (a 200-layer MLP step's 10k instructions: 2.1 s, 1.0 s without).
  for (llvm::Function &function : module)
    if (!function.isDeclaration() && function.getInstructionCount() > kLargeGlue) {
      llvm::SmallVector<std::pair<const llvm::BasicBlock *, const llvm::BasicBlock *>> backEdges;
      llvm::FindFunctionBackedges(function, backEdges);
      if (backEdges.empty()) { // optnone requires noinline
        log().debug("{}: {} instructions of loop-free glue, compiled unoptimized",
                    function.getName().str(), function.getInstructionCount());
        function.addFnAttr(llvm::Attribute::NoInline);
        function.addFnAttr(llvm::Attribute::OptimizeNone);
        keepValuesOnStack(function);
      }
    }
}

/// Global constructors (llvm.global_ctors, here the loading of a GPU
/// module's kernels) do not run when ORC loads an object without its
/// runtime: they become an exported `<function>_init` (and destructors
/// `<function>_fini`) that Jit::load calls itself.
static void exportConstructors(llvm::Module &module, const char *global,
                               const std::string &name) {
  llvm::GlobalVariable *list = module.getNamedGlobal(global);
  if (!list)
    return;
  std::vector<std::pair<uint64_t, llvm::Function *>> entries;
  if (auto *array = llvm::dyn_cast_or_null<llvm::ConstantArray>(
          list->hasInitializer() ? list->getInitializer() : nullptr))
    for (llvm::Value *operand : array->operands()) {
      auto *entry = llvm::cast<llvm::ConstantStruct>(operand);
      auto *priority = llvm::cast<llvm::ConstantInt>(entry->getOperand(0));
      if (auto *function = llvm::dyn_cast<llvm::Function>(entry->getOperand(1)))
        entries.emplace_back(priority->getZExtValue(), function);
    }
  list->eraseFromParent();
  std::stable_sort(entries.begin(), entries.end(),
                   [](const auto &a, const auto &b) { return a.first < b.first; });
  llvm::LLVMContext &context = module.getContext();
  auto *type = llvm::FunctionType::get(llvm::Type::getVoidTy(context), false);
  auto *exported =
      llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage, name, module);
  llvm::IRBuilder<> builder(llvm::BasicBlock::Create(context, "entry", exported));
  for (const auto &[priority, function] : entries)
    builder.CreateCall(function);
  builder.CreateRetVoid();
}

std::unique_ptr<llvm::MemoryBuffer> Jit::emitObject(llvm::Module &module,
                                                    const std::string &function,
                                                    bool fastCompile) {
  llvm::Function *callee = module.getFunction(function);
  if (!callee)
    throw CompileError("compiled module has no function '" + function + "'");
  llvm::LLVMContext &context = module.getContext();
  auto *pointer = llvm::PointerType::getUnqual(context);
  auto *packedType = llvm::FunctionType::get(llvm::Type::getVoidTy(context), {pointer}, false);
  auto *packed = llvm::Function::Create(packedType, llvm::GlobalValue::ExternalLinkage,
                                        function + "_packed", module);
  llvm::IRBuilder<> builder(llvm::BasicBlock::Create(context, "entry", packed));
  llvm::SmallVector<llvm::Value *> args;
  for (unsigned i = 0; i < callee->arg_size(); ++i) {
    llvm::Value *slot = builder.CreateConstGEP1_64(pointer, packed->getArg(0), i);
    args.push_back(builder.CreateLoad(pointer, slot));
  }
  builder.CreateCall(callee, args);
  builder.CreateRetVoid();
  exportConstructors(module, "llvm.global_ctors", function + "_init");
  exportConstructors(module, "llvm.global_dtors", function + "_fini");

  std::lock_guard<std::mutex> lock(state->mutex); // The target machine is not thread-safe.
  configure(module);
  // FAST_COMPILE: no IR optimization, fast instruction selection and
  // register allocation (Theano's FAST_COMPILE also trades run time for it).
  // FAST_COMPILE: no IR optimization, and the fast instruction selector and
  // register allocator: the MLP step compiles in a third of the time, and
  // loops run unvectorized (the 16M chain 23x slower; library calls, most
  // of a CNN step, are unchanged). LLVM's O1 saved almost nothing here.
  auto started = std::chrono::steady_clock::now();
  if (!fastCompile)
    optimize(module, *state->machine);
  auto optimized = std::chrono::steady_clock::now();
  state->machine->setOptLevel(fastCompile ? llvm::CodeGenOptLevel::None
                                          : llvm::CodeGenOptLevel::Aggressive);
  llvm::SmallVector<char, 0> bytes;
  llvm::raw_svector_ostream stream(bytes);
  llvm::legacy::PassManager passes;
  if (state->machine->addPassesToEmitFile(passes, stream, nullptr,
                                          llvm::CodeGenFileType::ObjectFile))
    throw CompileError("the host target cannot emit object files");
  passes.run(module);
  auto emitted = std::chrono::steady_clock::now();
  if (llvm::TimePassesIsEnabled) // THETA_LLVM_OPTIONS=-time-passes
    llvm::reportAndResetTimings(&llvm::errs());
  log().debug("{}: LLVM optimization {:.1f} ms, code generation {:.1f} ms", function,
              std::chrono::duration<double, std::milli>(optimized - started).count(),
              std::chrono::duration<double, std::milli>(emitted - optimized).count());
  return std::make_unique<llvm::SmallVectorMemoryBuffer>(std::move(bytes), function + ".o",
                                                         /*RequiresNullTerminator=*/false);
}

EntryPoint Jit::load(std::unique_ptr<llvm::MemoryBuffer> object, const std::string &function,
                     std::shared_ptr<void> &handle) {
  handle.reset(); // Unloads what it held, which takes the lock.
  std::lock_guard<std::mutex> lock(state->mutex);
  llvm::orc::LLJIT &jit = *state->jit;
  std::string name = "theta" + std::to_string(state->counter++);
  auto dylib = jit.createJITDylib(name);
  if (!dylib)
    throw CompileError("cannot create a JIT library: " + errorText(dylib.takeError()));
  dylib->addToLinkOrder(*state->runtimeLibrary);
  llvm::orc::JITDylib *library = &*dylib;
  State *owner = state.get();
  // Set once the initializer ran: the finalizer undoes it at unload.
  auto finalizer = std::make_shared<void (*)()>(nullptr);
  // A library that failed to load is removed too.
  handle = std::shared_ptr<void>(library, [owner, finalizer](void *unloaded) {
    if (*finalizer)
      (*finalizer)();
    std::lock_guard<std::mutex> lock(owner->mutex);
    auto *code = static_cast<llvm::orc::JITDylib *>(unloaded);
    if (llvm::Error error = owner->jit->getExecutionSession().removeJITDylib(*code))
      log().warn("JIT: cannot unload compiled code: {}", errorText(std::move(error)));
  });
  if (llvm::Error error = jit.addObjectFile(*dylib, std::move(object)))
    throw CompileError("cannot load compiled code: " + errorText(std::move(error)));
  // One lookup for the entry and, where the module had constructors (GPU
  // kernels to load), its initializer and finalizer; weakly referenced, a
  // missing `_init` is no error to build and discard on every load.
  llvm::orc::ExecutionSession &session = jit.getExecutionSession();
  llvm::orc::SymbolStringPtr entryName = jit.mangleAndIntern(function + "_packed");
  llvm::orc::SymbolStringPtr initName = jit.mangleAndIntern(function + "_init");
  llvm::orc::SymbolStringPtr finiName = jit.mangleAndIntern(function + "_fini");
  llvm::orc::SymbolLookupSet wanted(entryName);
  wanted.add(initName, llvm::orc::SymbolLookupFlags::WeaklyReferencedSymbol);
  wanted.add(finiName, llvm::orc::SymbolLookupFlags::WeaklyReferencedSymbol);
  auto found = session.lookup(
      llvm::orc::makeJITDylibSearchOrder(library, llvm::orc::JITDylibLookupFlags::MatchAllSymbols),
      std::move(wanted));
  if (!found)
    throw CompileError("cannot find the compiled entry: " + errorText(found.takeError()));
  auto address = found->find(entryName);
  if (address == found->end())
    throw CompileError("cannot find the compiled entry " + function + "_packed");
  if (auto initializer = found->find(initName); initializer != found->end()) {
    if (auto fini = found->find(finiName); fini != found->end())
      *finalizer = fini->second.getAddress().toPtr<void (*)()>();
    try {
      runInitializer(initializer->second.getAddress().toPtr<void (*)()>());
    } catch (...) {
      *finalizer = nullptr; // nothing was loaded to unload
      throw;
    }
  }
  return address->second.getAddress().toPtr<EntryPoint>();
}

} // namespace theta
