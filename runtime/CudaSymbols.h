//===- CudaSymbols.h - what GPU code compiled by Theta calls on the host --===//
//
// Debian ships no libmlir_cuda_runtime, so Theta implements the `mgpu*`
// functions that MLIR's gpu-to-llvm lowering calls (MLIR 22 signatures),
// on the current CUDA device (runtime/Cuda.h), plus the cuBLAS products of
// --theta-linalg-to-blas{gpu=true}.
//
// Every stream the lowered code asks for is the device's one stream, and
// events are no-ops: all work of a call is queued in order on that stream,
// and the runtime synchronizes once, after the entry returns, before any
// result is read. Errors cannot unwind through compiled frames: the first
// one of a call is recorded and raised as DeviceError when the entry
// returns; a failed allocation abandons the call as on the CPU.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_RUNTIME_CUDASYMBOLS_H
#define THETA_RUNTIME_CUDASYMBOLS_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

extern "C" {
void *mgpuModuleLoad(void *data, size_t size);
void *mgpuModuleLoadJIT(void *data, int optLevel);
void mgpuModuleUnload(void *module);
void *mgpuModuleGetFunction(void *module, const char *name);
void mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY, intptr_t gridZ,
                      intptr_t blockX, intptr_t blockY, intptr_t blockZ, int32_t sharedBytes,
                      void *stream, void **params, void **extra, size_t paramCount);
void *mgpuStreamCreate();
void mgpuStreamDestroy(void *stream);
void mgpuStreamSynchronize(void *stream);
void mgpuStreamWaitEvent(void *stream, void *event);
void *mgpuEventCreate();
void mgpuEventDestroy(void *event);
void mgpuEventSynchronize(void *event);
void mgpuEventRecord(void *event, void *stream);
void *mgpuMemAlloc(uint64_t bytes, void *stream, bool hostShared);
void mgpuMemFree(void *pointer, void *stream);
void mgpuMemcpy(void *destination, void *source, size_t bytes, void *stream);
void mgpuMemset32(void *destination, unsigned int value, size_t count, void *stream);
void mgpuMemset16(void *destination, unsigned short value, size_t count, void *stream);
void mgpuSetDefaultDevice(int32_t ordinal);
/// Row-major C = op(A) op(B) + beta C on the device's stream, as theta_sgemm.
void theta_cublas_sgemm(int64_t transA, int64_t transB, int64_t m, int64_t n, int64_t k,
                        intptr_t a, int64_t lda, intptr_t b, int64_t ldb, int64_t beta,
                        intptr_t c, int64_t ldc);
void theta_cublas_dgemm(int64_t transA, int64_t transB, int64_t m, int64_t n, int64_t k,
                        intptr_t a, int64_t lda, intptr_t b, int64_t ldb, int64_t beta,
                        intptr_t c, int64_t ldc);
/// A float32 convolution in cuDNN on the device's stream: kind 0 writes
/// `output` = conv(input, filters), 1 writes `input` (the input's gradient
/// from the output's), 2 writes `filters`; dense NCHW buffers, sizes in
/// forward terms as theta_dnnl_conv2d takes them (no bias, no layouts).
void theta_cudnn_conv2d(int64_t kind, intptr_t input, intptr_t filters, intptr_t output,
                        int64_t batch, int64_t channels, int64_t height, int64_t width,
                        int64_t outChannels, int64_t kernelHeight, int64_t kernelWidth,
                        int64_t outHeight, int64_t outWidth, int64_t strideH, int64_t strideW,
                        int64_t dilationH, int64_t dilationW, int64_t padTop, int64_t padLeft,
                        int64_t padBottom, int64_t padRight);
/// Both gradients of one convolution (input and filters) in one call.
void theta_cudnn_conv2d_backward(intptr_t input, intptr_t filters, intptr_t outputGrad,
                                 intptr_t inputGrad, intptr_t filterGrad, int64_t batch,
                                 int64_t channels, int64_t height, int64_t width,
                                 int64_t outChannels, int64_t kernelHeight, int64_t kernelWidth,
                                 int64_t outHeight, int64_t outWidth, int64_t strideH,
                                 int64_t strideW, int64_t dilationH, int64_t dilationW,
                                 int64_t padTop, int64_t padLeft, int64_t padBottom,
                                 int64_t padRight);
}

namespace theta {
/// The symbols above, by name, for the JIT.
std::vector<std::pair<std::string, void *>> cudaSymbols();
} // namespace theta

#endif // THETA_RUNTIME_CUDASYMBOLS_H
