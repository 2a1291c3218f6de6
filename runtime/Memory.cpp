//===- Memory.cpp ---------------------------------------------------------===//
#include "runtime/Memory.h"

#include "runtime/Logging.h"

#include <malloc.h>

#include <cstdio>
#include <iterator>

namespace theta {

std::string formatBytes(double bytes) {
  static const char *units[] = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
  size_t unit = 0;
  while (bytes >= 1024 && unit + 1 < std::size(units)) {
    bytes /= 1024;
    ++unit;
  }
  char text[64];
  std::snprintf(text, sizeof text, unit ? "%.1f %s" : "%.0f %s", bytes, units[unit]);
  return text;
}

void retainFreedMemory() {
  constexpr int kMiB = 1 << 20;
  // glibc's largest mmap threshold; larger blocks still get their own mmap.
  bool heap = mallopt(M_MMAP_THRESHOLD, 32 * kMiB) == 1;
  bool trim = mallopt(M_TRIM_THRESHOLD, 1024 * kMiB) == 1;
  bool pad = mallopt(M_TOP_PAD, 64 * kMiB) == 1;
  log().debug("malloc keeps freed memory: mmap threshold {}, trim threshold {}, top pad {}",
              heap ? "32 MiB" : "unchanged", trim ? "1 GiB" : "unchanged",
              pad ? "64 MiB" : "unchanged");
}

} // namespace theta
