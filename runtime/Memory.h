//===- Memory.h - how the process's allocator treats Theta's buffers ------===//
#ifndef THETA_RUNTIME_MEMORY_H
#define THETA_RUNTIME_MEMORY_H

#include <string>

namespace theta {

/// A byte count as people read it, in powers of 1024 with one decimal:
/// "512 B", "1.5 KB", "4.0 TB" (units up to EB). Takes a double so that
/// sizes whose exact product overflowed 64 bits can still be reported.
std::string formatBytes(double bytes);

/// Makes glibc's malloc keep freed memory in the process: buffers up to
/// 32 MiB come from the heap instead of fresh mmaps, and the heap is not
/// trimmed back to the system. A training step allocates and frees the
/// same large temporaries on every call; without this, each call pays page
/// faults and zeroing for all of them (about 8 of the MLP step's 57 ms).
/// Called once, when the JIT starts.
void retainFreedMemory();

} // namespace theta

#endif // THETA_RUNTIME_MEMORY_H
