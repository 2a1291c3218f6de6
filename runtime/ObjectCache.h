//===- ObjectCache.h - compiled objects on disk ---------------------------===//
//
// Object files keyed by a hash of everything that decides the code (the
// specialized module, the pipeline, the host). Each file carries a header
// with its size and checksum: a corrupt or truncated file is detected,
// ignored and rewritten, never loaded.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_RUNTIME_OBJECTCACHE_H
#define THETA_RUNTIME_OBJECTCACHE_H

#include "llvm/Support/MemoryBuffer.h"

#include <memory>
#include <optional>
#include <string>

namespace theta {

class ObjectCache {
public:
  /// An empty directory disables the cache.
  explicit ObjectCache(std::string directory) : dir(std::move(directory)) {}

  /// THETA_CACHE_DIR, else ~/.cache/theta.
  static std::string defaultDirectory();
  /// A stable key for `text` (hex of a 64-bit hash).
  static std::string keyFor(const std::string &text);

  bool enabled() const { return !dir.empty(); }
  std::string pathFor(const std::string &key) const;
  /// The cached object, or nothing when absent or damaged.
  std::unique_ptr<llvm::MemoryBuffer> load(const std::string &key) const;
  /// Stores atomically (write then rename); failures are logged, not thrown.
  void store(const std::string &key, llvm::StringRef object) const;

private:
  std::string dir;
};

} // namespace theta

#endif // THETA_RUNTIME_OBJECTCACHE_H
