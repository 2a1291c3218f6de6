//===- PerfMap.cpp --------------------------------------------------------===//
//
// perf's convention for JIT code: a text file /tmp/perf-<pid>.map with one
// "start size name" line (hexadecimal) per function. A JITLink plugin writes
// the lines once the graph's addresses are known.
//
//===----------------------------------------------------------------------===//
#include "runtime/PerfMap.h"

#include "runtime/Logging.h"

#include "llvm/ExecutionEngine/JITLink/JITLink.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/ObjectLinkingLayer.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <unistd.h>

namespace theta {
namespace {

class PerfMapPlugin : public llvm::orc::ObjectLinkingLayer::Plugin {
public:
  explicit PerfMapPlugin(std::FILE *file) : file(file) {}
  ~PerfMapPlugin() override { std::fclose(file); }

  void modifyPassConfig(llvm::orc::MaterializationResponsibility &,
                        llvm::jitlink::LinkGraph &,
                        llvm::jitlink::PassConfiguration &config) override {
    // Local functions (outlined loop bodies) are reached through section
    // relocations, not their names, so pruning would drop their symbols.
    config.PrePrunePasses.push_back([](llvm::jitlink::LinkGraph &graph) {
      for (llvm::jitlink::Symbol *symbol : graph.defined_symbols())
        if (symbol->isCallable() && symbol->hasName())
          symbol->setLive(true);
      return llvm::Error::success();
    });
    config.PostAllocationPasses.push_back([this](llvm::jitlink::LinkGraph &graph) {
      std::lock_guard<std::mutex> lock(mutex);
      for (llvm::jitlink::Symbol *symbol : graph.defined_symbols())
        if (symbol->isCallable() && symbol->hasName() && symbol->getSize() > 0)
          std::fprintf(file, "%llx %llx %s\n",
                       static_cast<unsigned long long>(symbol->getAddress().getValue()),
                       static_cast<unsigned long long>(symbol->getSize()),
                       (*symbol->getName()).str().c_str());
      std::fflush(file);
      return llvm::Error::success();
    });
  }
  llvm::Error notifyFailed(llvm::orc::MaterializationResponsibility &) override {
    return llvm::Error::success();
  }
  llvm::Error notifyRemovingResources(llvm::orc::JITDylib &, llvm::orc::ResourceKey) override {
    return llvm::Error::success();
  }
  void notifyTransferringResources(llvm::orc::JITDylib &, llvm::orc::ResourceKey,
                                   llvm::orc::ResourceKey) override {}

private:
  std::FILE *file;
  std::mutex mutex;
};

} // namespace

void enablePerfMapIfRequested(llvm::orc::LLJIT &jit) {
  const char *requested = std::getenv("THETA_PERF_MAP");
  if (!requested || !*requested || std::strcmp(requested, "0") == 0)
    return;
  auto *linker = llvm::dyn_cast<llvm::orc::ObjectLinkingLayer>(&jit.getObjLinkingLayer());
  if (!linker) {
    log().warn("THETA_PERF_MAP: the JIT does not link with JITLink; no perf map");
    return;
  }
  std::string path = "/tmp/perf-" + std::to_string(::getpid()) + ".map";
  std::FILE *file = std::fopen(path.c_str(), "a");
  if (!file) {
    log().warn("THETA_PERF_MAP: cannot open {}", path);
    return;
  }
  linker->addPlugin(std::make_shared<PerfMapPlugin>(file));
  log().info("THETA_PERF_MAP: naming compiled functions in {}", path);
}

} // namespace theta
