//===- CudaApi.cpp --------------------------------------------------------===//
#include "runtime/CudaApi.h"

#include "runtime/Error.h"
#include "runtime/Logging.h"

#include <dlfcn.h>

#include <mutex>

namespace theta {
namespace {

// Two levels so that a macro such as cuMemAlloc -> cuMemAlloc_v2 expands first.
#define THETA_STRINGIZE_EXPANDED(x) #x
#define THETA_STRINGIZE(x) THETA_STRINGIZE_EXPANDED(x)

/// The first library of `names` that opens, or null with the reasons.
void *openFirst(std::initializer_list<const char *> names, std::string &why) {
  for (const char *name : names) {
    if (void *handle = dlopen(name, RTLD_NOW | RTLD_GLOBAL))
      return handle;
    const char *error = dlerror();
    why += std::string(why.empty() ? "" : "; ") + (error ? error : name);
  }
  return nullptr;
}

template <typename F> bool lookUp(void *library, const char *name, F &field, std::string &why) {
  field = reinterpret_cast<F>(dlsym(library, name));
  if (!field)
    why = std::string("missing ") + name;
  return field != nullptr;
}

/// A library's entry points once opened: `ready`, or `why` it is not.
template <typename Api> struct LibraryState {
  Api api;
  bool ready = false;
  std::string why;
};

using DriverState = LibraryState<CudaDriverApi>;

DriverState &driverState() {
  static DriverState *state = [] {
    auto *loaded = new DriverState;
    std::string &why = loaded->why;
    void *library = openFirst({"libcuda.so.1", "libcuda.so"}, why);
    if (!library) {
      why = "no NVIDIA driver (" + why + ")";
      return loaded;
    }
    bool found = true;
#define THETA_LOOK_UP(name)                                                                     \
  found = found && lookUp(library, THETA_STRINGIZE(name), loaded->api.name, why);
    THETA_CUDA_DRIVER_FUNCTIONS(THETA_LOOK_UP)
#undef THETA_LOOK_UP
    if (!found) {
      why = "the NVIDIA driver library is too old: " + why;
      return loaded;
    }
    CUresult result = loaded->api.cuInit(0);
    if (result == CUDA_ERROR_STUB_LIBRARY) {
      why = "no NVIDIA driver (libcuda.so.1 is the CUDA toolkit's stub library)";
      return loaded;
    }
    if (result != CUDA_SUCCESS) {
      const char *name = nullptr;
      loaded->api.cuGetErrorName(result, &name);
      why = std::string("cuInit failed: ") + (name ? name : "unknown error") +
            (result == CUDA_ERROR_NO_DEVICE ? " (no CUDA-capable GPU)" : "");
      return loaded;
    }
    loaded->ready = true;
    return loaded;
  }();
  return *state;
}

/// Opens the first of `names` and fills the entry points with
/// `lookUpAll(library, state)` (false with `why` set when one is missing).
template <typename Api, typename LookUpAll>
LibraryState<Api> *openLibrary(std::initializer_list<const char *> names, const char *what,
                               LookUpAll lookUpAll) {
  auto *loaded = new LibraryState<Api>;
  void *library = openFirst(names, loaded->why);
  if (!library) {
    loaded->why = std::string(what) + " cannot be opened (" + loaded->why + ")";
    return loaded;
  }
  loaded->ready = lookUpAll(library, *loaded);
  return loaded;
}

template <typename Api> const Api *readyOrWhy(const LibraryState<Api> &state, std::string *why) {
  if (!state.ready && why)
    *why = state.why;
  return state.ready ? &state.api : nullptr;
}

} // namespace

const CudaDriverApi *cudaDriver(std::string *why) { return readyOrWhy(driverState(), why); }

// One entry point of a library's X-macro list, looked up into `loaded.api`.
#define THETA_LOOK_UP(name)                                                                     \
  found = found && lookUp(library, THETA_STRINGIZE(name), loaded.api.name, loaded.why);

const CublasApi *cublasApi(std::string *why) {
  static LibraryState<CublasApi> *state = openLibrary<CublasApi>(
      {"libcublas.so.13", "libcublas.so.12", "libcublas.so"}, "cuBLAS",
      [](void *library, LibraryState<CublasApi> &loaded) {
        bool found = true;
        THETA_CUBLAS_FUNCTIONS(THETA_LOOK_UP)
        return found;
      });
  return readyOrWhy(*state, why);
}

const CudnnApi *cudnnApi(std::string *why) {
  static LibraryState<CudnnApi> *state = openLibrary<CudnnApi>(
      {"libcudnn.so.9", "libcudnn_graph.so.9", "libcudnn.so"}, "cuDNN 9",
      [](void *library, LibraryState<CudnnApi> &loaded) {
        bool found = true;
        THETA_CUDNN_FUNCTIONS(THETA_LOOK_UP)
        if (found && loaded.api.cudnnGetVersion() < 90000) {
          loaded.why = "cuDNN " + std::to_string(loaded.api.cudnnGetVersion()) +
                       " is too old (the graph API of cuDNN 9 is needed)";
          found = false;
        }
        return found;
      });
  return readyOrWhy(*state, why);
}

#undef THETA_LOOK_UP

std::string cudaErrorText(CUresult result) {
  const CudaDriverApi *api = cudaDriver();
  const char *name = nullptr, *text = nullptr;
  if (api) {
    api->cuGetErrorName(result, &name);
    api->cuGetErrorString(result, &text);
  }
  return std::string(name ? name : "CUDA error " + std::to_string(static_cast<int>(result))) +
         (text ? std::string(" (") + text + ")" : "");
}

void checkCuda(CUresult result, const char *what) {
  if (result != CUDA_SUCCESS)
    throw DeviceError(std::string(what) + ": " + cudaErrorText(result));
}

} // namespace theta
