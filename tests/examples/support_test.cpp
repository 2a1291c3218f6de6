// Tests of the example support library: PNG bytes, the idx reader (and the
// real Fashion-MNIST files when installed), the progress bar and the picture.
#include "examples/support/Idx.h"
#include "examples/support/Picture.h"
#include "examples/support/Png.h"
#include "examples/support/Progress.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>
#include <stdexcept>
#include <string>
#include <sys/stat.h>

using namespace theta::examples;

namespace {

std::string tempPath(const std::string &name) {
  const char *dir = std::getenv("TEST_TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/" + name;
}

std::vector<uint8_t> readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeFile(const std::string &path, const std::vector<uint8_t> &bytes) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char *>(bytes.data()), bytes.size());
}

uint32_t u32(const std::vector<uint8_t> &b, size_t at) {
  return uint32_t(b[at]) << 24 | uint32_t(b[at + 1]) << 16 | uint32_t(b[at + 2]) << 8 | b[at + 3];
}

void putU32(std::vector<uint8_t> &out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(uint8_t(v >> shift));
}

template <typename F> std::string errorOf(F f) {
  try {
    f();
  } catch (const std::runtime_error &e) {
    return e.what();
  }
  return "";
}

bool exists(const std::string &path) {
  struct stat info;
  return ::stat(path.c_str(), &info) == 0;
}

} // namespace

TEST(Png, HeaderChunksAndPixels) {
  const int width = 5, height = 3;
  std::vector<uint8_t> rgb(width * height * 3);
  for (size_t i = 0; i < rgb.size(); ++i)
    rgb[i] = uint8_t(i * 7);
  std::string path = tempPath("test.png");
  write_png(path, width, height, rgb);
  std::vector<uint8_t> file = readFile(path);

  const uint8_t signature[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  ASSERT_GT(file.size(), 8u);
  EXPECT_TRUE(std::equal(signature, signature + 8, file.begin()));
  EXPECT_EQ(u32(file, 8), 13u);
  EXPECT_EQ(std::string(file.begin() + 12, file.begin() + 16), "IHDR");
  EXPECT_EQ(u32(file, 16), uint32_t(width));
  EXPECT_EQ(u32(file, 20), uint32_t(height));
  EXPECT_EQ(file[24], 8); // bit depth
  EXPECT_EQ(file[25], 2); // truecolour

  // Walk the chunks, checking each CRC and collecting the IDAT data.
  std::vector<uint8_t> idat;
  std::string last;
  for (size_t at = 8; at + 12 <= file.size();) {
    uint32_t length = u32(file, at);
    ASSERT_LE(at + 12 + length, file.size());
    last = std::string(file.begin() + at + 4, file.begin() + at + 8);
    EXPECT_EQ(crc32(0, file.data() + at + 4, length + 4), u32(file, at + 8 + length)) << last;
    if (last == "IDAT")
      idat.insert(idat.end(), file.begin() + at + 8, file.begin() + at + 8 + length);
    at += 12 + length;
  }
  EXPECT_EQ(last, "IEND");

  std::vector<uint8_t> raw(height * (1 + width * 3));
  uLongf rawSize = raw.size();
  ASSERT_EQ(uncompress(raw.data(), &rawSize, idat.data(), idat.size()), Z_OK);
  ASSERT_EQ(rawSize, raw.size());
  for (int y = 0; y < height; ++y) {
    EXPECT_EQ(raw[y * (1 + width * 3)], 0) << "filter type of row " << y;
    for (int i = 0; i < width * 3; ++i)
      EXPECT_EQ(raw[y * (1 + width * 3) + 1 + i], rgb[y * width * 3 + i]);
  }
}

TEST(Png, Errors) {
  EXPECT_NE(errorOf([] {
              write_png("/nonexistent-dir/x.png", 1, 1, {0, 0, 0});
            }).find("/nonexistent-dir/x.png"),
            std::string::npos);
  EXPECT_NE(errorOf([] { write_png(tempPath("bad.png"), 2, 2, {0, 0, 0}); }), "");
}

TEST(Png, PaletteAndSideBySide) {
  Image a = to_rgb({0, 1, 0.5f, NAN}, 2, 2, {0, 0, 0}, {200, 100, 50});
  EXPECT_EQ(a.rgb, (std::vector<uint8_t>{0, 0, 0, 200, 100, 50, 100, 50, 25, 0, 0, 0}));
  Image b = to_rgb({2}, 1, 1, {0, 0, 0}, {9, 9, 9});
  Image both = side_by_side(a, b, 1, {7, 7, 7});
  EXPECT_EQ(both.width, 4);
  EXPECT_EQ(both.height, 2);
  EXPECT_EQ(both.rgb, (std::vector<uint8_t>{0,   0,  0,  200, 100, 50, 7, 7, 7, 9, 9, 9, //
                                            100, 50, 25, 0,   0,   0,  7, 7, 7, 7, 7, 7}));
}

TEST(Idx, RoundTripPlainAndGzipped) {
  std::vector<uint8_t> images, labels;
  putU32(images, 0x00000803);
  putU32(images, 2);
  putU32(images, 2);
  putU32(images, 3);
  for (int i = 0; i < 12; ++i)
    images.push_back(uint8_t(i * 20));
  putU32(labels, 0x00000801);
  putU32(labels, 2);
  labels.insert(labels.end(), {7, 3});
  writeFile(tempPath("images.idx"), images);
  writeFile(tempPath("labels.idx"), labels);
  gzFile gz = gzopen(tempPath("images.idx.gz").c_str(), "wb");
  ASSERT_NE(gz, nullptr);
  gzwrite(gz, images.data(), images.size());
  gzclose(gz);

  for (const char *name : {"images.idx", "images.idx.gz"}) {
    IdxImages read = read_idx_images(tempPath(name));
    EXPECT_EQ(read.count, 2);
    EXPECT_EQ(read.rows, 2);
    EXPECT_EQ(read.cols, 3);
    ASSERT_EQ(read.pixels.size(), 12u);
    for (int i = 0; i < 12; ++i)
      EXPECT_FLOAT_EQ(read.pixels[i], i * 20 / 255.0f);
  }
  EXPECT_EQ(read_idx_images(tempPath("images.idx"), 1).pixels.size(), 6u);
  EXPECT_EQ(read_idx_labels(tempPath("labels.idx")), (std::vector<int64_t>{7, 3}));
}

TEST(Idx, Errors) {
  std::vector<uint8_t> labels;
  putU32(labels, 0x00000801);
  putU32(labels, 5);
  labels.insert(labels.end(), {1, 2});
  writeFile(tempPath("short.idx"), labels);

  std::string wrongMagic = errorOf([] { read_idx_images(tempPath("short.idx")); });
  EXPECT_NE(wrongMagic.find("short.idx"), std::string::npos) << wrongMagic;
  EXPECT_NE(wrongMagic.find("bad magic 0x00000801"), std::string::npos) << wrongMagic;
  std::string truncated = errorOf([] { read_idx_labels(tempPath("short.idx")); });
  EXPECT_NE(truncated.find("truncated"), std::string::npos) << truncated;
  std::string missing = errorOf([] { read_idx_labels(tempPath("missing.idx")); });
  EXPECT_NE(missing.find("missing.idx"), std::string::npos) << missing;
  EXPECT_NE(missing.find("No such file"), std::string::npos) << missing;
}

TEST(Idx, FashionMnist) {
  std::string trainImages = fashion_mnist_file("train-images-idx3-ubyte");
  if (!exists(trainImages))
    GTEST_SKIP() << "Fashion-MNIST not found in " << fashion_mnist_dir()
                 << " (apt-get install dataset-fashion-mnist, or set THETA_FASHION_MNIST)";
  struct Split {
    const char *prefix;
    int count;
  };
  for (Split split : {Split{"train", 60000}, Split{"t10k", 10000}}) {
    std::string prefix = split.prefix;
    IdxImages images = read_idx_images(fashion_mnist_file(prefix + "-images-idx3-ubyte"));
    std::vector<int64_t> labels =
        read_idx_labels(fashion_mnist_file(prefix + "-labels-idx1-ubyte"));
    EXPECT_EQ(images.count, split.count);
    EXPECT_EQ(images.rows, 28);
    EXPECT_EQ(images.cols, 28);
    EXPECT_EQ(images.pixels.size(), size_t(split.count) * 28 * 28);
    ASSERT_EQ(labels.size(), size_t(split.count));
    std::set<int64_t> distinct(labels.begin(), labels.end());
    EXPECT_EQ(distinct, (std::set<int64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
    float high = 0;
    for (float p : images.pixels)
      high = std::max(high, p);
    EXPECT_FLOAT_EQ(high, 1.0f);
  }
}

TEST(Progress, NonTerminalPrintsAboutEveryTenth) {
  std::FILE *out = std::tmpfile();
  ASSERT_NE(out, nullptr);
  {
    Progress progress("epoch", 100, out);
    for (int epoch = 1; epoch <= 100; ++epoch)
      progress.update(epoch, 1.0 / epoch);
  } // the destructor finishes
  std::rewind(out);
  std::string text;
  for (int c; (c = std::fgetc(out)) != EOF;)
    text += char(c);
  std::fclose(out);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 11) << text;
  EXPECT_EQ(text.find('\r'), std::string::npos);
  EXPECT_NE(text.find("epoch 100/100 [####################] cost 0.0100  "), std::string::npos)
      << text;
  EXPECT_NE(text.find("epoch 50/100 [##########..........] cost 0.0200"), std::string::npos)
      << text;
}

TEST(Picture, BothColoursInReasonableProportion) {
  Picture picture = make_picture(120, 90);
  ASSERT_EQ(picture.values.size(), 120u * 90u);
  double ones = 0;
  for (float v : picture.values) {
    EXPECT_TRUE(v == 0 || v == 1);
    ones += v;
  }
  double fraction = ones / picture.values.size();
  EXPECT_GT(fraction, 0.15);
  EXPECT_LT(fraction, 0.85);

  PictureSamples all = sample_points(picture);
  EXPECT_EQ(all.count, 120 * 90);
  EXPECT_EQ(all.targets, picture.values);
  ASSERT_EQ(all.inputs.size(), 2u * all.count);
  for (float c : all.inputs)
    EXPECT_TRUE(c > -1 && c < 1);
  EXPECT_LT(all.inputs[0], 0); // top-left pixel: x < 0,
  EXPECT_GT(all.inputs[1], 0); // y > 0 (y points up)
  EXPECT_EQ(sample_points(picture, 2).count, 60 * 45);
}
