//===- CudaDevice.cpp - the CUDA device: context, stream, memory pool -----===//
#include "runtime/Cuda.h"

#include "runtime/CudaApi.h"
#include "runtime/DeviceArena.h"
#include "runtime/Error.h"
#include "runtime/Logging.h"
#include "runtime/Memory.h"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

namespace theta {
namespace {

class CudaDevice final : public Device {
public:
  CudaDevice(const CudaDriverApi &api, int ordinal, double preallocate)
      : api(api), ordinal(ordinal), caching(preallocate >= 0) {
    checkCuda(api.cuDeviceGet(&device, ordinal), "cuDeviceGet");
    checkCuda(api.cuDevicePrimaryCtxRetain(&context, device), "cuDevicePrimaryCtxRetain");
    makeCurrent();
    checkCuda(api.cuStreamCreate(&queue, CU_STREAM_NON_BLOCKING), "cuStreamCreate");
    char text[256] = {0};
    api.cuDeviceGetName(text, sizeof text - 1, device);
    info.name = text;
    api.cuDeviceGetAttribute(&info.major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device);
    api.cuDeviceGetAttribute(&info.minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device);
    api.cuDeviceGetAttribute(&info.multiprocessors, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT,
                             device);
    api.cuDeviceTotalMem(&info.memoryBytes, device);
    log().info("cuda{}: {} (sm_{}{}, {} multiprocessors, {})", ordinal, info.name, info.major,
               info.minor, info.multiprocessors,
               formatBytes(static_cast<double>(info.memoryBytes)));
    if (preallocate > 0)
      reserve(preallocate <= 1 ? preallocate * static_cast<double>(info.memoryBytes)
                               : preallocate * 1048576.0,
              preallocate);
  }

  DeviceKind kind() const override { return DeviceKind::Cuda; }
  std::string name() const override { return "cuda" + std::to_string(ordinal); }

  void *allocate(size_t bytes) override {
    size_t rounded = roundUp(bytes);
    std::lock_guard<std::mutex> guard(mutex);
    if (arena)
      if (std::optional<size_t> offset = arena->allocate(rounded))
        return reinterpret_cast<void *>(arenaBase + *offset);
    if (auto found = cached.find(rounded); found != cached.end()) {
      void *pointer = found->second;
      cached.erase(found);
      cachedBytes -= rounded;
      live[pointer] = rounded;
      return pointer;
    }
    makeCurrent();
    CUdeviceptr pointer = 0;
    CUresult result = api.cuMemAlloc(&pointer, rounded);
    if (result == CUDA_ERROR_OUT_OF_MEMORY && !cached.empty()) {
      // Give the cached blocks back and try once more.
      for (const auto &[size, block] : cached)
        api.cuMemFree(reinterpret_cast<CUdeviceptr>(block));
      cached.clear();
      cachedBytes = 0;
      result = api.cuMemAlloc(&pointer, rounded);
    }
    if (result != CUDA_SUCCESS)
      throw MemoryError("cannot allocate " + formatBytes(static_cast<double>(bytes)) + " on " +
                        name() + ": " + cudaErrorText(result));
    void *block = reinterpret_cast<void *>(pointer);
    live[block] = rounded;
    return block;
  }

  void deallocate(void *pointer) override {
    if (!pointer)
      return;
    std::lock_guard<std::mutex> guard(mutex);
    auto address = reinterpret_cast<CUdeviceptr>(pointer);
    if (arena && address >= arenaBase && address < arenaBase + arena->capacity()) {
      arena->free(address - arenaBase);
      return;
    }
    auto found = live.find(pointer);
    if (found == live.end())
      return;
    if (!caching) {
      makeCurrent();
      api.cuMemFree(address);
      live.erase(found);
      return;
    }
    cached.emplace(found->second, pointer);
    cachedBytes += found->second;
    live.erase(found);
  }

  void copyFromHost(void *destination, const void *source, size_t bytes) override {
    if (bytes == 0)
      return;
    makeCurrent();
    checkCuda(api.cuMemcpyHtoDAsync(reinterpret_cast<CUdeviceptr>(destination), source, bytes,
                                    queue),
              "copying to the GPU (cuMemcpyHtoDAsync)");
  }
  void copyToHost(void *destination, const void *source, size_t bytes) override {
    if (bytes == 0)
      return;
    makeCurrent();
    checkCuda(api.cuMemcpyDtoHAsync(destination, reinterpret_cast<CUdeviceptr>(source), bytes,
                                    queue),
              "copying from the GPU (cuMemcpyDtoHAsync)");
    synchronize();
  }
  void copyWithin(void *destination, const void *source, size_t bytes) override {
    if (bytes == 0)
      return;
    makeCurrent();
    checkCuda(api.cuMemcpyDtoDAsync(reinterpret_cast<CUdeviceptr>(destination),
                                    reinterpret_cast<CUdeviceptr>(source), bytes, queue),
              "copying on the GPU (cuMemcpyDtoDAsync)");
  }
  void synchronize() override {
    makeCurrent();
    checkCuda(api.cuStreamSynchronize(queue), ("running work on " + name()).c_str());
  }

  void makeCurrent() const { api.cuCtxSetCurrent(context); }
  CUstream stream() const { return queue; }
  const CudaDeviceInfo &deviceInfo() const { return info; }
  size_t poolBytes() {
    std::lock_guard<std::mutex> guard(mutex);
    size_t total = cachedBytes + (arena ? arena->capacity() : 0);
    for (const auto &[pointer, size] : live)
      total += size;
    return total;
  }

private:
  /// The preallocated block (gpuarray.preallocate): one cuMemAlloc now,
  /// buffers carved from it later. Without the memory, a warning, and
  /// buffers are allocated one by one.
  void reserve(double bytes, double setting) {
    size_t size = static_cast<size_t>(bytes) / (1u << 20) * (1u << 20);
    CUdeviceptr base = 0;
    CUresult result = size ? api.cuMemAlloc(&base, size) : CUDA_ERROR_INVALID_VALUE;
    if (result != CUDA_SUCCESS) {
      log().warn("gpuarray.preallocate={}: cannot reserve {} on {} ({}); buffers are allocated "
                 "one by one",
                 setting, formatBytes(static_cast<double>(size)), name(), cudaErrorText(result));
      return;
    }
    arenaBase = base;
    arena.emplace(size);
    log().info("{}: {} preallocated (gpuarray.preallocate={})", name(),
               formatBytes(static_cast<double>(size)), setting);
  }

  /// Sizes are rounded so that blocks of nearby sizes are interchangeable:
  /// to 512 bytes below 1 MiB, to 1 MiB below 64 MiB, to 16 MiB above.
  static size_t roundUp(size_t bytes) {
    size_t quantum = bytes < (1u << 20) ? 512 : bytes < (64u << 20) ? (1u << 20) : (16u << 20);
    size_t rounded = (bytes + quantum - 1) / quantum * quantum;
    return rounded ? rounded : quantum;
  }

  const CudaDriverApi &api;
  int ordinal;
  CUdevice device = 0;
  CUcontext context = nullptr;
  CUstream queue = nullptr;
  CudaDeviceInfo info;
  std::mutex mutex;
  std::unordered_map<void *, size_t> live;
  std::multimap<size_t, void *> cached;
  size_t cachedBytes = 0;
  bool caching; // freed buffers kept for reuse (gpuarray.preallocate >= 0)
  std::optional<DeviceArena> arena;
  CUdeviceptr arenaBase = 0;
};

struct Devices {
  std::mutex mutex;
  std::map<int, CudaDevice *> opened;
  double preallocate = 0; // for devices opened from now on
};
Devices &devices() {
  static Devices *all = new Devices; // never destroyed: arrays may outlive statics
  return *all;
}

CudaDevice &asCuda(Device &device) {
  if (device.kind() != DeviceKind::Cuda)
    throw DeviceError("'" + device.name() + "' is not a CUDA device");
  return static_cast<CudaDevice &>(device);
}

thread_local Device *currentDevice = nullptr;

} // namespace

bool cudaAvailable(int ordinal, std::string *why) {
  std::string reason;
  const CudaDriverApi *api = cudaDriver(&reason);
  int count = 0;
  if (api) {
    CUresult result = api->cuDeviceGetCount(&count);
    if (result != CUDA_SUCCESS)
      reason = "cuDeviceGetCount: " + cudaErrorText(result);
    else if (ordinal < 0 || ordinal >= count)
      reason = "no GPU with ordinal " + std::to_string(ordinal) + " (" + std::to_string(count) +
               " found)";
  }
  bool usable = api && reason.empty();
  if (!usable && why)
    *why = reason;
  return usable;
}

Device &cudaDevice(int ordinal) {
  Devices &all = devices();
  std::lock_guard<std::mutex> guard(all.mutex);
  if (auto found = all.opened.find(ordinal); found != all.opened.end())
    return *found->second;
  std::string why;
  if (!cudaAvailable(ordinal, &why))
    throw DeviceError("device=cuda" + std::to_string(ordinal) + ": " + why);
  auto *device = new CudaDevice(*cudaDriver(), ordinal, all.preallocate);
  all.opened[ordinal] = device;
  return *device;
}

CudaDeviceInfo cudaDeviceInfo(Device &device) { return asCuda(device).deviceInfo(); }

std::string cudaChip(Device &device) {
  const CudaDeviceInfo &info = asCuda(device).deviceInfo();
  return "sm_" + std::to_string(info.major) + std::to_string(info.minor);
}

void *cudaStream(Device &device) { return asCuda(device).stream(); }

Device &currentCudaDevice() { return currentDevice ? *currentDevice : cudaDevice(0); }

Device *activeCudaDevice() { return currentDevice; }

CudaCallScope::CudaCallScope(Device &device) : previous(currentDevice) {
  currentDevice = &device;
  asCuda(device).makeCurrent();
}
CudaCallScope::~CudaCallScope() { currentDevice = previous; }

size_t cudaPoolBytes(Device &device) { return asCuda(device).poolBytes(); }

void setCudaPreallocate(double preallocate) {
  Devices &all = devices();
  std::lock_guard<std::mutex> guard(all.mutex);
  all.preallocate = preallocate;
}

} // namespace theta
