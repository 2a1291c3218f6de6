#include "examples/support/Png.h"

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <stdexcept>

namespace theta::examples {
namespace {

void putU32(std::vector<uint8_t> &out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<uint8_t>(v >> shift));
}

// A chunk is length, type, data, and a CRC over type and data.
void putChunk(std::vector<uint8_t> &out, const char *type, const std::vector<uint8_t> &data) {
  putU32(out, static_cast<uint32_t>(data.size()));
  size_t start = out.size();
  out.insert(out.end(), type, type + 4);
  out.insert(out.end(), data.begin(), data.end());
  uLong crc = crc32(0L, out.data() + start, static_cast<uInt>(out.size() - start));
  putU32(out, static_cast<uint32_t>(crc));
}

} // namespace

void write_png(const std::string &path, int width, int height, const std::vector<uint8_t> &rgb) {
  if (width <= 0 || height <= 0 || rgb.size() != size_t(width) * height * 3)
    throw std::runtime_error("write_png " + path + ": expected " + std::to_string(width) + "x" +
                             std::to_string(height) + " RGB pixels, got " +
                             std::to_string(rgb.size()) + " bytes");
  // Each scanline starts with its filter type; 0 (none) keeps this simple.
  size_t stride = size_t(width) * 3;
  std::vector<uint8_t> raw;
  raw.reserve((stride + 1) * height);
  for (int y = 0; y < height; ++y) {
    raw.push_back(0);
    raw.insert(raw.end(), rgb.begin() + y * stride, rgb.begin() + (y + 1) * stride);
  }
  uLongf packedSize = compressBound(raw.size());
  std::vector<uint8_t> packed(packedSize);
  if (compress2(packed.data(), &packedSize, raw.data(), raw.size(), Z_BEST_COMPRESSION) != Z_OK)
    throw std::runtime_error("write_png " + path + ": zlib compression failed");
  packed.resize(packedSize);

  std::vector<uint8_t> file = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  std::vector<uint8_t> header;
  putU32(header, width);
  putU32(header, height);
  header.insert(header.end(), {8, 2, 0, 0, 0}); // 8-bit, truecolour, deflate, no filter/interlace
  putChunk(file, "IHDR", header);
  putChunk(file, "IDAT", packed);
  putChunk(file, "IEND", {});

  std::unique_ptr<std::FILE, int (*)(std::FILE *)> out(std::fopen(path.c_str(), "wb"), std::fclose);
  if (!out)
    throw std::runtime_error("write_png: cannot open " + path + " for writing");
  if (std::fwrite(file.data(), 1, file.size(), out.get()) != file.size() ||
      std::fclose(out.release()) != 0)
    throw std::runtime_error("write_png: cannot write " + path);
}

void write_png(const std::string &path, const Image &image) {
  write_png(path, image.width, image.height, image.rgb);
}

Image to_rgb(const std::vector<float> &values, int width, int height, Rgb low, Rgb high) {
  if (values.size() != size_t(width) * height)
    throw std::runtime_error("to_rgb: expected " + std::to_string(size_t(width) * height) +
                             " values, got " + std::to_string(values.size()));
  Image image{width, height, {}};
  image.rgb.reserve(values.size() * 3);
  auto mix = [](uint8_t a, uint8_t b, float t) {
    return static_cast<uint8_t>(a + (b - a) * t + 0.5f);
  };
  for (float v : values) {
    float t = v > 0 ? std::min(v, 1.0f) : 0.0f; // NaN (a diverged net) draws as low
    image.rgb.insert(image.rgb.end(),
                     {mix(low.r, high.r, t), mix(low.g, high.g, t), mix(low.b, high.b, t)});
  }
  return image;
}

Image side_by_side(const Image &left, const Image &right, int gap, Rgb separator) {
  Image out{left.width + gap + right.width, std::max(left.height, right.height), {}};
  out.rgb.reserve(size_t(out.width) * out.height * 3);
  auto putRow = [&](const Image &image, int y) {
    for (int x = 0; x < image.width; ++x) {
      if (y < image.height)
        out.rgb.insert(out.rgb.end(), image.rgb.begin() + (size_t(y) * image.width + x) * 3,
                       image.rgb.begin() + (size_t(y) * image.width + x + 1) * 3);
      else
        out.rgb.insert(out.rgb.end(), {separator.r, separator.g, separator.b});
    }
  };
  for (int y = 0; y < out.height; ++y) {
    putRow(left, y);
    for (int x = 0; x < gap; ++x)
      out.rgb.insert(out.rgb.end(), {separator.r, separator.g, separator.b});
    putRow(right, y);
  }
  return out;
}

} // namespace theta::examples
