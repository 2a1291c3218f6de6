/* Classifies the Fashion-MNIST test set with a predictor Theta trained and
 * theta-aot exported (examples/fashion_export.cpp): plain C, linked with the
 * exported object and Theta's runtime library only (no MLIR, no LLVM).
 *
 *   aot_predict <fashion_predictor.theta> <fashion-mnist dir>
 *
 * Prints "c: N of 10000 test images correct". */
#include "examples/fashion_predictor.h"

#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>

enum { kImages = 10000, kPixels = 784 };

/* An idx file (gzipped or not): `header` big-endian 32-bit words, then bytes. */
static unsigned char *read_idx(const char *dir, const char *name, int header, size_t bytes) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s.gz", dir, name);
  gzFile file = gzopen(path, "rb");
  if (!file) {
    snprintf(path, sizeof path, "%s/%s", dir, name);
    file = gzopen(path, "rb");
  }
  if (!file) {
    fprintf(stderr, "aot_predict: cannot open %s\n", path);
    return NULL;
  }
  unsigned char skip[16];
  unsigned char *data = malloc(bytes);
  int ok = data && gzread(file, skip, (unsigned)(4 * header)) == 4 * header &&
           gzread(file, data, (unsigned)bytes) == (int)bytes;
  gzclose(file);
  if (!ok) {
    fprintf(stderr, "aot_predict: %s is shorter than expected\n", path);
    free(data);
    return NULL;
  }
  return data;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: aot_predict <fashion_predictor.theta> <fashion-mnist dir>\n");
    return 2;
  }
  unsigned char *pixels = read_idx(argv[2], "t10k-images-idx3-ubyte", 4, (size_t)kImages * kPixels);
  unsigned char *labels = read_idx(argv[2], "t10k-labels-idx1-ubyte", 2, kImages);
  float *images = malloc(sizeof(float) * kImages * kPixels);
  int64_t *predicted = malloc(sizeof(int64_t) * kImages);
  fashion_predictor_state *state = malloc(sizeof *state);
  if (!pixels || !labels || !images || !predicted || !state)
    return 1;
  for (size_t i = 0; i < (size_t)kImages * kPixels; ++i)
    images[i] = pixels[i] / 255.0f; /* as Theta's reader scales them */

  if (fashion_predictor_load(state, argv[1]) != 0 ||
      fashion_predictor_predict(state, images, predicted) != 0) {
    fprintf(stderr, "aot_predict: %s\n", theta_last_error());
    return 1;
  }
  int correct = 0;
  for (int i = 0; i < kImages; ++i)
    correct += predicted[i] == labels[i];
  printf("c: %d of %d test images correct\n", correct, kImages);
  free(pixels);
  free(labels);
  free(images);
  free(predicted);
  free(state);
  return 0;
}
