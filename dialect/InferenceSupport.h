//===- InferenceSupport.h - helpers of the ops' inferReturnTypes ----------===//
//
// Shared by TypeInference.cpp and the files that keep an op family's
// inference next to its gradients (NNetOps.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef THETA_DIALECT_INFERENCESUPPORT_H
#define THETA_DIALECT_INFERENCESUPPORT_H

#include "dialect/ShapeUtils.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>

namespace theta {

/// Records the kind of the failure being reported (see lastInferenceError).
void setInferenceError(InferenceError kind);

namespace inference {
using namespace mlir;

/// Collects a message and emits it at the op's location when one is known;
/// `.type()` marks a wrong element type (a TypeError for the API's user).
class Failure {
public:
  Failure(std::optional<Location> location, StringRef opName)
      : location(location), opName(opName.str()), stream(text) {}
  Failure &type() {
    kind = InferenceError::Type;
    return *this;
  }
  template <typename T> Failure &operator<<(const T &value) {
    stream << value;
    return *this;
  }
  operator LogicalResult() {
    setInferenceError(kind);
    if (location)
      mlir::emitError(*location) << "'" << opName << "' op " << text;
    return failure();
  }
  template <typename T> operator FailureOr<T>() { return static_cast<LogicalResult>(*this); }

private:
  std::optional<Location> location;
  std::string opName;
  std::string text;
  llvm::raw_string_ostream stream;
  InferenceError kind = InferenceError::Shape;
};

inline RankedTensorType tensorOf(Value value) {
  return value ? dyn_cast<RankedTensorType>(value.getType()) : RankedTensorType();
}

inline std::string shapeToString(ArrayRef<int64_t> shape) {
  std::string text = "[";
  for (auto [i, size] : llvm::enumerate(shape)) {
    if (i)
      text += ", ";
    text += ShapedType::isDynamic(size) ? "?" : std::to_string(size);
  }
  return text + "]";
}

} // namespace inference
} // namespace theta

#endif // THETA_DIALECT_INFERENCESUPPORT_H
