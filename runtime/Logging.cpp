//===- Logging.cpp --------------------------------------------------------===//
#include "runtime/Logging.h"

#include <spdlog/sinks/stdout_color_sinks.h>

#include <cstdlib>

namespace theta {

spdlog::logger &log() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto created = spdlog::stderr_color_mt("theta");
    created->set_pattern("[%H:%M:%S.%e] [theta] [%^%l%$] %v");
    created->set_level(spdlog::level::warn);
    if (const char *level = std::getenv("THETA_LOG"))
      created->set_level(spdlog::level::from_str(level));
    return created;
  }();
  return *logger;
}

bool setLogLevel(const std::string &level) {
  spdlog::level::level_enum parsed = spdlog::level::from_str(level);
  if (parsed == spdlog::level::off && level != "off")
    return false;
  log().set_level(parsed);
  return true;
}

} // namespace theta
