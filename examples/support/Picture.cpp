#include "examples/support/Picture.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace theta::examples {
namespace {

// Inside the ellipse centred at (cx, cy) with radii (rx, ry), turned by angle.
bool inEllipse(float x, float y, float cx, float cy, float rx, float ry, float angle = 0) {
  float dx = x - cx, dy = y - cy;
  float c = std::cos(angle), s = std::sin(angle);
  float u = (c * dx + s * dy) / rx, v = (-s * dx + c * dy) / ry;
  return u * u + v * v <= 1;
}

// Pixel centres map to [-1,1]; rows count downwards, y points up.
float coordinate(int index, int size) { return -1 + 2 * (index + 0.5f) / size; }

} // namespace

float picture_at(float x, float y) {
  float ax = std::fabs(x); // the character is left-right symmetric
  // Hair frames a face drawn in the background colour; eyes and the
  // scalloped bangs sit on the face, so they are tested first.
  bool eye = inEllipse(ax, y, 0.14f, -0.02f, 0.065f, 0.095f);
  bool bangs =
      inEllipse(ax, y, 0.2f, 0.33f, 0.17f, 0.15f) || inEllipse(x, y, 0, 0.36f, 0.15f, 0.16f);
  if (eye || bangs)
    return 1;
  if (inEllipse(x, y, 0, 0.02f, 0.33f, 0.36f)) // face
    return 0;
  bool hair = inEllipse(x, y, 0, 0.15f, 0.46f, 0.45f);
  bool tie = inEllipse(ax, y, 0.43f, 0.43f, 0.09f, 0.09f);
  bool pigtail = inEllipse(ax, y, 0.68f, -0.25f, 0.15f, 0.63f, 0.25f);
  bool neck = inEllipse(x, y, 0, -0.45f, 0.09f, 0.2f);
  bool body = inEllipse(x, y, 0, -1.02f, 0.4f, 0.45f);
  return hair || tie || pigtail || neck || body ? 1.0f : 0.0f;
}

Picture make_picture(int width, int height) {
  if (width <= 0 || height <= 0)
    throw std::invalid_argument("make_picture: bad size " + std::to_string(width) + "x" +
                                std::to_string(height));
  Picture picture{width, height, {}};
  picture.values.reserve(size_t(width) * height);
  for (int row = 0; row < height; ++row)
    for (int col = 0; col < width; ++col)
      picture.values.push_back(picture_at(coordinate(col, width), -coordinate(row, height)));
  return picture;
}

PictureSamples sample_points(const Picture &picture, int stride) {
  if (stride < 1)
    throw std::invalid_argument("sample_points: stride must be >= 1");
  PictureSamples samples;
  for (int row = 0; row < picture.height; row += stride)
    for (int col = 0; col < picture.width; col += stride) {
      samples.inputs.push_back(coordinate(col, picture.width));
      samples.inputs.push_back(-coordinate(row, picture.height));
      samples.targets.push_back(picture.values[size_t(row) * picture.width + col]);
    }
  samples.count = static_cast<int>(samples.targets.size());
  return samples;
}

} // namespace theta::examples
