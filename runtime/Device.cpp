//===- Device.cpp ---------------------------------------------------------===//
#include "runtime/Device.h"

#include <cstdlib>
#include <new>

namespace theta {

namespace {
class HostDevice final : public Device {
public:
  DeviceKind kind() const override { return DeviceKind::Host; }
  std::string name() const override { return "cpu"; }
  void *allocate(size_t bytes) override {
    constexpr size_t alignment = 64;
    size_t rounded = (bytes + alignment - 1) / alignment * alignment;
    void *pointer = std::aligned_alloc(alignment, rounded ? rounded : alignment);
    if (!pointer)
      throw std::bad_alloc();
    return pointer;
  }
  void deallocate(void *pointer) override { std::free(pointer); }
};
} // namespace

Device &hostDevice() {
  static HostDevice device;
  return device;
}

Buffer::Buffer(Device &device, size_t bytes)
    : owner(device), bytes(bytes), pointer(device.allocate(bytes)) {}

Buffer::~Buffer() { owner.deallocate(pointer); }

} // namespace theta
