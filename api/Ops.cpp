//===- Ops.cpp - operators and functions on Variables ---------------------===//
//
// Theano/NumPy conventions on top of the dialect: ranks aligned by
// left-padding, dtypes promoted, numbers turned into constants.
//
//===----------------------------------------------------------------------===//
#include "api/Graph.h"
#include "dialect/ShapeUtils.h"
#include "dialect/ThetaOps.h"
#include "theta/Composites.h"
#include "theta/Config.h"

#include "runtime/Compiler.h"

#include "mlir/IR/BuiltinAttributes.h"

namespace theta {

using detail::Graph;
using detail::named;
using detail::requireOperands;
using detail::valueOf;

namespace {

mlir::Builder builder() { return mlir::Builder(&Graph::instance().context()); }

/// Order within a kind: bool < int8, uint8 < int16 < int32 < int64, and
/// float16 < float32 < float64.
int rankOf(DType dtype) {
  switch (dtype) {
  case DType::Bool:
    return 0;
  case DType::Int8:
  case DType::UInt8:
    return 1;
  case DType::Int16:
    return 2;
  case DType::Int32:
    return 3;
  case DType::Int64:
    return 4;
  case DType::Float16:
    return 1;
  case DType::Float32:
    return 2;
  case DType::Float64:
    return 3;
  }
  return 0;
}

/// The narrowest float that holds every value of an integer dtype exactly
/// enough for NumPy: int8 -> float16, int16 -> float32, wider -> float64.
DType floatHolding(DType integer) {
  switch (integer) {
  case DType::Bool:
  case DType::Int8:
  case DType::UInt8:
    return DType::Float16;
  case DType::Int16:
    return DType::Float32;
  default:
    return DType::Float64;
  }
}

/// NumPy's promotion of two array dtypes (int32 with float32 gives float64,
/// int8 with float16 stays float16, uint8 with int8 gives int16).
DType promote(DType a, DType b) {
  if (a == b)
    return a;
  bool aFloat = isFloat(a), bFloat = isFloat(b);
  if (aFloat != bFloat) {
    DType floating = aFloat ? a : b, integer = aFloat ? b : a;
    DType needed = floatHolding(integer);
    return rankOf(needed) > rankOf(floating) ? needed : floating;
  }
  // uint8 and a signed integer: the narrowest signed type holding both.
  if ((a == DType::UInt8 && b != DType::Bool) || (b == DType::UInt8 && a != DType::Bool)) {
    DType other = a == DType::UInt8 ? b : a;
    return rankOf(other) > rankOf(DType::Int16) ? other : DType::Int16;
  }
  return rankOf(a) > rankOf(b) ? a : b;
}

/// The float dtype an integer tensor computes in for float-only ops.
DType floatFor(DType dtype) { return isFloat(dtype) ? dtype : DType::Float64; }

Variable numberConstant(double number, DType dtype, SourceLocation where) {
  return constant(Array::full(dtype, {}, number), where);
}

/// Throws for an Operand made from an empty Variable, operand `index` of `op`.
void checkOperand(llvm::StringRef op, const Operand &operand, size_t index, SourceLocation where) {
  if (operand.isVariable && !operand.variable)
    detail::emptyVariable(op, "operand " + std::to_string(index), where);
}

/// A C++ number takes the dtype of the tensor it meets (value-based casting),
/// unless it is fractional and the tensor is integral.
Variable materialize(const Operand &operand, std::optional<DType> like, SourceLocation where) {
  checkOperand("an op", operand, 0, where); // each entry point has checked it, with its name
  if (operand.isVariable)
    return operand.variable;
  DType dtype = like.value_or(operand.isInteger ? DType::Int64 : floatX());
  if (!operand.isInteger && !isFloat(dtype))
    dtype = floatX();
  return numberConstant(operand.number, dtype, where);
}

Variable castTo(const Variable &x, DType dtype, SourceLocation where) {
  return x.dtype() == dtype ? x : cast(x, dtype, where);
}

/// Left-pads `x` with broadcastable dimensions up to `rank`.
Variable padRank(const Variable &x, int64_t rank, SourceLocation where) {
  int64_t missing = rank - x.ndim();
  if (missing <= 0)
    return x;
  std::vector<int64_t> pattern(missing, newaxis);
  for (int64_t d = 0; d < x.ndim(); ++d)
    pattern.push_back(d);
  return dimshuffle(x, pattern, where);
}

/// Numbers to constants, common dtype (if `sameDType`), common rank.
std::vector<Variable> prepare(llvm::StringRef op, std::vector<Operand> operands,
                              SourceLocation where, bool sameDType = true,
                              std::optional<DType> forced = {}) {
  for (size_t i = 0; i < operands.size(); ++i)
    checkOperand(op, operands[i], i + 1, where);
  std::optional<DType> like;
  for (const Operand &operand : operands)
    if (operand.isVariable)
      like = like ? promote(*like, operand.variable.dtype()) : operand.variable.dtype();
  std::vector<Variable> variables;
  int64_t rank = 0;
  for (const Operand &operand : operands) {
    variables.push_back(materialize(operand, like, where));
    rank = std::max(rank, variables.back().ndim());
  }
  if (sameDType || forced) {
    DType target = forced ? *forced : variables.front().dtype();
    if (!forced)
      for (const Variable &v : variables)
        target = promote(target, v.dtype());
    for (Variable &v : variables)
      v = castTo(v, target, where);
  }
  for (Variable &v : variables)
    v = padRank(v, rank, where);
  return variables;
}

template <typename OpT> Variable binary(Operand a, Operand b, SourceLocation where) {
  std::vector<Variable> v = prepare(OpT::getOperationName(), {a, b}, where);
  return Graph::instance().build1<OpT>({valueOf(v[0], where), valueOf(v[1], where)}, {}, where);
}

template <typename OpT> Variable floatBinary(Operand a, Operand b, SourceLocation where) {
  std::vector<Variable> v = prepare(OpT::getOperationName(), {a, b}, where);
  DType dtype = floatFor(v[0].dtype());
  Variable lhs = castTo(v[0], dtype, where), rhs = castTo(v[1], dtype, where);
  return Graph::instance().build1<OpT>({valueOf(lhs, where), valueOf(rhs, where)}, {}, where);
}

template <typename OpT> Variable unary(const Variable &x, SourceLocation where) {
  requireOperands(OpT::getOperationName(), where, {x});
  return Graph::instance().build1<OpT>({valueOf(x, where)}, {}, where);
}

template <typename OpT> Variable floatUnary(const Variable &x, SourceLocation where) {
  requireOperands(OpT::getOperationName(), where, {x});
  Variable input = castTo(x, floatFor(x.dtype()), where);
  return Graph::instance().build1<OpT>({valueOf(input, where)}, {}, where);
}

/// A test of each element of a float tensor; integers are never NaN or
/// infinite, so their result is all false.
template <typename OpT> Variable predicateUnary(const Variable &x, SourceLocation where) {
  requireOperands(OpT::getOperationName(), where, {x});
  if (!isFloat(x.dtype()))
    return neq(x, x, where);
  return Graph::instance().build1<OpT>({valueOf(x, where)}, {}, where);
}

template <typename OpT>
Variable reduction(const Variable &x, std::optional<std::vector<int64_t>> axes, bool keepdims,
                   SourceLocation where) {
  requireOperands(OpT::getOperationName(), where, {x});
  mlir::Builder b = builder();
  llvm::SmallVector<mlir::NamedAttribute> attributes;
  if (axes)
    attributes.push_back(named<OpT>(&OpT::getAxesAttrName, b.getDenseI64ArrayAttr(*axes)));
  if (keepdims)
    attributes.push_back(named<OpT>(&OpT::getKeepdimsAttrName, b.getUnitAttr()));
  return Graph::instance().build1<OpT>({valueOf(x, where)}, attributes, where);
}

mlir::Type elementType(DType dtype) {
  return mlirElementType(Graph::instance().context(), dtype);
}

} // namespace

Variable add(Operand a, Operand b, SourceLocation where) { return binary<AddOp>(a, b, where); }
Variable sub(Operand a, Operand b, SourceLocation where) { return binary<SubOp>(a, b, where); }
Variable mul(Operand a, Operand b, SourceLocation where) { return binary<MulOp>(a, b, where); }
Variable true_div(Operand a, Operand b, SourceLocation where) {
  return floatBinary<DivOp>(a, b, where);
}
Variable pow(Operand a, Operand b, SourceLocation where) { return floatBinary<PowOp>(a, b, where); }
Variable maximum(Operand a, Operand b, SourceLocation where) {
  return binary<MaximumOp>(a, b, where);
}
Variable minimum(Operand a, Operand b, SourceLocation where) {
  return binary<MinimumOp>(a, b, where);
}
Variable gt(Operand a, Operand b, SourceLocation where) { return binary<GtOp>(a, b, where); }
Variable ge(Operand a, Operand b, SourceLocation where) { return binary<GeOp>(a, b, where); }
Variable lt(Operand a, Operand b, SourceLocation where) { return binary<LtOp>(a, b, where); }
Variable le(Operand a, Operand b, SourceLocation where) { return binary<LeOp>(a, b, where); }
Variable eq(Operand a, Operand b, SourceLocation where) { return binary<EqOp>(a, b, where); }
Variable neq(Operand a, Operand b, SourceLocation where) { return binary<NeOp>(a, b, where); }
Variable and_(Operand a, Operand b, SourceLocation where) { return binary<AndOp>(a, b, where); }
Variable or_(Operand a, Operand b, SourceLocation where) { return binary<OrOp>(a, b, where); }

Variable operator+(Operand a, Operand b) { return add(a, b, a.where); }
Variable operator-(Operand a, Operand b) { return sub(a, b, a.where); }
Variable operator*(Operand a, Operand b) { return mul(a, b, a.where); }
Variable operator/(Operand a, Operand b) { return true_div(a, b, a.where); }
Variable operator-(Operand a) {
  checkOperand("neg", a, 1, a.where);
  return neg(materialize(a, std::nullopt, a.where), a.where);
}
Variable operator>(Operand a, Operand b) { return gt(a, b, a.where); }
Variable operator>=(Operand a, Operand b) { return ge(a, b, a.where); }
Variable operator<(Operand a, Operand b) { return lt(a, b, a.where); }
Variable operator<=(Operand a, Operand b) { return le(a, b, a.where); }
Variable operator&(Operand a, Operand b) { return and_(a, b, a.where); }
Variable operator|(Operand a, Operand b) { return or_(a, b, a.where); }
Variable operator~(Operand a) {
  checkOperand("not", a, 1, a.where);
  return not_(materialize(a, DType::Bool, a.where), a.where);
}

Variable neg(const Variable &x, SourceLocation where) { return unary<NegOp>(x, where); }
Variable abs(const Variable &x, SourceLocation where) { return unary<AbsOp>(x, where); }
Variable sgn(const Variable &x, SourceLocation where) { return unary<SignOp>(x, where); }
#define THETA_FLOAT_UNARY(name, Op)                                                                \
  Variable name(const Variable &x, SourceLocation where) { return floatUnary<Op>(x, where); }
#define THETA_PREDICATE_UNARY(name, Op)                                                            \
  Variable name(const Variable &x, SourceLocation where) { return predicateUnary<Op>(x, where); }
#include "theta/ElementwiseOps.def"
Variable not_(const Variable &x, SourceLocation where) { return unary<NotOp>(x, where); }
Variable sqr(const Variable &x, SourceLocation where) { return mul(x, x, where); }
Variable shape(const Variable &x, SourceLocation where) { return unary<ShapeOp>(x, where); }

namespace {
/// A condition as Theano reads it: numbers are true where non-zero.
Variable truthOf(const Variable &condition, SourceLocation where) {
  return condition.dtype() == DType::Bool ? condition : neq(condition, 0, where);
}
} // namespace

Variable switch_(Operand condition, Operand a, Operand b, SourceLocation where) {
  checkOperand("switch", condition, 1, where);
  checkOperand("switch", a, 2, where);
  checkOperand("switch", b, 3, where);
  std::vector<Variable> values = prepare("switch", {a, b}, where);
  Variable cond = truthOf(materialize(condition, DType::Bool, where), where);
  int64_t rank = std::max({cond.ndim(), values[0].ndim(), values[1].ndim()});
  cond = padRank(cond, rank, where);
  for (Variable &v : values)
    v = padRank(v, rank, where);
  return Graph::instance().build1<SelectOp>(
      {valueOf(cond, where), valueOf(values[0], where), valueOf(values[1], where)}, {}, where);
}

std::vector<Variable> ifelse(Operand condition, const std::vector<Variable> &then_values,
                             const std::vector<Variable> &else_values, SourceLocation where) {
  checkOperand("ifelse", condition, 1, where);
  requireOperands("ifelse", where, then_values);
  requireOperands("ifelse", where, else_values);
  if (then_values.size() != else_values.size())
    throw ArgumentError(detail::at(where, ": ifelse: ") + std::to_string(then_values.size()) +
                        " values in the then branch but " + std::to_string(else_values.size()) +
                        " in the else branch");
  Variable cond = truthOf(materialize(condition, DType::Bool, where), where);
  // The promoted values are held as Variables until the op is built (a
  // node whose last Variable goes is erased).
  std::vector<Variable> held{cond};
  for (const auto *branch : {&then_values, &else_values})
    for (size_t i = 0; i < branch->size(); ++i)
      held.push_back(
          castTo((*branch)[i], promote(then_values[i].dtype(), else_values[i].dtype()), where));
  llvm::SmallVector<mlir::Value> operands;
  for (const Variable &operand : held)
    operands.push_back(valueOf(operand, where));
  auto count = static_cast<int32_t>(then_values.size());
  return Graph::instance().build<IfElseOp>(
      operands,
      {named<IfElseOp>(&IfElseOp::getOperandSegmentSizesAttrName,
                       builder().getDenseI32ArrayAttr({1, count, count}))},
      where, static_cast<unsigned>(count));
}

Variable ifelse(Operand condition, const Variable &then_value, const Variable &else_value,
                SourceLocation where) {
  return ifelse(std::move(condition), std::vector<Variable>{then_value},
                std::vector<Variable>{else_value}, where)
      .front();
}

Variable cast(const Variable &x, DType dtype, SourceLocation where) {
  requireOperands("cast", where, {x});
  return Graph::instance().build1<CastOp>(
      {valueOf(x, where)},
      {named<CastOp>(&CastOp::getDtypeAttrName, mlir::TypeAttr::get(elementType(dtype)))}, where);
}

Variable detail::productOp(const Variable &a, const Variable &b, SourceLocation where) {
  requireOperands("dot", where, {a, b});
  DType dtype = promote(a.dtype(), b.dtype());
  return Graph::instance().build1<DotOp>(
      {valueOf(castTo(a, dtype, where), where), valueOf(castTo(b, dtype, where), where)}, {},
      where);
}

Variable dot(const Variable &a, const Variable &b, SourceLocation where) {
  requireOperands("dot", where, {a, b});
  int64_t rankA = a.ndim(where), rankB = b.ndim(where);
  // np.dot / T.dot: a scalar scales; otherwise a's last axis meets b's
  // second-to-last (its only one for a vector), so a rank-3 operand is not
  // a batched product (that is batched_dot).
  if (rankA == 0 || rankB == 0)
    return mul(a, b, where);
  if (rankA > 2 || rankB > 2)
    return tensordot(a, b, std::vector<int64_t>{rankA - 1},
                     std::vector<int64_t>{std::max<int64_t>(rankB - 2, 0)}, where);
  return detail::productOp(a, b, where);
}

Variable sum(const Variable &x, Axes axes, bool keepdims,
             SourceLocation where) {
  return reduction<SumOp>(x, std::move(axes), keepdims, where);
}
Variable prod(const Variable &x, Axes axes, bool keepdims,
              SourceLocation where) {
  return reduction<ProdOp>(x, std::move(axes), keepdims, where);
}
Variable max(const Variable &x, Axes axes, bool keepdims,
             SourceLocation where) {
  return reduction<MaxOp>(x, std::move(axes), keepdims, where);
}
Variable min(const Variable &x, Axes axes, bool keepdims,
             SourceLocation where) {
  return reduction<MinOp>(x, std::move(axes), keepdims, where);
}
Variable mean(const Variable &x, Axes axes, bool keepdims,
              SourceLocation where) {
  requireOperands("mean", where, {x});
  return reduction<MeanOp>(castTo(x, floatFor(x.dtype()), where), std::move(axes), keepdims, where);
}
Variable argmax(const Variable &x, std::optional<int64_t> axis, bool keepdims,
                SourceLocation where) {
  std::optional<std::vector<int64_t>> axes;
  if (axis)
    axes = std::vector<int64_t>{*axis};
  return reduction<ArgmaxOp>(x, axes, keepdims, where);
}

namespace {
/// The static_shape attribute (kDynamic for symbolic sizes) and, after
/// `leading`, one int64 scalar operand per symbolic size.
llvm::SmallVector<mlir::Value> shapeOperands(llvm::StringRef op, const Sizes &shape,
                                             std::vector<Variable> &keep,
                                             std::vector<int64_t> &statics,
                                             SourceLocation where) {
  llvm::SmallVector<mlir::Value> dynamic;
  for (const Size &size : shape.entries) {
    if (!size.symbolic) {
      statics.push_back(size.value);
      continue;
    }
    if (size.symbolic.ndim() != 0 || isFloat(size.symbolic.dtype()) ||
        size.symbolic.dtype() == DType::Bool)
      throw TypeError(std::string(where.file) + ":" + std::to_string(where.line) + ": " +
                      op.str() + ": a symbolic size must be a rank-0 integer, got " +
                      detail::describe(size.symbolic));
    keep.push_back(cast(size.symbolic, DType::Int64, where));
    dynamic.push_back(valueOf(keep.back(), where));
    statics.push_back(mlir::ShapedType::kDynamic);
  }
  return dynamic;
}

/// Builds an OpT on `operands` then one per symbolic size of `shape`,
/// with its static_shape attribute added to `attributes`.
template <typename OpT>
Variable buildShaped(llvm::SmallVector<mlir::Value> operands, const Sizes &shape,
                     llvm::SmallVector<mlir::NamedAttribute> attributes, SourceLocation where) {
  std::vector<Variable> keep; // the size casts stay alive until the op uses them
  std::vector<int64_t> statics;
  for (mlir::Value size : shapeOperands(OpT::getOperationName(), shape, keep, statics, where))
    operands.push_back(size);
  attributes.push_back(
      named<OpT>(&OpT::getStaticShapeAttrName, builder().getDenseI64ArrayAttr(statics)));
  return Graph::instance().build1<OpT>(operands, attributes, where);
}

} // namespace

Variable reshape(const Variable &x, const Sizes &shape, SourceLocation where) {
  requireOperands("reshape", where, {x});
  return buildShaped<ReshapeOp>({valueOf(x, where)}, shape, {}, where);
}

Variable dimshuffle(const Variable &x, std::vector<int64_t> pattern, SourceLocation where) {
  requireOperands("dimshuffle", where, {x});
  return Graph::instance().build1<DimShuffleOp>(
      {valueOf(x, where)},
      {named<DimShuffleOp>(&DimShuffleOp::getPatternAttrName,
                           builder().getDenseI64ArrayAttr(pattern))},
      where);
}

Variable flatten(const Variable &x, int64_t ndim, SourceLocation where) {
  requireOperands("flatten", where, {x});
  return Graph::instance().build1<FlattenOp>(
      {valueOf(x, where)},
      {named<FlattenOp>(&FlattenOp::getNdimAttrName, builder().getI64IntegerAttr(ndim))}, where);
}

Variable transpose(const Variable &x, SourceLocation where) {
  requireOperands("transpose", where, {x});
  std::vector<int64_t> pattern;
  for (int64_t d = x.ndim() - 1; d >= 0; --d)
    pattern.push_back(d);
  return dimshuffle(x, pattern, where);
}

Variable concatenate(const std::vector<Variable> &xs, int64_t axis, SourceLocation where) {
  if (xs.empty())
    throw ArgumentError(std::string(where.file) + ":" + std::to_string(where.line) +
                        ": concatenate needs at least one tensor");
  requireOperands("concatenate", where, xs);
  DType dtype = xs.front().dtype();
  for (const Variable &x : xs)
    dtype = promote(dtype, x.dtype());
  // The cast nodes stay alive (held) until the concatenation uses them.
  std::vector<Variable> casts;
  llvm::SmallVector<mlir::Value> values;
  for (const Variable &x : xs) {
    casts.push_back(castTo(x, dtype, where));
    values.push_back(valueOf(casts.back(), where));
  }
  return Graph::instance().build1<ConcatenateOp>(
      values,
      {named<ConcatenateOp>(&ConcatenateOp::getAxisAttrName, builder().getI64IntegerAttr(axis))},
      where);
}

namespace {

/// The attributes and dynamic operands of a subtensor-like op.
struct SliceDescription {
  std::vector<int64_t> starts, sizes, steps, drop;
  llvm::SmallVector<mlir::Value> dynamicStarts;
  int64_t sliceRank = 0;
  /// Empty, or per dimension a Python stop (kDynamic: none; see theta.subtensor).
  std::vector<int64_t> stops;
};

[[noreturn]] void indexError(SourceLocation where, const std::string &message) {
  throw ShapeError(std::string(where.file) + ":" + std::to_string(where.line) + ": " + message);
}

SliceDescription describeSlices(llvm::StringRef op, const Variable &x,
                                const std::vector<Index> &indices, SourceLocation where) {
  requireOperands(op, where, {x});
  if (static_cast<int64_t>(indices.size()) > x.ndim())
    indexError(where, "too many indices (" + std::to_string(indices.size()) + ") for " +
                          detail::describe(x));
  std::vector<int64_t> dims = x.staticShape();
  SliceDescription d;
  for (int64_t axis = 0; axis < x.ndim(); ++axis) {
    int64_t dim = dims[axis];
    Index index = axis < static_cast<int64_t>(indices.size()) ? indices[axis] : Index(Slice());
    if (!index.isSlice) {
      d.drop.push_back(axis);
      d.sizes.push_back(1);
      d.steps.push_back(1);
      if (index.integer) {
        d.starts.push_back(*index.integer);
      } else {
        const Variable &i = index.symbolic;
        if (!i)
          detail::emptyVariable(op, "index " + std::to_string(axis), where);
        if (i.ndim() != 0 || isFloat(i.dtype()) || i.dtype() == DType::Bool)
          indexError(where, "a symbolic index must be an integer scalar, got " +
                                detail::describe(i));
        d.starts.push_back(mlir::ShapedType::kDynamic);
        d.dynamicStarts.push_back(valueOf(i, where));
      }
      continue;
    }
    const Slice &s = index.slice;
    ++d.sliceRank;
    if (s.step < 1)
      indexError(where, "slice steps must be positive, got " + std::to_string(s.step));
    d.steps.push_back(s.step);
    if (!s.symbolicStart && s.length >= 0 && !s.start) // Slice::from(Variable(), n)
      detail::emptyVariable(op, "the start of the slice of dimension " + std::to_string(axis),
                            where);
    if (!s.symbolicStart && s.length >= 0) { // Slice::exactly(start, n)
      if (s.step != 1)
        indexError(where, "an exact slice takes consecutive elements (step 1)");
      d.starts.push_back(s.length == 0 ? 0 : *s.start);
      d.sizes.push_back(s.length);
      continue;
    }
    if (s.symbolicStart) {
      if (s.symbolicStart.ndim() != 0 || isFloat(s.symbolicStart.dtype()))
        indexError(where, "a symbolic slice start must be an integer scalar");
      d.starts.push_back(mlir::ShapedType::kDynamic);
      d.dynamicStarts.push_back(valueOf(s.symbolicStart, where));
      d.sizes.push_back(s.length);
      continue;
    }
    int64_t start = s.start.value_or(0);
    if (dim >= 0) { // Python's slice, with the size known: may be shorter or empty.
      std::optional<std::pair<int64_t, int64_t>> slice =
          pythonSlice(dim, start, s.stop.value_or(kNoStop), s.step);
      d.starts.push_back(slice->first);
      d.sizes.push_back(slice->second);
      continue;
    }
    if (start == 0 && !s.stop) { // x[:] and x[::k]
      d.starts.push_back(0);
      d.sizes.push_back(-1);
      continue;
    }
    // Python's slice, clipped once the call's shapes are known.
    d.starts.push_back(start);
    d.sizes.push_back(-1);
    d.stops.resize(static_cast<size_t>(x.ndim()), mlir::ShapedType::kDynamic);
    d.stops[static_cast<size_t>(axis)] = s.stop.value_or(kNoStop);
  }
  return d;
}

template <typename OpT>
llvm::SmallVector<mlir::NamedAttribute> sliceAttributes(const SliceDescription &d) {
  mlir::Builder b = builder();
  return {named<OpT>(&OpT::getStaticStartsAttrName, b.getDenseI64ArrayAttr(d.starts)),
          named<OpT>(&OpT::getSizesAttrName, b.getDenseI64ArrayAttr(d.sizes)),
          named<OpT>(&OpT::getStepsAttrName, b.getDenseI64ArrayAttr(d.steps)),
          named<OpT>(&OpT::getDropAttrName, b.getDenseI64ArrayAttr(d.drop)),
          named<OpT>(&OpT::getStopsAttrName, b.getDenseI64ArrayAttr(d.stops))};
}

template <typename OpT>
Variable subtensorUpdate(const Variable &x, const std::vector<Index> &indices, Operand value,
                         SourceLocation where) {
  llvm::StringRef op = OpT::getOperationName();
  SliceDescription d = describeSlices(op, x, indices, where);
  checkOperand(op, value, 2, where);
  Variable v = castTo(materialize(value, x.dtype(), where), x.dtype(), where);
  v = padRank(v, d.sliceRank, where);
  llvm::SmallVector<mlir::Value> operands{valueOf(x, where)};
  operands.append(d.dynamicStarts.begin(), d.dynamicStarts.end());
  operands.push_back(valueOf(v, where));
  return Graph::instance().build1<OpT>(operands, sliceAttributes<OpT>(d), where);
}

} // namespace

namespace {
/// The indices x[start:stop:step] (step < 0) reads along a dimension of
/// `size` elements (static, or symbolic with the default bounds), as Python
/// does: int64, for take.
Variable negativeStepIndices(const Slice &s, const Size &size, SourceLocation where) {
  int64_t step = s.step;
  if (size.symbolic) {
    if (s.start || s.stop || step != -1)
      indexError(where, "a slice with step " + std::to_string(step) +
                            " and bounds needs the dimension's size when the graph is built; "
                            "only x[::-1] works on a dimension of unknown size");
    // (n - 1) - iota(n)
    Variable n = cast(size.symbolic, DType::Int64, where);
    return sub(sub(n, 1, where), arange(Size(n), DType::Int64, where), where);
  }
  int64_t n = size.value;
  auto clampBound = [&](int64_t bound) {
    if (bound < 0)
      bound += n;
    return std::clamp<int64_t>(bound, -1, n - 1);
  };
  int64_t start = s.start ? clampBound(*s.start) : n - 1;
  int64_t stop = s.stop ? clampBound(*s.stop) : -1;
  return arange(start, stop, step, DType::Int64, where);
}
} // namespace

Variable subtensor(const Variable &x, const std::vector<Index> &given, SourceLocation where) {
  // Negative steps: the dimension is taken whole here, then reordered with
  // take (whose gradient is index_add), Python's semantics for the bounds.
  std::vector<Index> indices = given;
  std::vector<std::pair<int64_t, Slice>> reversed; // (result axis, slice)
  int64_t resultAxis = 0;
  for (Index &index : indices) {
    if (!index.isSlice)
      continue;
    if (index.slice.step < 0) {
      if (index.slice.symbolicStart)
        indexError(where, "a slice with a symbolic start needs a positive step");
      reversed.emplace_back(resultAxis, index.slice);
      index = Index(Slice::all(), where);
    }
    ++resultAxis;
  }
  if (!reversed.empty()) {
    Variable whole = subtensor(x, indices, where);
    for (const auto &[axis, slice] : reversed) {
      int64_t known = whole.staticShape()[static_cast<size_t>(axis)];
      Size size = known >= 0 ? Size(known) : Size(whole.shape(where)[{Index(axis, where)}]);
      whole = take(whole, negativeStepIndices(slice, size, where), axis, where);
    }
    return whole;
  }
  SliceDescription d = describeSlices("subtensor", x, indices, where);
  llvm::SmallVector<mlir::Value> operands{valueOf(x, where)};
  operands.append(d.dynamicStarts.begin(), d.dynamicStarts.end());
  return Graph::instance().build1<SubtensorOp>(operands, sliceAttributes<SubtensorOp>(d), where);
}

Variable set_subtensor(const Variable &x, const std::vector<Index> &indices, Operand value,
                       SourceLocation where) {
  return subtensorUpdate<SetSubtensorOp>(x, indices, value, where);
}

Variable inc_subtensor(const Variable &x, const std::vector<Index> &indices, Operand value,
                       SourceLocation where) {
  return subtensorUpdate<IncSubtensorOp>(x, indices, value, where);
}

Variable take(const Variable &x, const Variable &indices, int64_t axis, SourceLocation where) {
  requireOperands("take", where, {x, indices});
  return Graph::instance().build1<TakeOp>(
      {valueOf(x, where), valueOf(indices, where)},
      {named<TakeOp>(&TakeOp::getAxisAttrName, builder().getI64IntegerAttr(axis))}, where);
}

namespace {
template <typename OpT>
Variable filled(const Sizes &shape, std::optional<DType> dtype, SourceLocation where) {
  return buildShaped<OpT>({}, shape,
                          {named<OpT>(&OpT::getDtypeAttrName,
                                      mlir::TypeAttr::get(elementType(dtype.value_or(floatX()))))},
                          where);
}
} // namespace

Variable zeros(const Sizes &shape, std::optional<DType> dtype, SourceLocation where) {
  return filled<ZerosOp>(shape, dtype, where);
}
Variable ones(const Sizes &shape, std::optional<DType> dtype, SourceLocation where) {
  return filled<OnesOp>(shape, dtype, where);
}
Variable zeros_like(const Variable &x, SourceLocation where) { return fill(x, 0, where); }
Variable ones_like(const Variable &x, SourceLocation where) { return fill(x, 1, where); }

Variable alloc(Operand value, const Sizes &shape, SourceLocation where) {
  checkOperand("alloc", value, 1, where);
  Variable v = materialize(value, std::nullopt, where);
  return buildShaped<AllocOp>({valueOf(v, where)}, shape, {}, where);
}

Variable fill(const Variable &model, Operand value, SourceLocation where) {
  requireOperands("fill", where, {model});
  checkOperand("fill", value, 2, where);
  Variable v = materialize(value, model.dtype(), where);
  return Graph::instance().build1<FillOp>({valueOf(model, where), valueOf(v, where)}, {}, where);
}

} // namespace theta
