// A device array read on the host (a GPU function's outputs come back this
// way): its data moves to the host once, for every Array sharing it, and a
// write after that is what a later copy to the device takes. Checked with a
// device that keeps its "device memory" in host memory and counts copies.
#include <theta/theta.h>

#include "runtime/Device.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

using namespace theta;

namespace {

class CountingDevice final : public Device {
public:
  DeviceKind kind() const override { return DeviceKind::Cuda; } // not the host
  std::string name() const override { return "counting0"; }
  void *allocate(size_t bytes) override { return std::aligned_alloc(64, (bytes + 63) / 64 * 64 + 64); }
  void deallocate(void *pointer) override { std::free(pointer); }
  void copyFromHost(void *destination, const void *source, size_t bytes) override {
    ++toDevice;
    std::memcpy(destination, source, bytes);
  }
  void copyToHost(void *destination, const void *source, size_t bytes) override {
    ++toHost;
    std::memcpy(destination, source, bytes);
  }
  void copyWithin(void *destination, const void *source, size_t bytes) override {
    std::memcpy(destination, source, bytes);
  }
  void synchronize() override {}
  std::atomic<int> toDevice{0}, toHost{0};
};

Array onDevice(CountingDevice &device, std::vector<float> values) {
  Array host = Array::fromVector<float>(values);
  Array placed = host.to(device);
  EXPECT_FALSE(placed.onHost());
  return placed;
}

} // namespace

TEST(LazyCopy, ReadingMovesTheDataToTheHostOnceForEveryCopy) {
  CountingDevice device;
  Array a = onDevice(device, {1, 2, 3});
  Array shared = a; // shares the buffer
  EXPECT_EQ(&a.device(), &device);
  EXPECT_DOUBLE_EQ(a.at(1), 2); // the first read copies
  EXPECT_EQ(device.toHost, 1);
  EXPECT_TRUE(a.onHost());
  EXPECT_TRUE(shared.onHost()); // every Array sharing the buffer sees the host copy
  EXPECT_EQ(shared.data<float>()[2], 3);
  EXPECT_EQ(a.toVector<float>(), std::vector<float>({1, 2, 3}));
  EXPECT_EQ(device.toHost, 1); // and nothing copies again
}

TEST(LazyCopy, AWriteAfterTheMoveIsWhatGoesBackToTheDevice) {
  CountingDevice device;
  Array a = onDevice(device, {1, 2, 3});
  a.data<float>()[0] = 10; // moves, then writes on the host
  Array back = a.to(device);
  EXPECT_FALSE(back.onHost());
  EXPECT_EQ(device.toDevice, 2); // the first placement, then this one
  EXPECT_DOUBLE_EQ(back.at(0), 10);
}

TEST(LazyCopy, ConcurrentFirstReadsCopyOnce) {
  CountingDevice device;
  std::vector<float> values(1 << 16);
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = static_cast<float>(i);
  Array a = onDevice(device, values);
  std::vector<std::thread> readers;
  std::vector<double> sums(8);
  for (int t = 0; t < 8; ++t)
    readers.emplace_back([&, t] {
      Array mine = a;
      double sum = 0;
      for (int64_t i = 0; i < mine.size(); i += 4096)
        sum += mine.at(i);
      sums[t] = sum;
    });
  for (std::thread &reader : readers)
    reader.join();
  EXPECT_EQ(device.toHost, 1);
  for (double sum : sums)
    EXPECT_DOUBLE_EQ(sum, sums[0]);
}
