//===- Variable.cpp - symbolic variables, inputs, shared variables --------===//
#include "api/Graph.h"
#include "theta/Config.h"

#include "runtime/Compiler.h"

#include "mlir/IR/BuiltinAttributes.h"

namespace theta {

using detail::Graph;

DType Variable::dtype() const { return dtypeFromMlir(detail::tensorType(*this).getElementType()); }

int64_t Variable::ndim() const { return detail::tensorType(*this).getRank(); }

std::vector<int64_t> Variable::staticShape() const {
  std::vector<int64_t> shape;
  for (int64_t size : detail::tensorType(*this).getShape())
    shape.push_back(mlir::ShapedType::isDynamic(size) ? -1 : size);
  return shape;
}

const std::string &Variable::name() const { return node->name; }

std::string Variable::type() const {
  static const char *kinds[] = {"scalar", "vector", "matrix", "tensor3", "tensor4"};
  int64_t rank = ndim();
  std::string kind = rank < 5 ? kinds[rank] : std::to_string(rank) + "-d tensor";
  return std::string(dtypeName(dtype())) + " " + kind;
}

Variable Variable::dimshuffle(std::vector<int64_t> pattern, SourceLocation where) const {
  return theta::dimshuffle(*this, std::move(pattern), where);
}
Variable Variable::reshape(std::vector<int64_t> shape, SourceLocation where) const {
  return theta::reshape(*this, std::move(shape), where);
}
Variable Variable::flatten(int64_t ndim, SourceLocation where) const {
  return theta::flatten(*this, ndim, where);
}
Variable Variable::T(SourceLocation where) const { return theta::transpose(*this, where); }
Variable Variable::astype(DType dtype, SourceLocation where) const {
  return theta::cast(*this, dtype, where);
}
Variable Variable::sum(std::optional<std::vector<int64_t>> axes, bool keepdims,
                       SourceLocation where) const {
  return theta::sum(*this, std::move(axes), keepdims, where);
}
Variable Variable::mean(std::optional<std::vector<int64_t>> axes, bool keepdims,
                        SourceLocation where) const {
  return theta::mean(*this, std::move(axes), keepdims, where);
}

DType floatX() { return config().floatX; }

Variable tensor(DType dtype, int64_t ndim, const std::string &name, SourceLocation where) {
  Graph &graph = Graph::instance();
  std::lock_guard<std::recursive_mutex> guard(graph.mutex());
  llvm::SmallVector<int64_t> shape(ndim, mlir::ShapedType::kDynamic);
  auto type = mlir::RankedTensorType::get(shape, mlirElementType(graph.context(), dtype));
  return graph.addArgument(type, name, where);
}

Variable scalar(const std::string &name, SourceLocation where) {
  return tensor(floatX(), 0, name, where);
}
Variable vector(const std::string &name, SourceLocation where) {
  return tensor(floatX(), 1, name, where);
}
Variable matrix(const std::string &name, SourceLocation where) {
  return tensor(floatX(), 2, name, where);
}
Variable tensor3(const std::string &name, SourceLocation where) {
  return tensor(floatX(), 3, name, where);
}
Variable tensor4(const std::string &name, SourceLocation where) {
  return tensor(floatX(), 4, name, where);
}

#define THETA_TYPED_CONSTRUCTORS(prefix, dtype)                                            \
  Variable prefix##scalar(const std::string &name, SourceLocation where) {                  \
    return tensor(dtype, 0, name, where);                                                   \
  }                                                                                         \
  Variable prefix##vector(const std::string &name, SourceLocation where) {                  \
    return tensor(dtype, 1, name, where);                                                   \
  }                                                                                         \
  Variable prefix##matrix(const std::string &name, SourceLocation where) {                  \
    return tensor(dtype, 2, name, where);                                                   \
  }                                                                                         \
  Variable prefix##tensor3(const std::string &name, SourceLocation where) {                 \
    return tensor(dtype, 3, name, where);                                                   \
  }                                                                                         \
  Variable prefix##tensor4(const std::string &name, SourceLocation where) {                 \
    return tensor(dtype, 4, name, where);                                                   \
  }
THETA_TYPED_CONSTRUCTORS(f, DType::Float32)
THETA_TYPED_CONSTRUCTORS(d, DType::Float64)
THETA_TYPED_CONSTRUCTORS(i, DType::Int32)
THETA_TYPED_CONSTRUCTORS(l, DType::Int64)
THETA_TYPED_CONSTRUCTORS(b, DType::Bool)
#undef THETA_TYPED_CONSTRUCTORS

SharedVariable shared(const Array &value, const std::string &name, SourceLocation where) {
  Graph &graph = Graph::instance();
  std::lock_guard<std::recursive_mutex> guard(graph.mutex());
  auto storage = std::make_shared<detail::SharedStorage>();
  storage->value = value.clone();
  // Like Theano's shared variables, the graph knows the rank, not the sizes:
  // set_value may change them, and each call specializes to the current ones.
  llvm::SmallVector<int64_t> shape(value.rank(), mlir::ShapedType::kDynamic);
  auto type =
      mlir::RankedTensorType::get(shape, mlirElementType(graph.context(), value.dtype()));
  return SharedVariable(graph.addArgument(type, name, where, storage).impl());
}

Array SharedVariable::get_value() const {
  std::lock_guard<std::mutex> guard(impl()->shared->mutex);
  return impl()->shared->value.clone();
}

void SharedVariable::set_value(const Array &value) {
  if (value.dtype() != dtype() || value.rank() != ndim())
    throw TypeError("set_value on " + detail::describe(*this) + ": got a " +
                    dtypeName(value.dtype()) + " array of shape " + shapeString(value.shape()) +
                    "; the dtype and rank must stay " + type());
  std::lock_guard<std::mutex> guard(impl()->shared->mutex);
  impl()->shared->value = value.clone();
}

Variable constant(const Array &value, SourceLocation where) {
  Graph &graph = Graph::instance();
  std::lock_guard<std::recursive_mutex> guard(graph.mutex());
  mlir::MLIRContext &context = graph.context();
  auto type = mlir::RankedTensorType::get(value.shape(), mlirElementType(context, value.dtype()));
  mlir::DenseElementsAttr attr;
  if (value.dtype() == DType::Bool) {
    llvm::SmallVector<bool> bits;
    for (int64_t i = 0; i < value.size(); ++i)
      bits.push_back(value.at(i) != 0);
    attr = mlir::DenseElementsAttr::get(type, bits);
  } else {
    attr = mlir::DenseElementsAttr::getFromRawBuffer(
        type, llvm::ArrayRef<char>(static_cast<const char *>(value.raw()), value.bytes()));
  }
  mlir::NamedAttribute named(mlir::StringAttr::get(&context, "value"), attr);
  return graph.build1("theta.constant", {}, {named}, where);
}

} // namespace theta
