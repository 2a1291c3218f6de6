//===- Logging.h - Theta's spdlog logger ----------------------------------===//
//
// One logger named "theta" for the whole library. Its level comes from the
// THETA_LOG environment variable (trace, debug, info, warn, error, off;
// default warn) and can be changed from code with setLogLevel.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_RUNTIME_LOGGING_H
#define THETA_RUNTIME_LOGGING_H

#include <spdlog/spdlog.h>

#include <memory>
#include <string>

namespace theta {

/// The library's logger (created on first use, thread-safe).
spdlog::logger &log();

/// Sets the level by name ("debug", "info", ...); returns false for an unknown name.
bool setLogLevel(const std::string &level);

} // namespace theta

#endif // THETA_RUNTIME_LOGGING_H
