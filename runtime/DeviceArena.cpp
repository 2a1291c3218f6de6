//===- DeviceArena.cpp ----------------------------------------------------===//
#include "runtime/DeviceArena.h"

#include <iterator>

namespace theta {

DeviceArena::DeviceArena(size_t capacity, size_t alignment)
    : total(capacity / alignment * alignment), alignment(alignment) {
  if (total > 0)
    insertFree(0, total);
}

std::optional<size_t> DeviceArena::allocate(size_t bytes) {
  size_t size = (bytes + alignment - 1) / alignment * alignment;
  if (size == 0)
    size = alignment;
  auto fit = freeBySize.lower_bound(size);
  if (fit == freeBySize.end())
    return std::nullopt;
  size_t offset = fit->second, available = fit->first;
  eraseFree(freeByOffset.find(offset));
  if (available > size) // the rest stays free
    insertFree(offset + size, available - size);
  allocatedByOffset[offset] = size;
  used += size;
  return offset;
}

bool DeviceArena::free(size_t offset) {
  auto allocated = allocatedByOffset.find(offset);
  if (allocated == allocatedByOffset.end())
    return false;
  size_t size = allocated->second;
  allocatedByOffset.erase(allocated);
  used -= size;
  // Merge with the free neighbours on both sides.
  auto next = freeByOffset.lower_bound(offset);
  if (next != freeByOffset.begin()) {
    auto previous = std::prev(next);
    if (previous->first + previous->second == offset) {
      offset = previous->first;
      size += previous->second;
      eraseFree(previous);
    }
  }
  next = freeByOffset.lower_bound(offset + size);
  if (next != freeByOffset.end() && next->first == offset + size) {
    size += next->second;
    eraseFree(next);
  }
  insertFree(offset, size);
  return true;
}

size_t DeviceArena::largestFree() const {
  return freeBySize.empty() ? 0 : std::prev(freeBySize.end())->first;
}

void DeviceArena::insertFree(size_t offset, size_t size) {
  freeByOffset[offset] = size;
  freeBySize.emplace(size, offset);
}

void DeviceArena::eraseFree(std::map<size_t, size_t>::iterator range) {
  auto [first, last] = freeBySize.equal_range(range->second);
  for (auto it = first; it != last; ++it)
    if (it->second == range->first) {
      freeBySize.erase(it);
      break;
    }
  freeByOffset.erase(range);
}

} // namespace theta
