//===- CudaSymbols.cpp ----------------------------------------------------===//
#include "runtime/CudaSymbols.h"

#include "runtime/Cuda.h"
#include "runtime/CudaApi.h"
#include "runtime/CudnnConvolution.h"
#include "runtime/Error.h"
#include "runtime/Execution.h"

#include <map>
#include <mutex>

namespace theta {
namespace {

/// The driver, or null with the error reported: compiled code cannot catch.
const CudaDriverApi *driver() {
  std::string why;
  const CudaDriverApi *api = cudaDriver(&why);
  if (!api)
    reportDeviceError("GPU code cannot run: " + why);
  return api;
}

/// The current CUDA device, or null with the error reported.
Device *device() {
  try {
    return &currentCudaDevice();
  } catch (const Error &error) {
    reportDeviceError(error.what());
    return nullptr;
  }
}

/// Records a failed CUDA call of the running call (see reportDeviceError).
bool failed(CUresult result, const char *what) {
  if (result == CUDA_SUCCESS)
    return false;
  reportDeviceError(std::string(what) + ": " + cudaErrorText(result));
  return true;
}

/// The device's stream, whatever stream handle the lowered code passes
/// (null when there is no device, which was reported).
CUstream stream() {
  Device *current = device();
  return current ? static_cast<CUstream>(cudaStream(*current)) : nullptr;
}

/// A valid, unique non-null address for the no-op events.
char eventToken;

/// One cuBLAS handle per device, on the device's stream.
cublasHandle_t cublasFor(Device &device, const CublasApi &api) {
  static std::mutex mutex;
  static std::map<Device *, cublasHandle_t> *handles = new std::map<Device *, cublasHandle_t>;
  std::lock_guard<std::mutex> guard(mutex);
  auto found = handles->find(&device);
  if (found != handles->end())
    return found->second;
  cublasHandle_t handle = nullptr;
  if (api.cublasCreate(&handle) != CUBLAS_STATUS_SUCCESS)
    return nullptr;
  api.cublasSetStream(handle, static_cast<cudaStream_t>(cudaStream(device)));
  (*handles)[&device] = handle;
  return handle;
}

/// Row-major C (m x n) = op(A) op(B) + beta C is column-major
/// C^T = op(B)^T op(A)^T: B and A swap places, the flags stay.
template <typename T, typename Gemm>
void gemm(Gemm call, const char *name, int64_t transA, int64_t transB, int64_t m, int64_t n,
          int64_t k, intptr_t a, int64_t lda, intptr_t b, int64_t ldb, int64_t beta, intptr_t c,
          int64_t ldc) {
  Device *current = device();
  if (!current)
    return;
  std::string why;
  const CublasApi *api = cublasApi(&why);
  cublasHandle_t handle = api ? cublasFor(*current, *api) : nullptr;
  if (!handle) {
    reportDeviceError(std::string(name) + ": " + (api ? "cublasCreate failed" : why));
    return;
  }
  T one = 1, betaValue = static_cast<T>(beta);
  cublasStatus_t status = (api->*call)(
      handle, transB ? CUBLAS_OP_T : CUBLAS_OP_N, transA ? CUBLAS_OP_T : CUBLAS_OP_N,
      static_cast<int>(n), static_cast<int>(m), static_cast<int>(k), &one,
      reinterpret_cast<const T *>(b), static_cast<int>(ldb), reinterpret_cast<const T *>(a),
      static_cast<int>(lda), &betaValue, reinterpret_cast<T *>(c), static_cast<int>(ldc));
  if (status != CUBLAS_STATUS_SUCCESS)
    reportDeviceError(std::string(name) + " failed with cuBLAS status " +
                      std::to_string(static_cast<int>(status)) + " (m=" + std::to_string(m) +
                      ", n=" + std::to_string(n) + ", k=" + std::to_string(k) + ")");
}

/// Runs cuDNN convolutions on the current device, reporting failures (the
/// compiled caller cannot catch).
template <typename Body> void convolve(Body body) {
  Device *current = device();
  if (!current)
    return;
  try {
    body(*current);
  } catch (const Error &error) {
    reportDeviceError(error.what());
  }
}

ConvolutionSizes sizesOf(const int64_t (&values)[17]) {
  return {values[0],  values[1],  values[2],  values[3],  values[4],  values[5],
          values[6],  values[7],  values[8],  values[9],  values[10], values[11],
          values[12], values[13], values[14], values[15], values[16]};
}

void *address(intptr_t value) { return reinterpret_cast<void *>(value); }

} // namespace
} // namespace theta

using namespace theta;

extern "C" {

void *mgpuModuleLoad(void *data, size_t) {
  const CudaDriverApi *api = driver();
  CUmodule module = nullptr;
  if (!api || !device() ||
      failed(api->cuModuleLoadData(&module, data), "loading a GPU module (cuModuleLoadData)"))
    return nullptr;
  return module;
}

void *mgpuModuleLoadJIT(void *data, int optLevel) {
  const CudaDriverApi *api = driver();
  CUmodule module = nullptr;
  CUjit_option options[] = {CU_JIT_OPTIMIZATION_LEVEL};
  void *values[] = {reinterpret_cast<void *>(static_cast<intptr_t>(optLevel))};
  if (!api || !device() ||
      failed(api->cuModuleLoadDataEx(&module, data, 1, options, values),
             "compiling PTX for the GPU (cuModuleLoadDataEx)"))
    return nullptr;
  return module;
}

void mgpuModuleUnload(void *module) {
  if (module) // a module was loaded, so the driver is there
    cudaDriver()->cuModuleUnload(static_cast<CUmodule>(module));
}

void *mgpuModuleGetFunction(void *module, const char *name) {
  if (!module)
    return nullptr; // the failed load was reported
  CUfunction function = nullptr;
  if (failed(cudaDriver()->cuModuleGetFunction(&function, static_cast<CUmodule>(module), name),
             "finding a GPU kernel (cuModuleGetFunction)"))
    return nullptr;
  return function;
}

void mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY, intptr_t gridZ,
                      intptr_t blockX, intptr_t blockY, intptr_t blockZ, int32_t sharedBytes,
                      void *, void **params, void **extra, size_t) {
  if (!function)
    return;
  if (gridX == 0 || gridY == 0 || gridZ == 0)
    return; // an empty loop (a shape with a zero dimension)
  failed(cudaDriver()->cuLaunchKernel(static_cast<CUfunction>(function), gridX, gridY, gridZ, blockX,
                                  blockY, blockZ, sharedBytes, stream(), params, extra),
         "launching a GPU kernel (cuLaunchKernel)");
}

void *mgpuStreamCreate() { return stream(); }
void mgpuStreamDestroy(void *) {}
void mgpuStreamSynchronize(void *) {}
void mgpuStreamWaitEvent(void *, void *) {}
void *mgpuEventCreate() { return &eventToken; }
void mgpuEventDestroy(void *) {}
void mgpuEventSynchronize(void *) {}
void mgpuEventRecord(void *, void *) {}

void *mgpuMemAlloc(uint64_t bytes, void *, bool) {
  Device *current = device();
  if (!current)
    return nullptr; // reported; the call fails when the entry returns
  void *pointer = nullptr;
  try {
    pointer = current->allocate(bytes);
  } catch (const Error &) {
    pointer = nullptr;
  }
  if (!pointer && bytes != 0)
    failCompiledAllocation(bytes); // no object with a destructor is alive here
  return pointer;
}

void mgpuMemFree(void *pointer, void *) {
  if (Device *current = pointer ? device() : nullptr)
    current->deallocate(pointer);
}

void mgpuMemcpy(void *destination, void *source, size_t bytes, void *) {
  if (bytes == 0)
    return;
  const CudaDriverApi *api = driver();
  CUstream queue = stream();
  if (!api || !queue)
    return;
  failed(api->cuMemcpyAsync(reinterpret_cast<CUdeviceptr>(destination),
                                 reinterpret_cast<CUdeviceptr>(source), bytes, queue),
         "copying on the GPU (cuMemcpyAsync)");
}

void mgpuMemset32(void *destination, unsigned int value, size_t count, void *) {
  const CudaDriverApi *api = driver();
  CUstream queue = stream();
  if (!api || !queue)
    return;
  failed(api->cuMemsetD32Async(reinterpret_cast<CUdeviceptr>(destination), value, count,
                                    queue),
         "filling GPU memory (cuMemsetD32Async)");
}

void mgpuMemset16(void *destination, unsigned short value, size_t count, void *) {
  const CudaDriverApi *api = driver();
  CUstream queue = stream();
  if (!api || !queue)
    return;
  failed(api->cuMemsetD16Async(reinterpret_cast<CUdeviceptr>(destination), value, count,
                                    queue),
         "filling GPU memory (cuMemsetD16Async)");
}

void mgpuSetDefaultDevice(int32_t) {}

void theta_cublas_sgemm(int64_t transA, int64_t transB, int64_t m, int64_t n, int64_t k,
                        intptr_t a, int64_t lda, intptr_t b, int64_t ldb, int64_t beta,
                        intptr_t c, int64_t ldc) {
  gemm<float>(&CublasApi::cublasSgemm, "cublasSgemm", transA, transB, m, n, k, a, lda, b, ldb,
              beta, c, ldc);
}

void theta_cublas_dgemm(int64_t transA, int64_t transB, int64_t m, int64_t n, int64_t k,
                        intptr_t a, int64_t lda, intptr_t b, int64_t ldb, int64_t beta,
                        intptr_t c, int64_t ldc) {
  gemm<double>(&CublasApi::cublasDgemm, "cublasDgemm", transA, transB, m, n, k, a, lda, b, ldb,
               beta, c, ldc);
}

void theta_cudnn_conv2d(int64_t kind, intptr_t input, intptr_t filters, intptr_t output,
                        int64_t batch, int64_t channels, int64_t height, int64_t width,
                        int64_t outChannels, int64_t kernelHeight, int64_t kernelWidth,
                        int64_t outHeight, int64_t outWidth, int64_t strideH, int64_t strideW,
                        int64_t dilationH, int64_t dilationW, int64_t padTop, int64_t padLeft,
                        int64_t padBottom, int64_t padRight) {
  int64_t values[17] = {batch,       channels,  height,   width,   outChannels, kernelHeight,
                        kernelWidth, outHeight, outWidth, strideH, strideW,     dilationH,
                        dilationW,   padTop,    padLeft,  padBottom, padRight};
  convolve([&](Device &current) {
    if (kind < 0 || kind > 2)
      throw DeviceError("theta_cudnn_conv2d: unknown kind " + std::to_string(kind));
    runCudnnConvolution(current, static_cast<ConvolutionKind>(kind), sizesOf(values),
                        address(input), address(filters), address(output));
  });
}

void theta_cudnn_conv2d_backward(intptr_t input, intptr_t filters, intptr_t outputGrad,
                                 intptr_t inputGrad, intptr_t filterGrad, int64_t batch,
                                 int64_t channels, int64_t height, int64_t width,
                                 int64_t outChannels, int64_t kernelHeight, int64_t kernelWidth,
                                 int64_t outHeight, int64_t outWidth, int64_t strideH,
                                 int64_t strideW, int64_t dilationH, int64_t dilationW,
                                 int64_t padTop, int64_t padLeft, int64_t padBottom,
                                 int64_t padRight) {
  int64_t values[17] = {batch,       channels,  height,   width,   outChannels, kernelHeight,
                        kernelWidth, outHeight, outWidth, strideH, strideW,     dilationH,
                        dilationW,   padTop,    padLeft,  padBottom, padRight};
  convolve([&](Device &current) {
    ConvolutionSizes sizes = sizesOf(values);
    runCudnnConvolution(current, ConvolutionKind::GradInput, sizes, address(inputGrad),
                        address(filters), address(outputGrad));
    runCudnnConvolution(current, ConvolutionKind::GradFilters, sizes, address(input),
                        address(filterGrad), address(outputGrad));
  });
}

} // extern "C"

namespace theta {

std::vector<std::pair<std::string, void *>> cudaSymbols() {
#define THETA_SYMBOL(name) {#name, reinterpret_cast<void *>(&name)}
  return {THETA_SYMBOL(mgpuModuleLoad),        THETA_SYMBOL(mgpuModuleLoadJIT),
          THETA_SYMBOL(mgpuModuleUnload),      THETA_SYMBOL(mgpuModuleGetFunction),
          THETA_SYMBOL(mgpuLaunchKernel),      THETA_SYMBOL(mgpuStreamCreate),
          THETA_SYMBOL(mgpuStreamDestroy),     THETA_SYMBOL(mgpuStreamSynchronize),
          THETA_SYMBOL(mgpuStreamWaitEvent),   THETA_SYMBOL(mgpuEventCreate),
          THETA_SYMBOL(mgpuEventDestroy),      THETA_SYMBOL(mgpuEventSynchronize),
          THETA_SYMBOL(mgpuEventRecord),       THETA_SYMBOL(mgpuMemAlloc),
          THETA_SYMBOL(mgpuMemFree),           THETA_SYMBOL(mgpuMemcpy),
          THETA_SYMBOL(mgpuMemset32),          THETA_SYMBOL(mgpuMemset16),
          THETA_SYMBOL(mgpuSetDefaultDevice),  THETA_SYMBOL(theta_cublas_sgemm),
          THETA_SYMBOL(theta_cublas_dgemm),    THETA_SYMBOL(theta_cudnn_conv2d),
          THETA_SYMBOL(theta_cudnn_conv2d_backward)};
#undef THETA_SYMBOL
}

} // namespace theta
