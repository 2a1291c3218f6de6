// Readers for the idx format of MNIST and Fashion-MNIST, plain or gzipped.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace theta::examples {

struct IdxImages {
  int count = 0, rows = 0, cols = 0;
  std::vector<float> pixels; // count x rows x cols, scaled from 0..255 to [0,1]
};

// Reads an idx3 image file (magic 0x00000803), at most maxCount images when
// maxCount >= 0. Throws std::runtime_error naming the file when it is missing,
// has the wrong magic, or is truncated.
IdxImages read_idx_images(const std::string &path, int maxCount = -1);

// Reads an idx1 label file (magic 0x00000801), like read_idx_images.
std::vector<int64_t> read_idx_labels(const std::string &path, int maxCount = -1);

// $THETA_FASHION_MNIST if set, else where Debian's dataset-fashion-mnist
// installs the files (/usr/share/datasets/fashion-mnist).
std::string fashion_mnist_dir();

// dir/name, or dir/name.gz when only the gzipped file exists
// (e.g. name = "train-images-idx3-ubyte").
std::string fashion_mnist_file(const std::string &name);

} // namespace theta::examples
