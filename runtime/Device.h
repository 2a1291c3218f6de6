//===- Device.h - where buffers live and code runs ------------------------===//
//
// One interface for every device; the host is the first implementation and
// the CUDA device will be another (the GPU backend plugs in here).
//
//===----------------------------------------------------------------------===//
#ifndef THETA_RUNTIME_DEVICE_H
#define THETA_RUNTIME_DEVICE_H

#include <cstddef>
#include <memory>
#include <string>

namespace theta {

enum class DeviceKind { Host, Cuda };

class Device {
public:
  virtual ~Device() = default;
  virtual DeviceKind kind() const = 0;
  virtual std::string name() const = 0;
  /// Allocates `bytes` aligned for vector loads; throws MemoryError on failure.
  virtual void *allocate(size_t bytes) = 0;
  virtual void deallocate(void *pointer) = 0;
};

/// The CPU, with 64-byte aligned allocations.
Device &hostDevice();

/// A block of device memory, freed when the last reference goes.
class Buffer {
public:
  Buffer(Device &device, size_t bytes);
  ~Buffer();
  Buffer(const Buffer &) = delete;
  Buffer &operator=(const Buffer &) = delete;

  void *data() const { return pointer; }
  size_t size() const { return bytes; }
  Device &device() const { return owner; }

private:
  Device &owner;
  size_t bytes;
  void *pointer;
};

} // namespace theta

#endif // THETA_RUNTIME_DEVICE_H
