// The GPU target compiled in process, on any machine: theta IR through
// --theta-lower-gpu (kernels assembled by the toolkit's ptxas into cubins),
// translated to LLVM IR, emitted as a host object with the cubins inside,
// stored in the disk cache and loaded by the JIT, whose initializer loads the
// kernels through mgpuModuleLoad. Without a GPU that last step is what fails,
// with the driver's reason; with one, the entry is ready to run.
#include "runtime/Compiler.h"
#include "runtime/Cuda.h"
#include "runtime/Error.h"

#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

using namespace theta;

namespace {

constexpr const char *kChain = R"mlir(
func.func @chain(%a: tensor<1xf32>, %x: tensor<4096xf32>, %w: tensor<64x64xf32>,
                 %image: tensor<2x3x8x8xf32>, %filters: tensor<4x3x3x3xf32>,
                 %g: tensor<2x4x6x6xf32>)
    -> (tensor<4096xf32>, tensor<64x64xf32>, tensor<f32>, tensor<2x4x6x6xf32>,
        tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) {
  %0 = theta.mul %a, %x : (tensor<1xf32>, tensor<4096xf32>) -> tensor<4096xf32>
  %1 = theta.tanh %0 : (tensor<4096xf32>) -> tensor<4096xf32>
  %2 = theta.exp %1 : (tensor<4096xf32>) -> tensor<4096xf32>
  %3 = theta.dot %w, %w : (tensor<64x64xf32>, tensor<64x64xf32>) -> tensor<64x64xf32>
  %4 = theta.sum %2 : (tensor<4096xf32>) -> tensor<f32>
  // cuDNN calls (theta_cudnn_conv2d and theta_cudnn_conv2d_backward), which
  // the JIT must resolve.
  %5 = theta.conv2d %image, %filters : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x6x6xf32>
  %6 = theta.conv2d_grad_input %g, %filters, %image : (tensor<2x4x6x6xf32>, tensor<4x3x3x3xf32>, tensor<2x3x8x8xf32>) -> tensor<2x3x8x8xf32>
  %7 = theta.conv2d_grad_filters %image, %g, %filters : (tensor<2x3x8x8xf32>, tensor<2x4x6x6xf32>, tensor<4x3x3x3xf32>) -> tensor<4x3x3x3xf32>
  return %2, %3, %4, %5, %6, %7 : tensor<4096xf32>, tensor<64x64xf32>, tensor<f32>,
      tensor<2x4x6x6xf32>, tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>
}
)mlir";

PipelineOptions forSm90(const std::string &format) {
  PipelineOptions options;
  options.gpuChip = "sm_90";
  options.gpuFormat = format;
  options.cudaToolkit = "/usr/local/cuda";
  return options;
}

/// Compiles kChain for the GPU; returns the DeviceError text, or "" when it
/// loaded (a GPU is present).
std::string compileChain(Compiler &compiler, const PipelineOptions &options,
                         bool *fromDiskCache = nullptr) {
  std::unique_ptr<mlir::MLIRContext> context = createCompilerContext();
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(kChain, context.get());
  EXPECT_TRUE(module);
  std::string why;
  bool gpu = cudaAvailable(0, &why);
  std::optional<CudaCallScope> scope;
  if (gpu)
    scope.emplace(cudaDevice(0));
  try {
    Executable executable = compiler.compile(*module, "chain", options);
    EXPECT_TRUE(gpu) << "loaded GPU code without a GPU";
    EXPECT_NE(executable.entry, nullptr);
    EXPECT_EQ(executable.results.size(), 6u);
    if (fromDiskCache)
      *fromDiskCache = executable.fromDiskCache;
    return "";
  } catch (const DeviceError &error) {
    EXPECT_FALSE(gpu) << error.what();
    return error.what();
  }
}

TEST(GpuCompile, CubinsAreBuiltEmbeddedAndLoadedByTheInitializer) {
  Compiler compiler{ObjectCache("")};
  std::string failure = compileChain(compiler, forSm90("bin"));
  if (!failure.empty()) {
    // Everything up to loading the kernels worked; the driver is missing.
    EXPECT_NE(failure.find("GPU code cannot run"), std::string::npos) << failure;
    EXPECT_NE(failure.find("no NVIDIA driver"), std::string::npos) << failure;
  }
}

TEST(GpuCompile, ProfiledGpuCodeLinksAgainstTheProfileHooks) {
  // profile=true: the host code calls theta_profile_begin/end around each
  // launch; the JIT resolves them (an unresolved symbol would fail before
  // the kernels are loaded, with another message).
  Compiler compiler{ObjectCache("")};
  PipelineOptions options = forSm90("bin");
  options.profile = true;
  std::string failure = compileChain(compiler, options);
  if (!failure.empty()) {
    EXPECT_NE(failure.find("no NVIDIA driver"), std::string::npos) << failure;
  }
}

TEST(GpuCompile, PtxIsLoadedThroughTheDriversJit) {
  Compiler compiler{ObjectCache("")};
  std::string failure = compileChain(compiler, forSm90("isa"));
  if (!failure.empty()) {
    EXPECT_NE(failure.find("no NVIDIA driver"), std::string::npos) << failure;
  }
}

TEST(GpuCompile, TheDiskCacheStoresGpuObjectsPerChip) {
  namespace fs = std::filesystem;
  fs::path directory = fs::temp_directory_path() / ("theta-gpu-compile-" + std::to_string(getpid()));
  fs::remove_all(directory);
  {
    Compiler compiler{ObjectCache(directory.string())};
    compileChain(compiler, forSm90("bin"));
  }
  size_t stored = 0;
  for (auto &entry : fs::recursive_directory_iterator(directory))
    stored += entry.is_regular_file();
  EXPECT_EQ(stored, 1u) << "the GPU object was not cached";
  {
    // The same module and chip: a hit (its initializer runs again).
    Compiler compiler{ObjectCache(directory.string())};
    bool hit = false;
    if (compileChain(compiler, forSm90("bin"), &hit).empty()) {
      EXPECT_TRUE(hit);
    }
    // Another chip: another entry.
    PipelineOptions sm80 = forSm90("bin");
    sm80.gpuChip = "sm_80";
    compileChain(compiler, sm80);
  }
  stored = 0;
  for (auto &entry : fs::recursive_directory_iterator(directory))
    stored += entry.is_regular_file();
  EXPECT_EQ(stored, 2u);
  fs::remove_all(directory);
}

} // namespace
