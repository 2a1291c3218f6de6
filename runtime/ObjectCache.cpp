//===- ObjectCache.cpp ----------------------------------------------------===//
#include "runtime/ObjectCache.h"

#include "runtime/Logging.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <unistd.h>

namespace theta {

namespace {
constexpr char kMagic[8] = {'T', 'H', 'E', 'T', 'A', 'O', 'B', '1'};

struct Header {
  char magic[8];
  uint64_t size;
  uint64_t checksum;
};

uint64_t checksumOf(llvm::StringRef bytes) {
  return llvm::xxh3_64bits(llvm::ArrayRef<uint8_t>(
      reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size()));
}
} // namespace

std::string ObjectCache::defaultDirectory() {
  if (const char *dir = std::getenv("THETA_CACHE_DIR"))
    return dir;
  const char *home = std::getenv("HOME");
  return std::string(home ? home : "/tmp") + "/.cache/theta";
}

std::string ObjectCache::keyFor(const std::string &text) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(checksumOf(text)));
  return hex;
}

std::string ObjectCache::pathFor(const std::string &key) const { return dir + "/" + key + ".o"; }

std::unique_ptr<llvm::MemoryBuffer> ObjectCache::load(const std::string &key) const {
  if (!enabled())
    return nullptr;
  std::string path = pathFor(key);
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
  if (!file)
    return nullptr;
  llvm::StringRef bytes = (*file)->getBuffer();
  Header header;
  if (bytes.size() < sizeof header) {
    log().warn("disk cache: {} is truncated; recompiling", path);
    return nullptr;
  }
  std::memcpy(&header, bytes.data(), sizeof header);
  llvm::StringRef payload = bytes.drop_front(sizeof header);
  if (std::memcmp(header.magic, kMagic, sizeof kMagic) != 0 || header.size != payload.size() ||
      header.checksum != checksumOf(payload)) {
    log().warn("disk cache: {} is damaged (bad header, size or checksum); recompiling", path);
    return nullptr;
  }
  return llvm::MemoryBuffer::getMemBufferCopy(payload, key + ".o");
}

void ObjectCache::store(const std::string &key, llvm::StringRef object) const {
  if (!enabled())
    return;
  if (std::error_code error = llvm::sys::fs::create_directories(dir)) {
    log().warn("disk cache: cannot create {}: {}", dir, error.message());
    return;
  }
  Header header;
  std::memcpy(header.magic, kMagic, sizeof kMagic);
  header.size = object.size();
  header.checksum = checksumOf(object);
  std::string path = pathFor(key);
  std::string temporary = path + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary);
    out.write(reinterpret_cast<const char *>(&header), sizeof header);
    out.write(object.data(), static_cast<std::streamsize>(object.size()));
    if (!out) {
      log().warn("disk cache: cannot write {}", temporary);
      std::remove(temporary.c_str());
      return;
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    log().warn("disk cache: cannot rename {} to {}", temporary, path);
    std::remove(temporary.c_str());
  }
}

} // namespace theta
