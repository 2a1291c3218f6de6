//===- ByteReader.h - bounds-checked little-endian reads of a file --------===//
//
// Shared by the zip and .npy readers: every read is checked, and a failure
// is an IOError naming the file (and entry) and saying what it should be
// ("corrupt or not a .npz archive: truncated data").
//
//===----------------------------------------------------------------------===//
#ifndef THETA_RUNTIME_BYTEREADER_H
#define THETA_RUNTIME_BYTEREADER_H

#include "runtime/Error.h"

#include <cstdint>
#include <cstring>
#include <string>

namespace theta {

class ByteReader {
public:
  ByteReader(const std::string &bytes, std::string context, std::string kind)
      : bytes(bytes), context(std::move(context)), kind(std::move(kind)) {}
  uint16_t u16(size_t at) const { return static_cast<uint16_t>(read(at, 2)); }
  uint32_t u32(size_t at) const { return static_cast<uint32_t>(read(at, 4)); }
  std::string str(size_t at, size_t size) const {
    need(at, size);
    return bytes.substr(at, size);
  }
  void need(size_t at, size_t size) const {
    if (at > bytes.size() || size > bytes.size() - at)
      corrupt("truncated data");
  }
  [[noreturn]] void fail(const std::string &why) const { throw IOError(context + ": " + why); }
  [[noreturn]] void corrupt(const std::string &why) const {
    fail("corrupt or not a " + kind + ": " + why);
  }

private:
  uint64_t read(size_t at, size_t size) const {
    need(at, size);
    uint64_t v = 0;
    std::memcpy(&v, bytes.data() + at, size);
    return v;
  }
  const std::string &bytes;
  std::string context;
  std::string kind;
};

} // namespace theta

#endif // THETA_RUNTIME_BYTEREADER_H
