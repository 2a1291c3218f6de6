//===- Zip.h - stored (uncompressed) zip archives -------------------------===//
//
// The container of .npz parameter files and of saved functions (.theta):
// named members, each with its CRC-32, read back through the central
// directory. Only STORED members are written and read; every read is bounds
// checked, so a truncated or corrupt archive is an IOError naming the file
// and the member, never a crash.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_RUNTIME_ZIP_H
#define THETA_RUNTIME_ZIP_H

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace theta {

uint32_t crc32(const char *data, size_t size);

struct ZipMember {
  std::string name;
  std::string bytes;
};

/// The members of the archive `bytes`, in directory order. `context` names
/// the file in errors ("npz file 'x.npz'"), `kind` what it should be
/// ("corrupt or not a .npz archive: ..."). Throws IOError.
std::vector<ZipMember> readZip(const std::string &bytes, const std::string &context,
                               const std::string &kind = "zip archive");

/// The archive of `members` (names distinct and non-empty; ArgumentError).
std::string writeZip(const std::vector<ZipMember> &members, const std::string &context);

/// The whole file; IOError naming `context` when it cannot be read.
std::string readWholeFile(const std::string &path, const std::string &context);

/// Writes `path + ".tmp"` then renames it, so `path` is never half-written.
void writeFileAtomically(const std::string &path, const std::string &bytes,
                         const std::string &context);

} // namespace theta

#endif // THETA_RUNTIME_ZIP_H
