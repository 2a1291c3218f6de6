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
  std::string device = "cpu";
  std::string mode = "FAST_RUN";
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

/// The process-wide configuration, read from the file and THETA_FLAGS on
/// first use.
Config &config();

} // namespace theta

#endif // THETA_API_CONFIG_H
