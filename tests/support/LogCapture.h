//===- LogCapture.h - what Theta logs, captured by a test -----------------===//
#ifndef THETA_TESTS_SUPPORT_LOGCAPTURE_H
#define THETA_TESTS_SUPPORT_LOGCAPTURE_H

#include "runtime/Logging.h"

#include <spdlog/sinks/ostream_sink.h>

#include <memory>
#include <sstream>
#include <string>

namespace theta_test {

/// Captures what the library logs while it lives, at `level` and above
/// (info by default), as "level: message" lines.
class LogCapture {
public:
  explicit LogCapture(spdlog::level::level_enum captured = spdlog::level::info)
      : level(theta::log().level()) {
    sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(text);
    sink->set_pattern("%l: %v");
    theta::log().sinks().push_back(sink);
    theta::log().set_level(captured);
  }
  ~LogCapture() {
    theta::log().set_level(level);
    theta::log().sinks().pop_back();
  }
  LogCapture(const LogCapture &) = delete;
  LogCapture &operator=(const LogCapture &) = delete;
  /// What was logged since the last call.
  std::string take() {
    theta::log().flush();
    std::string taken = text.str();
    text.str("");
    return taken;
  }

private:
  std::ostringstream text;
  std::shared_ptr<spdlog::sinks::ostream_sink_mt> sink;
  spdlog::level::level_enum level;
};

} // namespace theta_test

#endif // THETA_TESTS_SUPPORT_LOGCAPTURE_H
