//===- Npz.cpp - NumPy .npz parameter files -------------------------------===//
//
// A .npz is a zip of .npy files. We write STORED (uncompressed) entries and
// read them back through the central directory, which holds the real sizes
// even where np.savez marks local headers ZIP64 with placeholder sizes.
//
//===----------------------------------------------------------------------===//
#include "theta/Npz.h"

#include "runtime/Logging.h"

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <new>
#include <set>

namespace theta {
namespace {

// Array data is copied byte for byte into files that say "little-endian".
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "npz I/O assumes a little-endian host");

constexpr uint32_t kLocalHeader = 0x04034b50, kCentralHeader = 0x02014b50,
                   kEndRecord = 0x06054b50;
constexpr uint16_t kStored = 0, kDeflated = 8;
constexpr uint16_t kZipVersion = 20;                   // 2.0: what np.savez writes
constexpr uint16_t kDosDate = (0 << 9) | (1 << 5) | 1; // 1980-01-01, the zip epoch
constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

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

void put16(std::string &out, uint16_t v) { out.append(reinterpret_cast<const char *>(&v), 2); }
void put32(std::string &out, uint32_t v) { out.append(reinterpret_cast<const char *>(&v), 4); }

const char *descrOf(DType dtype) {
  switch (dtype) {
  case DType::Float32: return "<f4";
  case DType::Float64: return "<f8";
  case DType::Int32: return "<i4";
  case DType::Int64: return "<i8";
  case DType::Bool: return "|b1";
  }
  return "";
}

std::string npyBytes(const Array &array) {
  std::string header = std::string("{'descr': '") + descrOf(array.dtype()) +
                       "', 'fortran_order': False, 'shape': " + shapeString(array.shape()) +
                       ", }";
  // Pad with spaces and a final newline so the data starts 64-byte aligned.
  size_t unpadded = kMagicSize + 4 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  std::string out(kMagic, kMagicSize);
  out += '\x01'; // version 1.0
  out += '\x00';
  put16(out, static_cast<uint16_t>(header.size()));
  out += header;
  if (array.bytes())
    out.append(static_cast<const char *>(array.raw()), array.bytes());
  return out;
}

/// Bounds-checked little-endian reads; errors name the file (and entry).
class Reader {
public:
  Reader(const std::string &bytes, std::string context)
      : bytes(bytes), context(std::move(context)) {}
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
    fail("corrupt or not a .npz archive: " + why);
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
};

/// The text after `'key':` in an NPY header dict.
std::string headerField(const std::string &header, const std::string &key, const Reader &r) {
  size_t at = header.find("'" + key + "'");
  if (at != std::string::npos)
    at = header.find(':', at);
  if (at != std::string::npos)
    at = header.find_first_not_of(' ', at + 1);
  if (at == std::string::npos)
    r.corrupt("the npy header has no '" + key + "'");
  return header.substr(at);
}

DType parseDescr(const std::string &descr, const Reader &r) {
  if (descr == "<f4") return DType::Float32;
  if (descr == "<f8") return DType::Float64;
  if (descr == "<i4") return DType::Int32;
  if (descr == "<i8") return DType::Int64;
  if (descr == "|b1") return DType::Bool;
  r.fail("unsupported dtype '" + descr + "' (theta reads '<f4', '<f8', '<i4', '<i8', '|b1')");
}

Array parseNpy(const std::string &npy, const std::string &context) {
  Reader r(npy, context);
  if (npy.compare(0, kMagicSize, kMagic, kMagicSize) != 0)
    r.corrupt("the entry is not an .npy file");
  uint8_t major = static_cast<uint8_t>(r.str(kMagicSize, 1)[0]);
  if (major < 1 || major > 3)
    r.fail("unsupported npy format version " + std::to_string(major));
  size_t headerAt = major == 1 ? 10 : 12;
  size_t headerSize = major == 1 ? r.u16(8) : r.u32(8);
  if (headerAt + headerSize > npy.size())
    r.corrupt("truncated npy header");
  std::string header = npy.substr(headerAt, headerSize);

  std::string descr = headerField(header, "descr", r);
  DType dtype = parseDescr(descr.substr(1, descr.find(descr[0], 1) - 1), r);
  bool fortran = headerField(header, "fortran_order", r).compare(0, 4, "True") == 0;
  std::string dims = headerField(header, "shape", r);
  if (dims[0] != '(' || dims.find(')') == std::string::npos)
    r.corrupt("bad npy shape");
  Shape shape;
  size_t dataAt = headerAt + headerSize, dataSize = npy.size() - dataAt;
  size_t elem = dtypeSize(dtype), needed = elem; // checked before allocating
  for (const char *p = dims.c_str() + 1 + std::strspn(dims.c_str() + 1, " "); *p != ')';) {
    char *end;
    long long d = std::strtoll(p, &end, 10);
    if (end == p || d < 0)
      r.corrupt("bad npy shape " + dims.substr(0, dims.find(')') + 1));
    shape.push_back(d);
    needed = d && needed > dataSize / d ? dataSize + 1 : needed * d;
    p = end + std::strspn(end, ", ");
  }
  if (needed != dataSize)
    r.corrupt("npy data has " + std::to_string(dataSize) + " bytes, not what shape " +
              shapeString(shape) + " needs");

  Array array(dtype, shape);
  const char *src = npy.data() + dataAt;
  char *dst = static_cast<char *>(array.raw());
  if (!fortran || array.rank() < 2) {
    if (array.bytes())
      std::memcpy(dst, src, array.bytes());
    return array;
  }
  // Fortran order (np.savez of a transposed array): gather into row-major.
  std::vector<int64_t> index(shape.size()); // row-major index of element i
  for (int64_t i = 0; i < array.size(); ++i) {
    int64_t offset = 0, stride = 1;
    for (size_t k = 0; k < shape.size(); stride *= shape[k], ++k)
      offset += index[k] * stride;
    std::memcpy(dst + i * elem, src + offset * elem, elem);
    for (size_t k = shape.size(); k-- > 0 && ++index[k] == shape[k];)
      index[k] = 0;
  }
  return array;
}

void checkNames(const char *function, const std::vector<SharedVariable> &variables) {
  std::set<std::string> seen;
  for (const SharedVariable &v : variables) {
    if (!v)
      throw ArgumentError(std::string(function) + ": a null shared variable");
    if (v.name().empty())
      throw ArgumentError(std::string(function) +
                          ": every shared variable needs a name (its entry name in the file); "
                          "give one with shared(value, \"name\")");
    if (!seen.insert(v.name()).second)
      throw ArgumentError(std::string(function) + ": two shared variables are named '" +
                          v.name() + "'; entry names in the file must be distinct");
  }
}

/// Rethrows the exception being handled as a theta::Error naming the file:
/// theta's own errors already do, except an array's MemoryError; a failure
/// of the C++ library (a stream's ios_base::failure, bad_alloc) becomes an
/// IOError, or a MemoryError for memory.
[[noreturn]] void rethrowNaming(const std::string &context) {
  try {
    throw;
  } catch (const MemoryError &e) {
    throw MemoryError(context + ": " + e.what());
  } catch (const Error &) {
    throw;
  } catch (const std::bad_alloc &) {
    throw MemoryError(context + ": out of memory");
  } catch (const std::exception &e) {
    throw IOError(context + ": " + e.what());
  }
}

/// The whole file. std::ifstream opens a directory, then throws
/// ios_base::failure from its first read; stdio reports it as an error.
std::string readFile(const std::string &path, const std::string &context) {
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

std::string describe(const Array &array) {
  return std::string("shape ") + shapeString(array.shape()) + " and dtype " +
         dtypeName(array.dtype());
}

} // namespace

std::map<std::string, Array> read_npz(const std::string &path) try {
  std::string context = "npz file '" + path + "'"; // load_npz's errors come from here too
  std::string bytes = readFile(path, context);
  Reader r(bytes, context);

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

  std::map<std::string, Array> arrays;
  for (uint16_t i = 0; i < count; ++i) {
    if (r.u32(at) != kCentralHeader)
      r.corrupt("bad central directory");
    uint16_t flags = r.u16(at + 8), method = r.u16(at + 10);
    uint32_t crc = r.u32(at + 16), size = r.u32(at + 20);
    uint16_t nameSize = r.u16(at + 28);
    uint32_t local = r.u32(at + 42);
    std::string name = r.str(at + 46, nameSize);
    at += 46 + nameSize + r.u16(at + 30) + r.u16(at + 32);

    std::string entryContext = context + ", entry '" + name + "'";
    Reader entry(bytes, entryContext);
    if (method == kDeflated)
      entry.fail("the entry is compressed (deflate), which theta does not read: "
                 "use np.savez, not np.savez_compressed");
    if (method != kStored || (flags & 1))
      entry.fail("unsupported zip entry (compression method " + std::to_string(method) +
                 (flags & 1 ? ", encrypted" : "") + ")");
    if (entry.u32(local) != kLocalHeader)
      entry.corrupt("bad local header");
    size_t dataAt = size_t(local) + 30 + entry.u16(local + 26) + entry.u16(local + 28);
    std::string npy = entry.str(dataAt, size);
    if (crc32(npy.data(), npy.size()) != crc)
      entry.corrupt("CRC-32 mismatch");

    // np.load names arrays by entry name without ".npy"; so do we.
    std::string key = name;
    if (key.size() > 4 && key.compare(key.size() - 4, 4, ".npy") == 0)
      key.resize(key.size() - 4);
    if (!arrays.emplace(key, parseNpy(npy, entryContext)).second)
      entry.corrupt("duplicate entry");
  }
  return arrays;
} catch (...) {
  rethrowNaming("npz file '" + path + "'");
}

void write_npz(const std::string &path, const std::map<std::string, Array> &arrays) try {
  std::string context = "write_npz('" + path + "')";
  std::string zip, directory;
  for (const auto &[key, array] : arrays) {
    std::string name = key + ".npy", npy = npyBytes(array);
    if (key.empty() || name.size() > 0xFFFF)
      throw ArgumentError(context + ": an array has an empty or overlong name '" + key + "'");
    uint32_t offset = static_cast<uint32_t>(zip.size()), crc = crc32(npy.data(), npy.size());
    // The fields local and central headers share, from "version needed" on.
    std::string common;
    put16(common, kZipVersion);
    put16(common, 0); // flags
    put16(common, kStored);
    put16(common, 0); // time
    put16(common, kDosDate);
    put32(common, crc);
    put32(common, static_cast<uint32_t>(npy.size())); // compressed size
    put32(common, static_cast<uint32_t>(npy.size())); // uncompressed size
    put16(common, static_cast<uint16_t>(name.size()));
    put16(common, 0); // extra field length

    put32(zip, kLocalHeader);
    zip += common + name + npy;

    put32(directory, kCentralHeader);
    put16(directory, kZipVersion); // version made by
    directory += common;
    put16(directory, 0); // comment length
    put16(directory, 0); // disk number
    put16(directory, 0); // internal attributes
    put32(directory, 0); // external attributes
    put32(directory, offset);
    directory += name;
  }
  if (arrays.size() >= 0xFFFF || zip.size() + directory.size() >= 0xFFFFFFFFu)
    throw IOError(context + ": over 4 GiB or 65535 arrays needs ZIP64, which is not supported");
  std::string end;
  put32(end, kEndRecord);
  put16(end, 0); // this disk
  put16(end, 0); // disk with the directory
  put16(end, static_cast<uint16_t>(arrays.size()));
  put16(end, static_cast<uint16_t>(arrays.size()));
  put32(end, static_cast<uint32_t>(directory.size()));
  put32(end, static_cast<uint32_t>(zip.size()));
  put16(end, 0); // comment length

  // Write a temporary file and rename it, so `path` is never half-written.
  std::string tmp = path + ".tmp";
  {
    std::ofstream file(tmp, std::ios::binary | std::ios::trunc);
    file << zip << directory << end;
    file.close(); // reports errors the buffered writes deferred
    if (!file) {
      std::string why = std::strerror(errno);
      std::remove(tmp.c_str());
      throw IOError(context + ": cannot write '" + tmp + "': " + why);
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    throw IOError(context + ": cannot rename '" + tmp + "' to '" + path + "': " + why);
  }
  log().debug("write_npz: {} arrays to '{}'", arrays.size(), path);
} catch (...) {
  rethrowNaming("write_npz('" + path + "')");
}

void save_npz(const std::string &path, const std::vector<SharedVariable> &variables) {
  checkNames("save_npz", variables);
  std::map<std::string, Array> arrays;
  for (const SharedVariable &v : variables)
    arrays.emplace(v.name(), v.get_value());
  write_npz(path, arrays);
}

void load_npz(const std::string &path, const std::vector<SharedVariable> &variables) {
  checkNames("load_npz", variables);
  std::map<std::string, Array> arrays = read_npz(path);
  std::string context = "load_npz('" + path + "'): variable '";
  // Check every variable before setting any, so a failed load changes nothing.
  for (const SharedVariable &v : variables) {
    auto it = arrays.find(v.name());
    if (it == arrays.end()) {
      std::string present;
      for (const auto &entry : arrays)
        present += (present.empty() ? "'" : ", '") + entry.first + "'";
      throw IOError(context + v.name() + "' has no entry in the file; it holds " +
                    (present.empty() ? "no arrays" : present));
    }
    Array current = v.get_value();
    const Array &stored = it->second;
    if (stored.dtype() != current.dtype() || stored.shape() != current.shape()) {
      std::string message = context + v.name() + "': the file has " + describe(stored) +
                            ", the variable has " + describe(current);
      if (stored.dtype() != current.dtype())
        throw TypeError(message);
      throw ShapeError(message);
    }
  }
  for (const SharedVariable &v : variables) {
    SharedVariable target = v; // set_value is not const
    target.set_value(arrays.at(v.name()));
  }
  log().debug("load_npz: {} variables from '{}'", variables.size(), path);
}

} // namespace theta
