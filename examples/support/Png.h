// PNG output and small image helpers for the example programs: training
// results are easiest to judge as pictures (target next to prediction).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace theta::examples {

struct Rgb {
  uint8_t r, g, b;
};

// An 8-bit RGB image, row-major, three bytes per pixel.
struct Image {
  int width = 0, height = 0;
  std::vector<uint8_t> rgb;
};

// Writes an 8-bit RGB PNG; rgb holds width * height * 3 bytes.
// Throws std::runtime_error naming the path when the file cannot be written.
void write_png(const std::string &path, int width, int height, const std::vector<uint8_t> &rgb);
void write_png(const std::string &path, const Image &image);

// Maps values (clamped to [0,1]) to a blend of two colours: 0 -> low, 1 -> high.
Image to_rgb(const std::vector<float> &values, int width, int height, Rgb low = {255, 255, 255},
             Rgb high = {19, 122, 127});

// Puts two images next to each other with a separator band of `gap` columns;
// a shorter image is padded with the separator colour at the bottom.
Image side_by_side(const Image &left, const Image &right, int gap = 4,
                   Rgb separator = {128, 128, 128});

} // namespace theta::examples
