//===- Variable.cpp - symbolic variables, inputs, shared variables --------===//
#include "api/Graph.h"
#include "dialect/ThetaOps.h"
#include "theta/Config.h"

#include "runtime/Compiler.h"

#include "mlir/IR/BuiltinAttributes.h"

namespace theta {

using detail::Graph;

namespace detail {

void emptyVariable(llvm::StringRef op, const std::string &role, SourceLocation where) {
  op.consume_front("theta.");
  throw ArgumentError(std::string(where.file) + ":" + std::to_string(where.line) + ": '" +
                      op.str() + "' got an empty (default-constructed) Variable as " + role);
}

int64_t checkedAxis(int64_t axis, int64_t ndim, const char *function, SourceLocation where) {
  int64_t normalized = axis < 0 ? axis + ndim : axis;
  if (normalized < 0 || normalized >= ndim)
    throw ArgumentError(at(where) + ": " + function + ": axis " + std::to_string(axis) +
                        " is out of range for a rank-" + std::to_string(ndim) + " tensor");
  return normalized;
}

void requireOperands(llvm::StringRef op, SourceLocation where, llvm::ArrayRef<Variable> operands) {
  for (size_t i = 0; i < operands.size(); ++i)
    if (!operands[i])
      emptyVariable(op, "operand " + std::to_string(i + 1), where);
}

namespace {
/// The node of `variable`, which `method` reads.
const Node &nodeOf(const Variable &variable, const char *method, SourceLocation where) {
  if (!variable)
    throw ArgumentError(std::string(where.file) + ":" + std::to_string(where.line) + ": " +
                        method + " of an empty (default-constructed) Variable");
  return *variable.impl();
}

mlir::RankedTensorType typeOf(const Variable &variable, const char *method,
                              SourceLocation where) {
  return llvm::cast<mlir::RankedTensorType>(nodeOf(variable, method, where).value.getType());
}
} // namespace

} // namespace detail

DType Variable::dtype(SourceLocation where) const {
  return dtypeFromMlir(detail::typeOf(*this, "dtype()", where).getElementType());
}

int64_t Variable::ndim(SourceLocation where) const {
  return detail::typeOf(*this, "ndim()", where).getRank();
}

std::vector<int64_t> Variable::staticShape(SourceLocation where) const {
  std::vector<int64_t> shape;
  for (int64_t size : detail::typeOf(*this, "staticShape()", where).getShape())
    shape.push_back(mlir::ShapedType::isDynamic(size) ? -1 : size);
  return shape;
}

const std::string &Variable::name(SourceLocation where) const {
  return detail::nodeOf(*this, "name()", where).name;
}

std::string Variable::type(SourceLocation where) const {
  static const char *kinds[] = {"scalar", "vector", "matrix", "tensor3", "tensor4"};
  int64_t rank = detail::typeOf(*this, "type()", where).getRank();
  std::string kind = rank < 5 ? kinds[rank] : std::to_string(rank) + "-d tensor";
  return std::string(dtypeName(dtype(where))) + " " + kind;
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
Variable Variable::sum(Axes axes, bool keepdims,
                       SourceLocation where) const {
  return theta::sum(*this, std::move(axes), keepdims, where);
}
Variable Variable::mean(Axes axes, bool keepdims,
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

Variable scalar(const std::string &name, DType dtype, SourceLocation where) {
  return tensor(dtype, 0, name, where);
}
Variable vector(const std::string &name, DType dtype, SourceLocation where) {
  return tensor(dtype, 1, name, where);
}
Variable matrix(const std::string &name, DType dtype, SourceLocation where) {
  return tensor(dtype, 2, name, where);
}
Variable tensor3(const std::string &name, DType dtype, SourceLocation where) {
  return tensor(dtype, 3, name, where);
}
Variable tensor4(const std::string &name, DType dtype, SourceLocation where) {
  return tensor(dtype, 4, name, where);
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
THETA_TYPED_CONSTRUCTORS(b, DType::Int8) // Theano's b* are int8
THETA_TYPED_CONSTRUCTORS(w, DType::Int16)
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

Array SharedVariable::get_value(SourceLocation where) const {
  std::lock_guard<std::mutex> guard(detail::nodeOf(*this, "get_value()", where).shared->mutex);
  const Array &value = impl()->shared->value;
  return value.onHost() ? value.clone() : value.toHost(); // a GPU's value comes back
}

void SharedVariable::set_value(const Array &value, SourceLocation where) {
  detail::nodeOf(*this, "set_value()", where);
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
  return graph.build1<ConstantOp>(
      {}, {detail::named<ConstantOp>(&ConstantOp::getValueAttrName, attr)}, where);
}

} // namespace theta
