// The bookkeeping of gpuarray.preallocate's block (runtime/DeviceArena.h):
// best fit, merging of freed neighbours, exhaustion, alignment, and a long
// random sequence checked against a model (no two live ranges overlap, every
// byte is either free or in one live range).
#include "runtime/DeviceArena.h"

#include <theta/theta.h>

#include <gtest/gtest.h>

#include <map>
#include <random>

using theta::DeviceArena;

TEST(DeviceArena, BestFitAlignmentAndExhaustion) {
  DeviceArena arena(4096, 256);
  EXPECT_EQ(arena.capacity(), 4096u);
  std::optional<size_t> a = arena.allocate(1), b = arena.allocate(300), c = arena.allocate(256);
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(*a, 0u);
  EXPECT_EQ(*b, 256u);  // 300 bytes take two 256-byte units
  EXPECT_EQ(*c, 768u);
  EXPECT_EQ(arena.usedBytes(), 1024u);
  EXPECT_FALSE(arena.allocate(3073)); // 3072 bytes are left
  std::optional<size_t> rest = arena.allocate(3072);
  ASSERT_TRUE(rest);
  EXPECT_EQ(arena.largestFree(), 0u);
  EXPECT_FALSE(arena.allocate(1));
  // Freeing b leaves a 512-byte hole; a 256-byte request takes the hole
  // (the smallest range that fits), not the end.
  ASSERT_TRUE(arena.free(*rest));
  ASSERT_TRUE(arena.free(*b));
  EXPECT_EQ(*arena.allocate(256), 256u);
  EXPECT_FALSE(arena.free(12345)); // never allocated
}

TEST(DeviceArena, FreedNeighboursMergeIntoOneRange) {
  DeviceArena arena(1024, 256);
  size_t a = *arena.allocate(256), b = *arena.allocate(256), c = *arena.allocate(256),
         d = *arena.allocate(256);
  ASSERT_TRUE(arena.free(b));
  ASSERT_TRUE(arena.free(d));
  EXPECT_EQ(arena.freeRanges(), 2u);
  ASSERT_TRUE(arena.free(c)); // merges with b before and d after
  EXPECT_EQ(arena.freeRanges(), 1u);
  EXPECT_EQ(arena.largestFree(), 768u);
  ASSERT_TRUE(arena.free(a));
  EXPECT_EQ(arena.largestFree(), 1024u);
  EXPECT_EQ(arena.usedBytes(), 0u);
  EXPECT_EQ(*arena.allocate(1024), 0u); // the whole block again
}

TEST(DeviceArena, RandomSequenceKeepsRangesDisjointAndAccountsForEveryByte) {
  const size_t capacity = 1 << 20, alignment = 512;
  DeviceArena arena(capacity, alignment);
  std::mt19937 rng(7);
  std::map<size_t, size_t> live; // offset -> requested bytes
  size_t requestsRefused = 0;
  for (int step = 0; step < 20000; ++step) {
    bool allocate = live.empty() || rng() % 100 < 55;
    if (allocate) {
      size_t bytes = 1 + rng() % (rng() % 8 == 0 ? 200000 : 5000);
      std::optional<size_t> offset = arena.allocate(bytes);
      if (!offset) {
        ++requestsRefused;
        // Refused only when no free range can hold it.
        EXPECT_LT(arena.largestFree(), (bytes + alignment - 1) / alignment * alignment);
        continue;
      }
      EXPECT_EQ(*offset % alignment, 0u);
      EXPECT_LE(*offset + bytes, capacity);
      // Disjoint from its neighbours.
      auto next = live.lower_bound(*offset);
      if (next != live.end()) {
        EXPECT_LE(*offset + bytes, next->first);
      }
      if (next != live.begin()) {
        auto previous = std::prev(next);
        EXPECT_LE(previous->first + previous->second, *offset);
      }
      live[*offset] = bytes;
    } else {
      auto victim = live.begin();
      std::advance(victim, rng() % live.size());
      EXPECT_TRUE(arena.free(victim->first));
      live.erase(victim);
    }
    size_t used = 0;
    for (const auto &[offset, bytes] : live)
      used += (bytes + alignment - 1) / alignment * alignment;
    ASSERT_EQ(arena.usedBytes(), used) << "step " << step;
  }
  EXPECT_GT(requestsRefused, 0u); // the sequence did fill the block at times
  for (const auto &[offset, bytes] : live)
    EXPECT_TRUE(arena.free(offset));
  EXPECT_EQ(arena.freeRanges(), 1u); // everything merged back
  EXPECT_EQ(arena.largestFree(), capacity);
}

TEST(DeviceArena, PreallocateSettingIsParsedAndChecked) {
  theta::Config config;
  config.setFlags("gpuarray.preallocate=0.9");
  EXPECT_DOUBLE_EQ(config.gpuarray_preallocate, 0.9);
  config.set("gpuarray.preallocate", "2048");
  EXPECT_DOUBLE_EQ(config.gpuarray_preallocate, 2048);
  config.set("gpuarray.preallocate", "-1");
  EXPECT_DOUBLE_EQ(config.gpuarray_preallocate, -1);
  for (const char *bad : {"", "lots", "0.5GB", "nan", "inf"}) {
    try {
      config.set("gpuarray.preallocate", bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const theta::Error &error) {
      EXPECT_NE(std::string(error.what()).find("gpuarray.preallocate"), std::string::npos);
    }
  }
  EXPECT_DOUBLE_EQ(config.gpuarray_preallocate, -1); // a refused value changes nothing
}
