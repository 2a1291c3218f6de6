//===- ObjectCache.h - compiled objects on disk ---------------------------===//
//
// Object files keyed by a hash of everything that decides the code (the
// specialized module, the pipeline, the host). Each file carries a header
// with its key, its size and a checksum: a corrupt or truncated file, or one
// copied under another key's name, is detected, ignored and rewritten, never
// loaded. Only regular files are read (a FIFO, device or symlink at an
// entry's path is a miss, so a load never blocks), and the directory is kept
// under a size cap by removing the least recently used entries.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_RUNTIME_OBJECTCACHE_H
#define THETA_RUNTIME_OBJECTCACHE_H

#include "llvm/Support/MemoryBuffer.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace theta {

class ObjectCache {
public:
  /// An entry larger than this is neither stored nor read.
  static constexpr uint64_t kMaxEntryBytes = uint64_t(256) << 20;

  /// An empty directory disables the cache. After each store, the oldest
  /// entries are removed while the directory holds more than `maxBytes`
  /// (0: no cap).
  explicit ObjectCache(std::string directory, uint64_t maxBytes = defaultMaxBytes())
      : dir(std::move(directory)), maxBytes(maxBytes) {}

  /// THETA_CACHE_DIR, else ~/.cache/theta.
  static std::string defaultDirectory();
  /// THETA_CACHE_MAX_BYTES (a number of bytes), else 1 GiB.
  static uint64_t defaultMaxBytes();
  /// A stable key for `text` (hex of a 64-bit hash).
  static std::string keyFor(const std::string &text);

  bool enabled() const { return !dir.empty(); }
  const std::string &directory() const { return dir; }
  std::string pathFor(const std::string &key) const;
  /// The cached object, or nothing when absent or unusable (logged). A
  /// successful load marks the entry as recently used.
  std::unique_ptr<llvm::MemoryBuffer> load(const std::string &key) const;
  /// Stores atomically (write then rename), then enforces the size cap;
  /// failures are logged, not thrown.
  void store(const std::string &key, llvm::StringRef object) const;
  /// Removes the entry of `key` if there is one.
  void remove(const std::string &key) const;

  /// What is wrong with the entry of `key` ("" when it would load), without
  /// logging or marking it used.
  std::string verify(const std::string &key) const;

  struct Entry {
    std::string key;
    std::string path;
    uint64_t bytes;
    std::chrono::system_clock::time_point modified;
  };
  /// Every `<key>.o` in the directory (whatever its file type, not
  /// following symlinks), least recently used first.
  std::vector<Entry> entries() const;
  uint64_t totalBytes() const;
  /// Removes every entry and the temporaries of interrupted stores; returns
  /// how many files were removed.
  size_t clear() const;

private:
  /// Removes the oldest entries, except `keep`, until under the cap.
  void evict(const std::string &keep) const;

  std::string dir;
  uint64_t maxBytes;
};

} // namespace theta

#endif // THETA_RUNTIME_OBJECTCACHE_H
