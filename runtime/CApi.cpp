//===- CApi.cpp - theta_runtime.h -----------------------------------------===//
#include "theta_runtime.h"

#include "runtime/Error.h"
#include "runtime/Execution.h"
#include "runtime/SavedFile.h"

#include <cstring>
#include <exception>
#include <string>

namespace {
thread_local std::string lastError;

template <typename Body> int guarded(Body body) {
  try {
    lastError.clear();
    body();
    return 0;
  } catch (const std::exception &error) {
    lastError = error.what();
  } catch (...) {
    lastError = "unknown failure";
  }
  return -1;
}
} // namespace

extern "C" int theta_run(void (*entry)(void **), void **buffers) {
  return guarded([&] {
    theta::Executable executable;
    executable.entry = entry;
    theta::runExecutable(executable, buffers);
  });
}

extern "C" const char *theta_last_error(void) { return lastError.c_str(); }

extern "C" int theta_read_shared(const char *path, const char *name, const char *dtype,
                                 void *data, size_t bytes) {
  return guarded([&] {
    theta::SavedFile file = theta::loadSavedFile(path);
    for (const theta::SavedShared &shared : file.shared) {
      if (shared.name != name)
        continue;
      const theta::Array &value = shared.value;
      if (std::string(theta::dtypeName(value.dtype())) != dtype || value.bytes() != bytes)
        throw theta::ShapeError(std::string("shared variable '") + name + "' in '" + path +
                                "' is " + theta::dtypeName(value.dtype()) +
                                theta::shapeString(value.shape()) + " (" +
                                std::to_string(value.bytes()) + " bytes); the caller expects " +
                                dtype + " in " + std::to_string(bytes) + " bytes");
      std::memcpy(data, value.raw(), bytes);
      return;
    }
    throw theta::ArgumentError(std::string("'") + path + "' holds no shared variable named '" +
                               name + "'");
  });
}
