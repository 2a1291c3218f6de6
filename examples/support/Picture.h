// A generated two-colour picture standing in for the "Miku" image of the
// Theano tutorial, where a 2-1000-1000-1 MLP learns f(x, y) in {0, 1}.
// A stylized character (head, bangs, two pigtails, eyes) made of circles and
// ellipses: recognisable, yet smooth enough for an MLP to learn.
#pragma once

#include <vector>

namespace theta::examples {

struct Picture {
  int width = 0, height = 0;
  std::vector<float> values; // row-major, row 0 at the top, each 0 or 1
};

// The picture's value at (x, y) in [-1,1]^2, y pointing up.
float picture_at(float x, float y);

// The picture sampled at pixel centres.
Picture make_picture(int width, int height);

struct PictureSamples {
  int count = 0;
  std::vector<float> inputs;  // count x 2 row-major: (x, y) in [-1,1]^2
  std::vector<float> targets; // count values, 0 or 1
};

// Every stride-th pixel in each direction, row-major (stride 1: all pixels, so
// targets equal picture.values and predictions reshape to the picture).
PictureSamples sample_points(const Picture &picture, int stride = 1);

} // namespace theta::examples
