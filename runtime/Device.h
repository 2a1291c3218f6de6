//===- Device.h - where buffers live and code runs ------------------------===//
//
// One interface for every device, shaped like IREE's HAL: a device allocates,
// copies to and from the host and within itself, and synchronizes. The host
// is one implementation, CUDA (runtime/Cuda.h) another.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_RUNTIME_DEVICE_H
#define THETA_RUNTIME_DEVICE_H

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>

namespace theta {

enum class DeviceKind { Host, Cuda };

class Device {
public:
  virtual ~Device() = default;
  virtual DeviceKind kind() const = 0;
  /// "cpu", "cuda0", ...: what `device=` names in the configuration.
  virtual std::string name() const = 0;
  /// Allocates `bytes` aligned for vector loads; throws MemoryError on failure.
  virtual void *allocate(size_t bytes) = 0;
  virtual void deallocate(void *pointer) = 0;
  /// Copies between host memory and this device's memory, and within the
  /// device. They are ordered with the device's work; copyToHost returns
  /// once the data is on the host.
  virtual void copyFromHost(void *deviceDestination, const void *hostSource, size_t bytes) = 0;
  virtual void copyToHost(void *hostDestination, const void *deviceSource, size_t bytes) = 0;
  virtual void copyWithin(void *destination, const void *source, size_t bytes) = 0;
  /// Waits for the device's queued work; throws DeviceError if it failed.
  virtual void synchronize() = 0;
};

/// The CPU, with 64-byte aligned allocations.
Device &hostDevice();

/// The device a `device=` setting names: cpu, cuda (the first GPU), cuda0,
/// cuda1, ... Throws DeviceError when it cannot be used (no driver, no GPU,
/// no such ordinal), saying why.
Device &deviceNamed(const std::string &name);

/// A block of device memory, freed when the last reference goes.
class Buffer {
public:
  Buffer(Device &device, size_t bytes);
  ~Buffer();
  Buffer(const Buffer &) = delete;
  Buffer &operator=(const Buffer &) = delete;

  /// Where the data is: once moved to the host (moveToHost), the host copy.
  void *data() const {
    Buffer *host = onHost.load(std::memory_order_acquire);
    return host ? host->pointer : pointer;
  }
  size_t size() const { return bytes; }
  Device &device() const {
    Buffer *host = onHost.load(std::memory_order_acquire);
    return host ? host->owner : owner;
  }
  /// A device buffer read on the host: its data is copied to a host buffer
  /// once (thread-safe), and from then on data() and device() are the
  /// host's for every Array sharing this buffer (a GPU function's outputs
  /// come back this way, when first read). The device block is kept until
  /// the buffer goes: a GPU call may still be reading it.
  void moveToHost();

private:
  Device &owner;
  size_t bytes;
  void *pointer;
  std::atomic<Buffer *> onHost{nullptr};
  std::mutex moving;
};

} // namespace theta

#endif // THETA_RUNTIME_DEVICE_H
