//===- ObjectCache.cpp ----------------------------------------------------===//
#include "runtime/ObjectCache.h"

#include "runtime/Logging.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace theta {

namespace {
// Version 2 added the key; version 1 entries fail the magic and are rewritten.
constexpr char kMagic[8] = {'T', 'H', 'E', 'T', 'A', 'O', 'B', '2'};
// Keys are 16 hex digits; anything much longer is a damaged header.
constexpr uint64_t kMaxKeyBytes = 4096;

// A file: the header, then keySize bytes of key, then size bytes of object.
struct Header {
  char magic[8];
  uint64_t keySize;
  uint64_t size;
  uint64_t checksum; // of the object
};

uint64_t checksumOf(llvm::StringRef bytes) {
  return llvm::xxh3_64bits(llvm::ArrayRef<uint8_t>(
      reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size()));
}

bool readFully(int fd, void *into, size_t size, off_t offset) {
  char *cursor = static_cast<char *>(into);
  while (size > 0) {
    ssize_t got = ::pread(fd, cursor, size, offset);
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0)
      return false;
    cursor += got;
    size -= static_cast<size_t>(got);
    offset += got;
  }
  return true;
}

struct FileCloser {
  int fd;
  ~FileCloser() { ::close(fd); }
};

/// Reads the entry at `path` for `key`. Returns the object, or sets
/// `problem` to why it cannot be used; neither when there is no file.
std::unique_ptr<llvm::MemoryBuffer> readEntry(const std::string &path, const std::string &key,
                                              bool markUsed, std::string &problem) {
  // O_NOFOLLOW refuses a symlink (to /dev/zero, say) and O_NONBLOCK keeps the
  // open of a FIFO from waiting for a writer; fstat then rejects anything but
  // a regular file before a byte is read. Reads of regular files never block.
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ELOOP)
      problem = "is a symbolic link";
    else if (errno != ENOENT)
      problem = std::string("cannot be opened: ") + std::strerror(errno);
    return nullptr;
  }
  FileCloser closer{fd};
  struct stat info;
  if (::fstat(fd, &info) != 0) {
    problem = std::string("cannot be examined: ") + std::strerror(errno);
    return nullptr;
  }
  if (!S_ISREG(info.st_mode)) {
    problem = "is not a regular file";
    return nullptr;
  }
  uint64_t fileSize = static_cast<uint64_t>(info.st_size);
  if (fileSize > sizeof(Header) + kMaxKeyBytes + ObjectCache::kMaxEntryBytes) {
    problem = "is larger than the " + std::to_string(ObjectCache::kMaxEntryBytes >> 20) +
              " MiB limit";
    return nullptr;
  }
  Header header;
  if (!readFully(fd, &header, sizeof header, 0)) {
    problem = "is truncated";
    return nullptr;
  }
  if (std::memcmp(header.magic, kMagic, sizeof kMagic) != 0 || header.keySize > kMaxKeyBytes ||
      header.size > ObjectCache::kMaxEntryBytes) {
    problem = "has a bad header";
    return nullptr;
  }
  if (fileSize != sizeof header + header.keySize + header.size) {
    problem = "is truncated or has a wrong size";
    return nullptr;
  }
  std::string stored(header.keySize, '\0');
  if (!readFully(fd, stored.data(), stored.size(), sizeof header)) {
    problem = "is truncated";
    return nullptr;
  }
  // The file name alone does not prove which code this is (a copied or
  // renamed entry would run the wrong function).
  if (stored != key) {
    problem = "holds the entry of another key (" + stored.substr(0, 64) + ")";
    return nullptr;
  }
  auto object = llvm::WritableMemoryBuffer::getNewUninitMemBuffer(header.size, key + ".o");
  if (!object || !readFully(fd, object->getBufferStart(), header.size,
                            static_cast<off_t>(sizeof header + header.keySize))) {
    problem = "cannot be read";
    return nullptr;
  }
  if (header.checksum != checksumOf(llvm::StringRef(object->getBufferStart(), header.size))) {
    problem = "fails its checksum";
    return nullptr;
  }
  // The modification time is the eviction order: a used entry is recent.
  // Failure (a read-only cache) only makes eviction less precise.
  if (markUsed)
    (void)::futimens(fd, nullptr);
  return object;
}
} // namespace

std::string ObjectCache::defaultDirectory() {
  if (const char *dir = std::getenv("THETA_CACHE_DIR"))
    return dir;
  const char *home = std::getenv("HOME");
  return std::string(home ? home : "/tmp") + "/.cache/theta";
}

uint64_t ObjectCache::defaultMaxBytes() {
  constexpr uint64_t kDefault = uint64_t(1) << 30;
  const char *text = std::getenv("THETA_CACHE_MAX_BYTES");
  if (!text || !*text)
    return kDefault;
  char *end = nullptr;
  errno = 0;
  unsigned long long value = std::strtoull(text, &end, 10);
  if (errno != 0 || *end != '\0' || *text == '-') {
    log().warn("THETA_CACHE_MAX_BYTES='{}' is not a number of bytes; using {}", text, kDefault);
    return kDefault;
  }
  return value;
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
  std::string problem;
  std::unique_ptr<llvm::MemoryBuffer> object = readEntry(path, key, /*markUsed=*/true, problem);
  if (!problem.empty())
    log().warn("disk cache: {} {}; recompiling", path, problem);
  return object;
}

std::string ObjectCache::verify(const std::string &key) const {
  std::string problem;
  if (!readEntry(pathFor(key), key, /*markUsed=*/false, problem) && problem.empty())
    problem = "is absent";
  return problem;
}

void ObjectCache::store(const std::string &key, llvm::StringRef object) const {
  if (!enabled())
    return;
  if (object.size() > kMaxEntryBytes) {
    log().warn("disk cache: an object of {} bytes is over the per-entry limit; not stored",
               object.size());
    return;
  }
  if (std::error_code error = llvm::sys::fs::create_directories(dir)) {
    log().warn("disk cache: cannot create {}: {}", dir, error.message());
    return;
  }
  Header header;
  std::memcpy(header.magic, kMagic, sizeof kMagic);
  header.keySize = key.size();
  header.size = object.size();
  header.checksum = checksumOf(object);
  // A new, uniquely named file (created exclusively, so nothing already there
  // is written through) renamed over the entry: readers see the old file or
  // the new one, whole, and a FIFO or symlink at the path is replaced.
  std::string path = pathFor(key);
  int fd = -1;
  llvm::SmallString<256> created;
  if (std::error_code error = llvm::sys::fs::createUniqueFile(path + ".tmp%%%%%%%%", fd, created)) {
    log().warn("disk cache: cannot create a file in {}: {}", dir, error.message());
    return;
  }
  std::string temporary(created);
  {
    llvm::raw_fd_ostream out(fd, /*shouldClose=*/true);
    out.write(reinterpret_cast<const char *>(&header), sizeof header);
    out << key << object;
    out.close();
    if (out.has_error()) {
      log().warn("disk cache: cannot write {}: {}", temporary, out.error().message());
      out.clear_error();
      llvm::sys::fs::remove(temporary);
      return;
    }
  }
  if (std::error_code error = llvm::sys::fs::rename(temporary, path)) {
    log().warn("disk cache: cannot rename {} to {}: {}", temporary, path, error.message());
    llvm::sys::fs::remove(temporary);
    return;
  }
  evict(key);
}

void ObjectCache::remove(const std::string &key) const {
  if (!enabled())
    return;
  if (std::error_code error = llvm::sys::fs::remove(pathFor(key)))
    log().warn("disk cache: cannot remove {}: {}", pathFor(key), error.message());
}

std::vector<ObjectCache::Entry> ObjectCache::entries() const {
  std::vector<Entry> found;
  if (!enabled())
    return found;
  std::error_code error;
  for (llvm::sys::fs::directory_iterator it(dir, error, /*follow_symlinks=*/false), end;
       !error && it != end; it.increment(error)) {
    llvm::StringRef name = llvm::sys::path::filename(it->path());
    if (!name.ends_with(".o") || name.size() == 2)
      continue;
    llvm::ErrorOr<llvm::sys::fs::basic_file_status> status = it->status();
    if (!status || status->type() == llvm::sys::fs::file_type::directory_file)
      continue;
    found.push_back({name.drop_back(2).str(), it->path(), status->getSize(),
                     status->getLastModificationTime()});
  }
  std::sort(found.begin(), found.end(), [](const Entry &a, const Entry &b) {
    return a.modified != b.modified ? a.modified < b.modified : a.key < b.key;
  });
  return found;
}

uint64_t ObjectCache::totalBytes() const {
  uint64_t total = 0;
  for (const Entry &entry : entries())
    total += entry.bytes;
  return total;
}

size_t ObjectCache::clear() const {
  size_t removed = 0;
  if (!enabled())
    return removed;
  std::error_code error;
  for (llvm::sys::fs::directory_iterator it(dir, error, /*follow_symlinks=*/false), end;
       !error && it != end; it.increment(error)) {
    llvm::StringRef name = llvm::sys::path::filename(it->path());
    // Entries, and the temporaries a store left when its process died.
    if (!name.ends_with(".o") && !name.contains(".o.tmp"))
      continue;
    if (it->type() == llvm::sys::fs::file_type::directory_file)
      continue;
    if (std::error_code failed = llvm::sys::fs::remove(it->path()))
      log().warn("disk cache: cannot remove {}: {}", it->path(), failed.message());
    else
      ++removed;
  }
  return removed;
}

void ObjectCache::evict(const std::string &keep) const {
  if (maxBytes == 0)
    return;
  std::vector<Entry> all = entries();
  uint64_t total = 0;
  for (const Entry &entry : all)
    total += entry.bytes;
  // Least recently used first; the entry just stored stays even if it alone
  // is over the cap.
  for (const Entry &entry : all) {
    if (total <= maxBytes)
      break;
    if (entry.key == keep)
      continue;
    if (std::error_code error = llvm::sys::fs::remove(entry.path)) {
      log().warn("disk cache: cannot remove {}: {}", entry.path, error.message());
      continue;
    }
    log().debug("disk cache: evicted {} ({} bytes)", entry.path, entry.bytes);
    total -= entry.bytes;
  }
}

} // namespace theta
