#include "examples/support/Idx.h"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <sys/stat.h>

namespace theta::examples {
namespace {

// gzread reads plain files transparently, so one path serves both forms.
class IdxFile {
public:
  explicit IdxFile(const std::string &path) : path_(path) {
    struct stat info;
    if (::stat(path.c_str(), &info) != 0)
      fail(std::string("cannot open: ") + std::strerror(errno));
    file_ = gzopen(path.c_str(), "rb");
    if (!file_)
      fail("cannot open");
  }
  ~IdxFile() {
    if (file_)
      gzclose(file_);
  }
  IdxFile(const IdxFile &) = delete;
  IdxFile &operator=(const IdxFile &) = delete;

  [[noreturn]] void fail(const std::string &problem) const {
    throw std::runtime_error("idx file " + path_ + ": " + problem);
  }

  void read(void *buffer, size_t size, const char *what) {
    int got = gzread(file_, buffer, static_cast<unsigned>(size));
    if (got < 0) {
      int code;
      fail(std::string("read error (") + gzerror(file_, &code) + ")");
    }
    if (static_cast<size_t>(got) != size)
      fail(std::string("truncated while reading ") + what);
  }

  uint32_t readU32(const char *what) {
    uint8_t b[4];
    read(b, 4, what);
    return uint32_t(b[0]) << 24 | uint32_t(b[1]) << 16 | uint32_t(b[2]) << 8 | b[3];
  }

  void expectMagic(uint32_t magic) {
    uint32_t got = readU32("the magic number");
    if (got != magic) {
      char text[80];
      std::snprintf(text, sizeof text, "bad magic 0x%08x, expected 0x%08x", got, magic);
      fail(text);
    }
  }

  // The header's item count, limited to maxCount when that is >= 0.
  int readCount(int maxCount) {
    uint32_t count = readU32("the item count");
    if (count > 100000000u)
      fail("implausible item count " + std::to_string(count));
    return maxCount >= 0 && uint32_t(maxCount) < count ? maxCount : int(count);
  }

private:
  std::string path_;
  gzFile file_ = nullptr;
};

} // namespace

IdxImages read_idx_images(const std::string &path, int maxCount) {
  IdxFile file(path);
  file.expectMagic(0x00000803);
  IdxImages images;
  images.count = file.readCount(maxCount);
  uint32_t rows = file.readU32("the row count"), cols = file.readU32("the column count");
  if (rows == 0 || cols == 0 || rows > 4096 || cols > 4096)
    file.fail("implausible image size " + std::to_string(rows) + "x" + std::to_string(cols));
  images.rows = int(rows);
  images.cols = int(cols);
  std::vector<uint8_t> bytes(size_t(images.count) * rows * cols);
  file.read(bytes.data(), bytes.size(), "the pixels");
  images.pixels.resize(bytes.size());
  for (size_t i = 0; i < bytes.size(); ++i)
    images.pixels[i] = bytes[i] / 255.0f;
  return images;
}

std::vector<int64_t> read_idx_labels(const std::string &path, int maxCount) {
  IdxFile file(path);
  file.expectMagic(0x00000801);
  std::vector<uint8_t> bytes(file.readCount(maxCount));
  file.read(bytes.data(), bytes.size(), "the labels");
  return std::vector<int64_t>(bytes.begin(), bytes.end());
}

std::string fashion_mnist_dir() {
  const char *dir = std::getenv("THETA_FASHION_MNIST");
  return dir && *dir ? dir : "/usr/share/datasets/fashion-mnist";
}

std::string fashion_mnist_file(const std::string &name) {
  std::string path = fashion_mnist_dir() + "/" + name;
  struct stat info;
  if (::stat(path.c_str(), &info) != 0 && ::stat((path + ".gz").c_str(), &info) == 0)
    return path + ".gz";
  return path;
}

} // namespace theta::examples
