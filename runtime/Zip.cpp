//===- Zip.cpp ------------------------------------------------------------===//
//
// Members are read through the central directory, which holds the real sizes
// even where np.savez marks local headers ZIP64 with placeholder sizes.
//
//===----------------------------------------------------------------------===//
#include "runtime/Zip.h"

#include "runtime/ByteReader.h"
#include "runtime/Error.h"

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <set>

namespace theta {
namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "zip I/O assumes a little-endian host");

constexpr uint32_t kLocalHeader = 0x04034b50, kCentralHeader = 0x02014b50,
                   kEndRecord = 0x06054b50;
constexpr uint16_t kStored = 0, kDeflated = 8;
constexpr uint16_t kZipVersion = 20;                   // 2.0: what np.savez writes
constexpr uint16_t kDosDate = (0 << 9) | (1 << 5) | 1; // 1980-01-01, the zip epoch

void put16(std::string &out, uint16_t v) { out.append(reinterpret_cast<const char *>(&v), 2); }
void put32(std::string &out, uint32_t v) { out.append(reinterpret_cast<const char *>(&v), 4); }


} // namespace

uint32_t crc32(const char *data, size_t size) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k)
        c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t crc = 0xFFFFFFFFu;
  for (size_t i = 0; i < size; ++i)
    crc = table[(crc ^ static_cast<unsigned char>(data[i])) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

std::vector<ZipMember> readZip(const std::string &bytes, const std::string &context,
                               const std::string &kind) {
  ByteReader r(bytes, context, kind);
  // The end record is the last 22 bytes, unless the archive has a comment.
  size_t end = bytes.size() < 22 ? std::string::npos : bytes.size() - 22;
  while (end != std::string::npos && r.u32(end) != kEndRecord)
    end = end == 0 || bytes.size() - end > 22 + 0xFFFF ? std::string::npos : end - 1;
  if (end == std::string::npos)
    r.corrupt("no zip end-of-central-directory record");
  uint16_t count = r.u16(end + 10);
  uint32_t at = r.u32(end + 16);
  if (count == 0xFFFF || at == 0xFFFFFFFFu)
    r.fail("ZIP64 archives (over 4 GiB or 65535 entries) are not supported");

  std::vector<ZipMember> members;
  std::set<std::string> names;
  for (uint16_t i = 0; i < count; ++i) {
    if (r.u32(at) != kCentralHeader)
      r.corrupt("bad central directory");
    uint16_t flags = r.u16(at + 8), method = r.u16(at + 10);
    uint32_t crc = r.u32(at + 16), size = r.u32(at + 20);
    uint16_t nameSize = r.u16(at + 28);
    uint32_t local = r.u32(at + 42);
    std::string name = r.str(at + 46, nameSize);
    at += 46 + nameSize + r.u16(at + 30) + r.u16(at + 32);

    ByteReader entry(bytes, context + ", entry '" + name + "'", kind);
    if (method == kDeflated)
      entry.fail("the entry is compressed (deflate), which theta does not read: "
                 "use np.savez, not np.savez_compressed");
    if (method != kStored || (flags & 1))
      entry.fail("unsupported zip entry (compression method " + std::to_string(method) +
                 (flags & 1 ? ", encrypted" : "") + ")");
    if (entry.u32(local) != kLocalHeader)
      entry.corrupt("bad local header");
    size_t dataAt = size_t(local) + 30 + entry.u16(local + 26) + entry.u16(local + 28);
    std::string data = entry.str(dataAt, size);
    if (crc32(data.data(), data.size()) != crc)
      entry.corrupt("CRC-32 mismatch");
    if (!names.insert(name).second)
      entry.corrupt("duplicate entry");
    members.push_back({std::move(name), std::move(data)});
  }
  return members;
}

std::string writeZip(const std::vector<ZipMember> &members, const std::string &context) {
  std::string zip, directory;
  std::set<std::string> names;
  for (const ZipMember &member : members) {
    const std::string &name = member.name;
    if (name.empty() || name.size() > 0xFFFF || !names.insert(name).second)
      throw ArgumentError(context + ": an entry has an empty, overlong or repeated name '" +
                          name + "'");
    uint32_t offset = static_cast<uint32_t>(zip.size());
    uint32_t crc = crc32(member.bytes.data(), member.bytes.size());
    // The fields local and central headers share, from "version needed" on.
    std::string common;
    put16(common, kZipVersion);
    put16(common, 0); // flags
    put16(common, kStored);
    put16(common, 0); // time
    put16(common, kDosDate);
    put32(common, crc);
    put32(common, static_cast<uint32_t>(member.bytes.size())); // compressed size
    put32(common, static_cast<uint32_t>(member.bytes.size())); // uncompressed size
    put16(common, static_cast<uint16_t>(name.size()));
    put16(common, 0); // extra field length

    put32(zip, kLocalHeader);
    zip += common + name + member.bytes;

    put32(directory, kCentralHeader);
    put16(directory, kZipVersion); // version made by
    directory += common;
    put16(directory, 0); // comment length
    put16(directory, 0); // disk number
    put16(directory, 0); // internal attributes
    put32(directory, 0); // external attributes
    put32(directory, offset);
    directory += name;
    if (zip.size() >= 0xFFFFFFFFu)
      break;
  }
  if (members.size() >= 0xFFFF || zip.size() + directory.size() >= 0xFFFFFFFFu)
    throw IOError(context + ": over 4 GiB or 65535 entries needs ZIP64, which is not supported");
  std::string end;
  put32(end, kEndRecord);
  put16(end, 0); // this disk
  put16(end, 0); // disk with the directory
  put16(end, static_cast<uint16_t>(members.size()));
  put16(end, static_cast<uint16_t>(members.size()));
  put32(end, static_cast<uint32_t>(directory.size()));
  put32(end, static_cast<uint32_t>(zip.size()));
  put16(end, 0); // comment length
  return zip + directory + end;
}

std::string readWholeFile(const std::string &path, const std::string &context) {
  // std::ifstream opens a directory, then throws from its first read; stdio
  // reports it as an error.
  std::FILE *file = std::fopen(path.c_str(), "rb");
  if (!file)
    throw IOError(context + ": cannot open it: " + std::strerror(errno));
  std::string bytes;
  char chunk[1 << 16];
  while (size_t n = std::fread(chunk, 1, sizeof chunk, file))
    bytes.append(chunk, n);
  int error = std::ferror(file) ? errno : 0;
  std::fclose(file);
  if (error)
    throw IOError(context + ": cannot read it: " + std::strerror(error));
  return bytes;
}

void writeFileAtomically(const std::string &path, const std::string &bytes,
                         const std::string &context) {
  std::string tmp = path + ".tmp";
  std::FILE *file = std::fopen(tmp.c_str(), "wb");
  bool ok = file && std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size();
  int error = errno;
  if (file && std::fclose(file) != 0 && ok) {
    ok = false;
    error = errno;
  }
  if (!ok) {
    std::remove(tmp.c_str());
    throw IOError(context + ": cannot write '" + tmp + "': " + std::strerror(error));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    throw IOError(context + ": cannot rename '" + tmp + "' to '" + path + "': " + why);
  }
}

} // namespace theta
