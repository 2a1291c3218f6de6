//===- theta/Config.h - configuration -------------------------------------===//
//
// As in Theano, settings come from (lowest to highest precedence) the
// defaults, the file ~/.thetarc (or $THETARC), the THETA_FLAGS environment
// variable ("floatX=float64,device=cpu,mode=FAST_RUN"), and code
// (theta::config().floatX = ...).
//
// ~/.thetarc holds `key = value` lines, optionally under a [global] section;
// `#` starts a comment.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_API_CONFIG_H
#define THETA_API_CONFIG_H

#include "runtime/DType.h"

#include <string>

namespace theta {

struct Config {
  DType floatX = DType::Float32;
  /// cpu, cuda (the first GPU), cuda0, cuda1, ...: where functions run and
  /// their shared variables live (FunctionOptions::device overrides it).
  std::string device = "cpu";
  /// The CUDA toolkit whose libdevice and ptxas compile GPU code (key
  /// cuda.root, as Theano's): $CUDA_HOME, else $CUDA_PATH, else /usr/local/cuda.
  std::string cuda_root = "/usr/local/cuda";
  /// GPU memory (key gpuarray.preallocate, as Theano's), read when a GPU is
  /// first used: 0 caches freed buffers for reuse; in (0, 1], that fraction
  /// of the GPU's memory is reserved at once and buffers are carved from
  /// it; above 1, that many MiB; negative, no cache.
  double gpuarray_preallocate = 0;
  /// FAST_RUN (optimized), FAST_COMPILE (cheaper pipeline), DebugMode
  /// (also spelled DEBUG_MODE: every call checked against a float64 op-by-op
  /// reference) or NanGuardMode (every op's result checked for NaN/Inf/huge).
  std::string mode = "FAST_RUN";
  /// Profile every function (as FunctionOptions::profile); tables at exit.
  bool profile = false;
  /// Where the tables go at exit (key profiling.destination, as Theano's):
  /// stderr, stdout or a file name.
  std::string profiling_destination = "stderr";
  /// Theano's compute_test_value: off, warn or raise. With warn or raise,
  /// every node built from inputs with test values is evaluated when built.
  std::string compute_test_value = "off";
  /// NanGuardMode's checks: NaN, +-Inf, and values of magnitude > 1e10.
  bool nan_is_error = true;
  bool inf_is_error = true;
  bool big_is_error = true;
  /// Where compiled code is cached; empty disables the disk cache.
  std::string cache_dir;
  std::string log_level = "warn";

  /// Applies one `key=value` setting; throws theta::Error for an unknown
  /// key or a bad value.
  void set(const std::string &key, const std::string &value);
  /// Applies comma-separated settings, as in THETA_FLAGS.
  void setFlags(const std::string &flags);
  /// Applies a .thetarc file's text.
  void setFromFile(const std::string &text);
};

/// "true"/"false" (also 1/0, yes/no, True/False); throws theta::Error naming `key`.
bool parseBool(const std::string &key, const std::string &value);
/// A mode's canonical name (DEBUG_MODE -> DebugMode); throws theta::Error
/// listing the valid ones for anything else.
std::string normalizeMode(const std::string &value);

/// The process-wide configuration, read from the file and THETA_FLAGS on
/// first use.
Config &config();

} // namespace theta

#endif // THETA_API_CONFIG_H
