//===- Npy.cpp ------------------------------------------------------------===//
#include "runtime/Npy.h"

#include "runtime/ByteReader.h"
#include "runtime/Error.h"

#include <cstdlib>
#include <cstring>
#include <vector>

namespace theta {
namespace {

// Array data is copied byte for byte into files that say "little-endian".
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "npy I/O assumes a little-endian host");

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

void put16(std::string &out, uint16_t v) { out.append(reinterpret_cast<const char *>(&v), 2); }


const char *descrOf(DType dtype) {
  switch (dtype) {
  case DType::Float32: return "<f4";
  case DType::Float64: return "<f8";
  case DType::Int32: return "<i4";
  case DType::Int64: return "<i8";
  case DType::Bool: return "|b1";
  case DType::Int8: return "|i1";
  case DType::UInt8: return "|u1";
  case DType::Int16: return "<i2";
  case DType::Float16: return "<f2";
  }
  return "";
}

} // namespace

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


namespace {

/// The text after `'key':` in an NPY header dict.
std::string headerField(const std::string &header, const std::string &key, const ByteReader &r) {
  size_t at = header.find("'" + key + "'");
  if (at != std::string::npos)
    at = header.find(':', at);
  if (at != std::string::npos)
    at = header.find_first_not_of(' ', at + 1);
  if (at == std::string::npos)
    r.corrupt("the npy header has no '" + key + "'");
  return header.substr(at);
}

DType parseDescr(const std::string &descr, const ByteReader &r) {
  if (descr == "<f4") return DType::Float32;
  if (descr == "<f8") return DType::Float64;
  if (descr == "<i4") return DType::Int32;
  if (descr == "<i8") return DType::Int64;
  if (descr == "|b1") return DType::Bool;
  if (descr == "|i1") return DType::Int8;
  if (descr == "|u1") return DType::UInt8;
  if (descr == "<i2") return DType::Int16;
  if (descr == "<f2") return DType::Float16;
  r.fail("unsupported dtype '" + descr +
         "' (theta reads '<f2', '<f4', '<f8', '|i1', '|u1', '<i2', '<i4', '<i8', '|b1')");
}

} // namespace

Array parseNpy(const std::string &npy, const std::string &context) {
  ByteReader r(npy, context, ".npz archive");
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

} // namespace theta
