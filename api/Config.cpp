//===- Config.cpp - defaults < ~/.thetarc < THETA_FLAGS < code ------------===//
#include "theta/Config.h"

#include "runtime/Error.h"
#include "runtime/Logging.h"
#include "runtime/ObjectCache.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>

namespace theta {

namespace {
std::string trim(const std::string &text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos)
    return "";
  size_t end = text.find_last_not_of(" \t\r\n");
  return text.substr(begin, end - begin + 1);
}
} // namespace

bool parseBool(const std::string &key, const std::string &value) {
  if (value == "true" || value == "True" || value == "1" || value == "yes")
    return true;
  if (value == "false" || value == "False" || value == "0" || value == "no")
    return false;
  throw Error("config: " + key + " must be true or false, got '" + value + "'");
}

std::string normalizeMode(const std::string &value) {
  if (value == "FAST_RUN" || value == "FAST_COMPILE" || value == "DebugMode" ||
      value == "NanGuardMode")
    return value;
  if (value == "DEBUG_MODE")
    return "DebugMode";
  throw Error("config: mode must be FAST_RUN, FAST_COMPILE, DebugMode (or DEBUG_MODE) or "
              "NanGuardMode, got '" + value + "'");
}

void Config::set(const std::string &key, const std::string &value) {
  if (key == "floatX") {
    DType dtype = parseDType(value);
    if (!isFloat(dtype))
      throw Error("config: floatX must be float32 or float64, got '" + value + "'");
    floatX = dtype;
  } else if (key == "device") {
    std::string ordinal = value.rfind("cuda", 0) == 0 ? value.substr(4) : "x";
    if (value != "cpu" && ordinal.find_first_not_of("0123456789") != std::string::npos)
      throw Error("config: device must be cpu, cuda or cudaN, got '" + value + "'");
    device = value;
  } else if (key == "cuda.root") {
    if (value.empty())
      throw Error("config: cuda.root must name the CUDA toolkit's folder");
    cuda_root = value;
  } else if (key == "gpuarray.preallocate") {
    size_t used = 0;
    double parsed = 0;
    try {
      parsed = std::stod(value, &used);
    } catch (const std::exception &) {
      used = 0;
    }
    if (used == 0 || used != value.size() || !std::isfinite(parsed))
      throw Error("config: gpuarray.preallocate must be a number (a fraction of the GPU's "
                  "memory up to 1, MiB above, negative for no cache), got '" + value + "'");
    gpuarray_preallocate = parsed;
  } else if (key == "mode") {
    mode = normalizeMode(value);
  } else if (key == "profile") {
    profile = parseBool(key, value);
  } else if (key == "profiling.destination") {
    if (value.empty())
      throw Error("config: profiling.destination must be stderr, stdout or a file name");
    profiling_destination = value;
  } else if (key == "compute_test_value") {
    if (value != "off" && value != "warn" && value != "raise" && value != "ignore")
      throw Error("config: compute_test_value must be off, ignore, warn or raise, got '" +
                  value + "'");
    compute_test_value = value == "ignore" ? "off" : value;
  } else if (key == "nan_is_error") {
    nan_is_error = parseBool(key, value);
  } else if (key == "inf_is_error") {
    inf_is_error = parseBool(key, value);
  } else if (key == "big_is_error") {
    big_is_error = parseBool(key, value);
  } else if (key == "cache_dir" || key == "base_compiledir") {
    cache_dir = value;
  } else if (key == "log_level") {
    if (!setLogLevel(value))
      throw Error("config: unknown log_level '" + value + "'");
    log_level = value;
  } else {
    throw Error("config: unknown setting '" + key +
                "' (known: floatX, device, cuda.root, gpuarray.preallocate, mode, profile, "
                "profiling.destination, "
                "compute_test_value, nan_is_error, inf_is_error, big_is_error, cache_dir, "
                "log_level)");
  }
}

void Config::setFlags(const std::string &flags) {
  std::stringstream stream(flags);
  std::string item;
  while (std::getline(stream, item, ',')) {
    item = trim(item);
    if (item.empty())
      continue;
    size_t equals = item.find('=');
    if (equals == std::string::npos)
      throw Error("config: '" + item + "' is not key=value");
    set(trim(item.substr(0, equals)), trim(item.substr(equals + 1)));
  }
}

void Config::setFromFile(const std::string &text) {
  std::stringstream stream(text);
  std::string line;
  while (std::getline(stream, line)) {
    line = trim(line.substr(0, line.find('#')));
    if (line.empty() || line.front() == '[')
      continue;
    size_t equals = line.find('=');
    if (equals == std::string::npos)
      throw Error("config file: '" + line + "' is not key = value");
    set(trim(line.substr(0, equals)), trim(line.substr(equals + 1)));
  }
}

Config &config() {
  static Config instance = [] {
    Config loaded;
    loaded.cache_dir = ObjectCache::defaultDirectory();
    for (const char *variable : {"CUDA_PATH", "CUDA_HOME"}) // CUDA_HOME wins
      if (const char *root = std::getenv(variable); root && *root)
        loaded.cuda_root = root;
    std::string path;
    if (const char *explicitPath = std::getenv("THETARC"))
      path = explicitPath;
    else if (const char *home = std::getenv("HOME"))
      path = std::string(home) + "/.thetarc";
    if (std::ifstream file{path}) {
      std::stringstream text;
      text << file.rdbuf();
      loaded.setFromFile(text.str());
    }
    if (const char *flags = std::getenv("THETA_FLAGS"))
      loaded.setFlags(flags);
    return loaded;
  }();
  return instance;
}

} // namespace theta
