//===- ScaleBenchmarks.h - how Theta's cost grows with the work -----------===//
//
// Theta alone (no baseline): the chain from 1K to 256M float32 (time per
// element should fall to the bandwidth floor and stay there), the MLP step
// at widths 256, 1000 and 4000, and the cold first call (graph, grad,
// pipeline, LLVM) of deep training steps: MLPs of 10, 50 and 200 layers and
// a CNN of 20 convolutions, whose compile time should grow about linearly
// with the number of ops (Theano took 40 minutes for a 38-layer ResNet).
//
//===----------------------------------------------------------------------===//
#ifndef THETA_TOOLS_BENCH_SCALEBENCHMARKS_H
#define THETA_TOOLS_BENCH_SCALEBENCHMARKS_H

#include <benchmark/benchmark.h>

#include <cstdint>

namespace bench {

/// "scale/chain/<n>": the chain on n float32 (counter: ns per element).
void scaleChain(benchmark::State &state, int64_t elements);
/// "scale/mlp_step/<width>": the 2-width-width-1 sigmoid MLP step, batch 1000.
void scaleMlpStep(benchmark::State &state, int64_t width);
/// "scale/compile/mlp_<layers>": cold first call of an MLP training step of
/// `layers` sigmoid layers of width 64 (batch 8); counter: theta ops in the
/// function after autodiff, and milliseconds per layer.
void scaleCompileMlp(benchmark::State &state, int64_t layers);
/// "scale/compile/cnn_<convs>": cold first call of a training step of `convs`
/// 3x3 'same' convolutions with relu (8 channels, 16x16 images, batch 2).
void scaleCompileCnn(benchmark::State &state, int64_t convs);

} // namespace bench

#endif // THETA_TOOLS_BENCH_SCALEBENCHMARKS_H
