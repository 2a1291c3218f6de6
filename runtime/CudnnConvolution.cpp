//===- CudnnConvolution.cpp -----------------------------------------------===//
#include "runtime/CudnnConvolution.h"

#include "runtime/Cuda.h"
#include "runtime/Error.h"
#include "runtime/Logging.h"

#include <map>
#include <memory>
#include <mutex>
#include <tuple>
#include <vector>

namespace theta {
namespace {

/// cuDNN's last message, or the status's name.
std::string cudnnMessage(const CudnnApi &api, cudnnStatus_t status) {
  char detail[512] = {0};
  api.cudnnGetLastErrorString(detail, sizeof(detail));
  std::string text = api.cudnnGetErrorString(status);
  if (detail[0])
    text += std::string(": ") + detail;
  return text;
}

const char *kindName(ConvolutionKind kind) {
  switch (kind) {
  case ConvolutionKind::Forward:
    return "convolution";
  case ConvolutionKind::GradInput:
    return "gradient of the input of a convolution";
  case ConvolutionKind::GradFilters:
    return "gradient of the filters of a convolution";
  }
  return "convolution";
}

std::string shape(std::initializer_list<int64_t> sizes) {
  std::string text;
  for (int64_t size : sizes)
    text += (text.empty() ? "" : "x") + std::to_string(size);
  return text;
}

/// Dense row-major strides of a 4-D shape.
std::array<int64_t, 4> denseStrides(const std::array<int64_t, 4> &dims) {
  return {dims[1] * dims[2] * dims[3], dims[2] * dims[3], dims[3], 1};
}

CudnnDescriptor tensor(const CudnnApi &api, const std::array<int64_t, 4> &dims, int64_t uid,
                       int64_t alignment, std::string &why) {
  CudnnDescriptor descriptor(api, CUDNN_BACKEND_TENSOR_DESCRIPTOR);
  cudnnDataType_t type = CUDNN_DATA_FLOAT;
  std::array<int64_t, 4> strides = denseStrides(dims);
  if (!descriptor.set(CUDNN_ATTR_TENSOR_DATA_TYPE, CUDNN_TYPE_DATA_TYPE, 1, &type, why) ||
      !descriptor.set(CUDNN_ATTR_TENSOR_DIMENSIONS, CUDNN_TYPE_INT64, 4, dims.data(), why) ||
      !descriptor.set(CUDNN_ATTR_TENSOR_STRIDES, CUDNN_TYPE_INT64, 4, strides.data(), why) ||
      !descriptor.set(CUDNN_ATTR_TENSOR_UNIQUE_ID, CUDNN_TYPE_INT64, 1, &uid, why) ||
      !descriptor.set(CUDNN_ATTR_TENSOR_BYTE_ALIGNMENT, CUDNN_TYPE_INT64, 1, &alignment, why) ||
      !descriptor.finalize(why))
    why = "tensor " + shape({dims[0], dims[1], dims[2], dims[3]}) + ": " + why;
  return descriptor;
}

CudnnDescriptor convolution(const CudnnApi &api, const ConvolutionSizes &s, std::string &why) {
  CudnnDescriptor descriptor(api, CUDNN_BACKEND_CONVOLUTION_DESCRIPTOR);
  cudnnDataType_t computeType = CUDNN_DATA_FLOAT;
  cudnnConvolutionMode_t mode = CUDNN_CROSS_CORRELATION; // theta's conv2d (flips are ops)
  int64_t spatialDims = 2;
  int64_t dilations[2] = {s.dilationH, s.dilationW};
  int64_t strides[2] = {s.strideH, s.strideW};
  int64_t prePadding[2] = {s.padTop, s.padLeft};
  int64_t postPadding[2] = {s.padBottom, s.padRight};
  if (!descriptor.set(CUDNN_ATTR_CONVOLUTION_COMP_TYPE, CUDNN_TYPE_DATA_TYPE, 1, &computeType,
                      why) ||
      !descriptor.set(CUDNN_ATTR_CONVOLUTION_CONV_MODE, CUDNN_TYPE_CONVOLUTION_MODE, 1, &mode,
                      why) ||
      !descriptor.set(CUDNN_ATTR_CONVOLUTION_SPATIAL_DIMS, CUDNN_TYPE_INT64, 1, &spatialDims,
                      why) ||
      !descriptor.set(CUDNN_ATTR_CONVOLUTION_DILATIONS, CUDNN_TYPE_INT64, 2, dilations, why) ||
      !descriptor.set(CUDNN_ATTR_CONVOLUTION_FILTER_STRIDES, CUDNN_TYPE_INT64, 2, strides, why) ||
      !descriptor.set(CUDNN_ATTR_CONVOLUTION_PRE_PADDINGS, CUDNN_TYPE_INT64, 2, prePadding,
                      why) ||
      !descriptor.set(CUDNN_ATTR_CONVOLUTION_POST_PADDINGS, CUDNN_TYPE_INT64, 2, postPadding,
                      why) ||
      !descriptor.finalize(why))
    why = "convolution descriptor: " + why;
  return descriptor;
}

/// The attribute names of each kind's operation: alpha, beta, the
/// convolution descriptor, and its input, filter and output tensors.
struct OperationAttributes {
  cudnnBackendDescriptorType_t type;
  cudnnBackendAttributeName_t alpha, beta, convolution, input, filters, output;
};

OperationAttributes attributesOf(ConvolutionKind kind) {
  switch (kind) {
  case ConvolutionKind::GradInput:
    return {CUDNN_BACKEND_OPERATION_CONVOLUTION_BACKWARD_DATA_DESCRIPTOR,
            CUDNN_ATTR_OPERATION_CONVOLUTION_BWD_DATA_ALPHA,
            CUDNN_ATTR_OPERATION_CONVOLUTION_BWD_DATA_BETA,
            CUDNN_ATTR_OPERATION_CONVOLUTION_BWD_DATA_CONV_DESC,
            CUDNN_ATTR_OPERATION_CONVOLUTION_BWD_DATA_DX,
            CUDNN_ATTR_OPERATION_CONVOLUTION_BWD_DATA_W,
            CUDNN_ATTR_OPERATION_CONVOLUTION_BWD_DATA_DY};
  case ConvolutionKind::GradFilters:
    return {CUDNN_BACKEND_OPERATION_CONVOLUTION_BACKWARD_FILTER_DESCRIPTOR,
            CUDNN_ATTR_OPERATION_CONVOLUTION_BWD_FILTER_ALPHA,
            CUDNN_ATTR_OPERATION_CONVOLUTION_BWD_FILTER_BETA,
            CUDNN_ATTR_OPERATION_CONVOLUTION_BWD_FILTER_CONV_DESC,
            CUDNN_ATTR_OPERATION_CONVOLUTION_BWD_FILTER_X,
            CUDNN_ATTR_OPERATION_CONVOLUTION_BWD_FILTER_DW,
            CUDNN_ATTR_OPERATION_CONVOLUTION_BWD_FILTER_DY};
  case ConvolutionKind::Forward:
    break;
  }
  return {CUDNN_BACKEND_OPERATION_CONVOLUTION_FORWARD_DESCRIPTOR,
          CUDNN_ATTR_OPERATION_CONVOLUTION_FORWARD_ALPHA,
          CUDNN_ATTR_OPERATION_CONVOLUTION_FORWARD_BETA,
          CUDNN_ATTR_OPERATION_CONVOLUTION_FORWARD_CONV_DESC,
          CUDNN_ATTR_OPERATION_CONVOLUTION_FORWARD_X,
          CUDNN_ATTR_OPERATION_CONVOLUTION_FORWARD_W,
          CUDNN_ATTR_OPERATION_CONVOLUTION_FORWARD_Y};
}

// The handle attributes are deprecated from cuDNN 9.? on (a device-property
// descriptor may stand in), but every cuDNN 9 accepts them and the wheels
// next to PyTorch may be older than these headers.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
constexpr cudnnBackendAttributeName_t kGraphHandle = CUDNN_ATTR_OPERATIONGRAPH_HANDLE;
constexpr cudnnBackendAttributeName_t kPlanHandle = CUDNN_ATTR_EXECUTION_PLAN_HANDLE;
#pragma GCC diagnostic pop

/// Whether an engine configuration rounds float32 inputs (TF32 tensor
/// cores) or reduces in lower precision: results would then differ from the
/// CPU's by far more than float32 rounding.
bool lowersPrecision(const CudnnApi &api, const CudnnDescriptor &config) {
  std::string why;
  CudnnDescriptor engine(api, CUDNN_BACKEND_ENGINE_DESCRIPTOR);
  int64_t count = 0;
  cudnnBackendDescriptor_t engineHandle = engine.get();
  if (api.cudnnBackendGetAttribute(config.get(), CUDNN_ATTR_ENGINECFG_ENGINE,
                                   CUDNN_TYPE_BACKEND_DESCRIPTOR, 1, &count,
                                   &engineHandle) != CUDNN_STATUS_SUCCESS)
    return true; // unknown: not chosen
  cudnnBackendNumericalNote_t notes[CUDNN_NUMERICAL_NOTE_TYPE_COUNT];
  if (api.cudnnBackendGetAttribute(engine.get(), CUDNN_ATTR_ENGINE_NUMERICAL_NOTE,
                                   CUDNN_TYPE_NUMERICAL_NOTE, CUDNN_NUMERICAL_NOTE_TYPE_COUNT,
                                   &count, notes) != CUDNN_STATUS_SUCCESS)
    return true;
  for (int64_t i = 0; i < count; ++i)
    if (notes[i] == CUDNN_NUMERICAL_NOTE_TENSOR_CORE ||
        notes[i] == CUDNN_NUMERICAL_NOTE_DOWN_CONVERT_INPUTS ||
        notes[i] == CUDNN_NUMERICAL_NOTE_REDUCED_PRECISION_REDUCTION)
      return true;
  return false;
}

/// A plan ready to execute and the workspace it needs.
struct CudnnPlan {
  CudnnConvolutionOperation operation; // what the plan refers to, kept alive
  CudnnDescriptor graph, plan;
  int64_t workspaceBytes = 0;
};

/// The first engine configuration, in the order of the heuristics (mode A,
/// then the fallback list), that keeps float32 arithmetic and finalizes.
std::unique_ptr<CudnnPlan> makePlan(const CudnnApi &api, cudnnHandle_t handle, ConvolutionKind kind,
                                    const ConvolutionSizes &sizes,
                                    const std::array<int64_t, 3> &alignments) {
  auto result = std::make_unique<CudnnPlan>();
  result->operation = buildCudnnConvolution(api, kind, sizes, alignments);
  std::string why;
  result->graph = CudnnDescriptor(api, CUDNN_BACKEND_OPERATIONGRAPH_DESCRIPTOR);
  cudnnBackendDescriptor_t operation = result->operation.operation.get();
  if (!result->graph.set(kGraphHandle, CUDNN_TYPE_HANDLE, 1, &handle, why) ||
      !result->graph.set(CUDNN_ATTR_OPERATIONGRAPH_OPS, CUDNN_TYPE_BACKEND_DESCRIPTOR, 1,
                         &operation, why) ||
      !result->graph.finalize(why))
    throw DeviceError("cuDNN: the operation graph of the " + describeConvolution(kind, sizes) +
                      ": " + why);
  cudnnBackendDescriptor_t graph = result->graph.get();
  std::string tried;
  for (cudnnBackendHeurMode_t mode : {CUDNN_HEUR_MODE_A, CUDNN_HEUR_MODE_FALLBACK}) {
    CudnnDescriptor heuristics(api, CUDNN_BACKEND_ENGINEHEUR_DESCRIPTOR);
    if (!heuristics.set(CUDNN_ATTR_ENGINEHEUR_OPERATION_GRAPH, CUDNN_TYPE_BACKEND_DESCRIPTOR, 1,
                        &graph, why) ||
        !heuristics.set(CUDNN_ATTR_ENGINEHEUR_MODE, CUDNN_TYPE_HEUR_MODE, 1, &mode, why) ||
        !heuristics.finalize(why)) {
      tried += (tried.empty() ? "" : "; ") + why;
      continue;
    }
    int64_t available = 0;
    if (api.cudnnBackendGetAttribute(heuristics.get(), CUDNN_ATTR_ENGINEHEUR_RESULTS,
                                     CUDNN_TYPE_BACKEND_DESCRIPTOR, 0, &available,
                                     nullptr) != CUDNN_STATUS_SUCCESS ||
        available <= 0)
      continue;
    std::vector<CudnnDescriptor> configs;
    std::vector<cudnnBackendDescriptor_t> handles;
    for (int64_t i = 0; i < available; ++i) {
      configs.emplace_back(api, CUDNN_BACKEND_ENGINECFG_DESCRIPTOR);
      handles.push_back(configs.back().get());
    }
    int64_t returned = 0;
    if (api.cudnnBackendGetAttribute(heuristics.get(), CUDNN_ATTR_ENGINEHEUR_RESULTS,
                                     CUDNN_TYPE_BACKEND_DESCRIPTOR, available, &returned,
                                     handles.data()) != CUDNN_STATUS_SUCCESS)
      continue;
    for (int64_t i = 0; i < returned; ++i) {
      if (lowersPrecision(api, configs[i]))
        continue;
      CudnnDescriptor plan(api, CUDNN_BACKEND_EXECUTION_PLAN_DESCRIPTOR);
      cudnnBackendDescriptor_t config = configs[i].get();
      std::string planWhy;
      if (!plan.set(kPlanHandle, CUDNN_TYPE_HANDLE, 1, &handle, planWhy) ||
          !plan.set(CUDNN_ATTR_EXECUTION_PLAN_ENGINE_CONFIG, CUDNN_TYPE_BACKEND_DESCRIPTOR, 1,
                    &config, planWhy) ||
          !plan.finalize(planWhy))
        continue; // this engine does not take these sizes
      int64_t count = 0;
      if (api.cudnnBackendGetAttribute(plan.get(), CUDNN_ATTR_EXECUTION_PLAN_WORKSPACE_SIZE,
                                       CUDNN_TYPE_INT64, 1, &count,
                                       &result->workspaceBytes) != CUDNN_STATUS_SUCCESS)
        continue;
      result->plan = std::move(plan);
      log().debug("cuDNN plan for the {}: heuristics mode {}, configuration {} of {}, "
                      "workspace {} bytes",
                      describeConvolution(kind, sizes), static_cast<int>(mode), i, returned,
                      result->workspaceBytes);
      return result;
    }
  }
  throw DeviceError("cuDNN has no float32 engine for the " + describeConvolution(kind, sizes) +
                    (tried.empty() ? std::string() : " (" + tried + ")"));
}

using PlanKey = std::tuple<int64_t, std::array<int64_t, 17>, std::array<int64_t, 3>>;

/// A device's cuDNN handle (on its stream) and plans. cuDNN handles are not
/// safe to use from two threads at once: calls on one device take turns.
struct CudnnDeviceState {
  std::mutex mutex;
  cudnnHandle_t handle = nullptr;
  std::map<PlanKey, std::unique_ptr<CudnnPlan>> plans;
};

CudnnDeviceState &stateOf(Device &device) {
  static std::mutex mutex;
  static auto *states = new std::map<Device *, std::unique_ptr<CudnnDeviceState>>;
  std::lock_guard<std::mutex> guard(mutex);
  std::unique_ptr<CudnnDeviceState> &state = (*states)[&device];
  if (!state)
    state = std::make_unique<CudnnDeviceState>();
  return *state;
}

std::array<int64_t, 17> asArray(const ConvolutionSizes &s) {
  return {s.n,         s.c,         s.h,       s.w,        s.f,         s.kh,
          s.kw,        s.oh,        s.ow,      s.strideH,  s.strideW,   s.dilationH,
          s.dilationW, s.padTop,    s.padLeft, s.padBottom, s.padRight};
}

} // namespace

CudnnDescriptor::CudnnDescriptor(const CudnnApi &api, cudnnBackendDescriptorType_t type)
    : api(&api) {
  cudnnStatus_t status = api.cudnnBackendCreateDescriptor(type, &descriptor);
  if (status != CUDNN_STATUS_SUCCESS)
    throw DeviceError("cuDNN cannot create a descriptor of type " +
                      std::to_string(static_cast<int>(type)) + ": " + cudnnMessage(api, status));
}

CudnnDescriptor::~CudnnDescriptor() {
  if (descriptor)
    api->cudnnBackendDestroyDescriptor(descriptor);
}

CudnnDescriptor::CudnnDescriptor(CudnnDescriptor &&other) noexcept
    : api(other.api), descriptor(other.descriptor) {
  other.descriptor = nullptr;
}

CudnnDescriptor &CudnnDescriptor::operator=(CudnnDescriptor &&other) noexcept {
  if (this != &other) {
    if (descriptor)
      api->cudnnBackendDestroyDescriptor(descriptor);
    api = other.api;
    descriptor = other.descriptor;
    other.descriptor = nullptr;
  }
  return *this;
}

bool CudnnDescriptor::set(cudnnBackendAttributeName_t name, cudnnBackendAttributeType_t type,
                          int64_t count, const void *elements, std::string &why) {
  cudnnStatus_t status = api->cudnnBackendSetAttribute(descriptor, name, type, count, elements);
  if (status == CUDNN_STATUS_SUCCESS)
    return true;
  why = "attribute " + std::to_string(static_cast<int>(name)) + ": " + cudnnMessage(*api, status);
  return false;
}

bool CudnnDescriptor::finalize(std::string &why) {
  cudnnStatus_t status = api->cudnnBackendFinalize(descriptor);
  if (status == CUDNN_STATUS_SUCCESS)
    return true;
  why = cudnnMessage(*api, status);
  return false;
}

std::string describeConvolution(ConvolutionKind kind, const ConvolutionSizes &s) {
  return std::string(kindName(kind)) + " of " + shape({s.n, s.c, s.h, s.w}) + " by " +
         shape({s.f, s.c, s.kh, s.kw}) + " into " + shape({s.n, s.f, s.oh, s.ow}) +
         " (strides " + shape({s.strideH, s.strideW}) + ", dilations " +
         shape({s.dilationH, s.dilationW}) + ", padding " + std::to_string(s.padTop) + "," +
         std::to_string(s.padLeft) + "," + std::to_string(s.padBottom) + "," +
         std::to_string(s.padRight) + ")";
}

int64_t cudnnAlignment(const void *address) {
  auto bits = reinterpret_cast<uintptr_t>(address);
  int64_t alignment = 16;
  while (alignment > 1 && bits % static_cast<uintptr_t>(alignment) != 0)
    alignment /= 2;
  return alignment;
}

CudnnConvolutionOperation buildCudnnConvolution(const CudnnApi &api, ConvolutionKind kind,
                                                const ConvolutionSizes &s,
                                                const std::array<int64_t, 3> &alignments) {
  CudnnConvolutionOperation result;
  std::string why;
  auto fail = [&]() {
    throw DeviceError("cuDNN: the " + describeConvolution(kind, s) + ": " + why);
  };
  result.input = tensor(api, {s.n, s.c, s.h, s.w}, 1, alignments[0], why);
  if (why.empty())
    result.filters = tensor(api, {s.f, s.c, s.kh, s.kw}, 2, alignments[1], why);
  if (why.empty())
    result.output = tensor(api, {s.n, s.f, s.oh, s.ow}, 3, alignments[2], why);
  if (why.empty())
    result.convolution = convolution(api, s, why);
  if (!why.empty())
    fail();
  OperationAttributes names = attributesOf(kind);
  result.operation = CudnnDescriptor(api, names.type);
  float alpha = 1, beta = 0; // the result is written, not accumulated
  cudnnBackendDescriptor_t convolution = result.convolution.get(), input = result.input.get(),
                           filters = result.filters.get(), output = result.output.get();
  CudnnDescriptor &op = result.operation;
  if (!op.set(names.alpha, CUDNN_TYPE_FLOAT, 1, &alpha, why) ||
      !op.set(names.beta, CUDNN_TYPE_FLOAT, 1, &beta, why) ||
      !op.set(names.convolution, CUDNN_TYPE_BACKEND_DESCRIPTOR, 1, &convolution, why) ||
      !op.set(names.input, CUDNN_TYPE_BACKEND_DESCRIPTOR, 1, &input, why) ||
      !op.set(names.filters, CUDNN_TYPE_BACKEND_DESCRIPTOR, 1, &filters, why) ||
      !op.set(names.output, CUDNN_TYPE_BACKEND_DESCRIPTOR, 1, &output, why) || !op.finalize(why))
    fail();
  return result;
}

void runCudnnConvolution(Device &device, ConvolutionKind kind, const ConvolutionSizes &sizes,
                         void *input, void *filters, void *output) {
  std::string why;
  const CudnnApi *api = cudnnApi(&why);
  if (!api)
    throw DeviceError("the " + describeConvolution(kind, sizes) + " needs " + why);
  std::array<int64_t, 3> alignments = {cudnnAlignment(input), cudnnAlignment(filters),
                                       cudnnAlignment(output)};
  CudnnDeviceState &state = stateOf(device);
  std::lock_guard<std::mutex> guard(state.mutex);
  if (!state.handle) {
    cudnnStatus_t status = api->cudnnCreate(&state.handle);
    if (status != CUDNN_STATUS_SUCCESS) {
      state.handle = nullptr;
      throw DeviceError("cudnnCreate failed: " + cudnnMessage(*api, status));
    }
    api->cudnnSetStream(state.handle, static_cast<cudaStream_t>(cudaStream(device)));
  }
  std::unique_ptr<CudnnPlan> &plan =
      state.plans[PlanKey(static_cast<int64_t>(kind), asArray(sizes), alignments)];
  if (!plan)
    plan = makePlan(*api, state.handle, kind, sizes, alignments);

  // The workspace goes back to the pool once the work is queued: the pool
  // hands it only to later work on the same stream.
  void *workspace = plan->workspaceBytes > 0
                        ? device.allocate(static_cast<size_t>(plan->workspaceBytes))
                        : nullptr;
  struct Release {
    Device &device;
    void *pointer;
    ~Release() {
      if (pointer)
        device.deallocate(pointer);
    }
  } release{device, workspace};
  int64_t uids[3] = {1, 2, 3};
  void *pointers[3] = {input, filters, output};
  CudnnDescriptor pack(*api, CUDNN_BACKEND_VARIANT_PACK_DESCRIPTOR);
  if (!pack.set(CUDNN_ATTR_VARIANT_PACK_UNIQUE_IDS, CUDNN_TYPE_INT64, 3, uids, why) ||
      !pack.set(CUDNN_ATTR_VARIANT_PACK_DATA_POINTERS, CUDNN_TYPE_VOID_PTR, 3, pointers, why) ||
      !pack.set(CUDNN_ATTR_VARIANT_PACK_WORKSPACE, CUDNN_TYPE_VOID_PTR, 1, &workspace, why) ||
      !pack.finalize(why))
    throw DeviceError("cuDNN: the buffers of the " + describeConvolution(kind, sizes) + ": " +
                      why);
  cudnnStatus_t status = api->cudnnBackendExecute(state.handle, plan->plan.get(), pack.get());
  if (status != CUDNN_STATUS_SUCCESS)
    throw DeviceError("cuDNN failed to run the " + describeConvolution(kind, sizes) + ": " +
                      cudnnMessage(*api, status));
}

} // namespace theta
