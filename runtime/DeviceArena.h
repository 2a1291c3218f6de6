//===- DeviceArena.h - sub-allocation of one preallocated block -----------===//
//
// With gpuarray.preallocate (as Theano's), a CUDA device reserves one large
// block of GPU memory when it is first used and serves buffers from it, so
// that a process gets its memory once (and keeps it from other processes).
// This is the bookkeeping, in offsets: best fit among free ranges, freed
// ranges merged with free neighbours. It touches no memory itself, so it is
// tested on the CPU.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_RUNTIME_DEVICEARENA_H
#define THETA_RUNTIME_DEVICEARENA_H

#include <cstddef>
#include <map>
#include <optional>

namespace theta {

class DeviceArena {
public:
  /// `capacity` bytes; every range starts at a multiple of `alignment` (a
  /// power of two).
  DeviceArena(size_t capacity, size_t alignment = 256);

  /// The offset of a free range of at least `bytes` (the smallest that
  /// fits), or nullopt when no free range is large enough.
  std::optional<size_t> allocate(size_t bytes);
  /// Frees the range allocated at `offset`; false if none was.
  bool free(size_t offset);

  size_t capacity() const { return total; }
  size_t usedBytes() const { return used; }
  size_t largestFree() const;
  size_t freeRanges() const { return freeBySize.size(); }

private:
  size_t total, alignment, used = 0;
  std::map<size_t, size_t> freeByOffset;      // offset -> size
  std::multimap<size_t, size_t> freeBySize;   // size -> offset
  std::map<size_t, size_t> allocatedByOffset; // offset -> size

  void insertFree(size_t offset, size_t size);
  void eraseFree(std::map<size_t, size_t>::iterator range);
};

} // namespace theta

#endif // THETA_RUNTIME_DEVICEARENA_H
