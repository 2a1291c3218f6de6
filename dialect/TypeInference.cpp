//===- TypeInference.cpp - result types of every theta op -----------------===//
//
// Each op's inferReturnTypes is also its verifier (InferTypeOpInterface checks
// that the declared result types equal the inferred ones). Messages name the
// op, the operand types and what is wrong, in the user's terms.
//
//===----------------------------------------------------------------------===//
#include "mlir/IR/Matchers.h"
#include "dialect/InferenceSupport.h"
#include "dialect/ThetaOps.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace theta;

namespace {
thread_local InferenceError lastError = InferenceError::Shape;
} // namespace

InferenceError theta::lastInferenceError() { return lastError; }
void theta::resetInferenceError() { lastError = InferenceError::Shape; }
void theta::setInferenceError(InferenceError kind) { lastError = kind; }

using namespace theta::inference;

namespace {

/// Broadcast inference shared by the elementwise ops. `sameElementFrom` is the
/// index of the first operand whose element type the following ones must share.
LogicalResult inferBroadcast(std::optional<Location> loc, StringRef name, ValueRange operands,
                             size_t sameElementFrom, Type resultElement,
                             SmallVectorImpl<Type> &inferred) {
  SmallVector<ArrayRef<int64_t>> shapes;
  SmallVector<RankedTensorType> types;
  for (Value operand : operands) {
    RankedTensorType type = tensorOf(operand);
    if (!type)
      return Failure(loc, name) << "expects ranked tensor operands";
    types.push_back(type);
    shapes.push_back(type.getShape());
  }
  auto describe = [&]() {
    std::string text;
    for (auto [i, type] : llvm::enumerate(types))
      text += (i ? ", " : "") + typeToString(type);
    return text;
  };
  for (size_t i = sameElementFrom + 1; i < types.size(); ++i)
    if (types[i].getElementType() != types[sameElementFrom].getElementType())
      return Failure(loc, name).type() << "operands must have the same element type, got "
                                << describe();
  std::string why;
  std::optional<SmallVector<int64_t>> shape = broadcastShapes(shapes, why);
  if (!shape)
    return Failure(loc, name) << "operands do not broadcast: " << describe() << ": " << why
                              << " (align ranks with dimshuffle/reshape first)";
  Type element = resultElement ? resultElement : types[sameElementFrom].getElementType();
  inferred.push_back(RankedTensorType::get(*shape, element));
  return success();
}

/// Checks a mixed static/dynamic integer list: entries that are kDynamic take
/// the next operand, and there must be exactly as many operands as such entries.
LogicalResult checkMixedList(std::optional<Location> loc, StringRef name, StringRef what,
                             ArrayRef<int64_t> staticList, ValueRange dynamicValues) {
  auto dynamicCount = llvm::count_if(staticList, ShapedType::isDynamic);
  if (dynamicCount != static_cast<int64_t>(dynamicValues.size()))
    return Failure(loc, name) << what << " has " << dynamicCount << " dynamic entries but "
                              << dynamicValues.size() << " operands were given";
  return success();
}

/// Verifies the indexing description shared by subtensor, set_subtensor and
/// inc_subtensor and computes the shape of the addressed slice.
template <typename Adaptor>
FailureOr<SmallVector<int64_t>> inferSliceShape(std::optional<Location> loc, StringRef name,
                                                Adaptor adaptor) {
  RankedTensorType input = tensorOf(adaptor.getInput());
  if (!input)
    return Failure(loc, name) << "expects a ranked tensor input";
  int64_t rank = input.getRank();
  ArrayRef<int64_t> starts = adaptor.getStaticStarts();
  ArrayRef<int64_t> sizes = adaptor.getSizes();
  ArrayRef<int64_t> steps = adaptor.getSteps();
  // Default-valued attributes are still unset while the op is being parsed.
  DenseI64ArrayAttr dropAttr = adaptor.getDropAttr();
  ArrayRef<int64_t> drop = dropAttr ? dropAttr.asArrayRef() : ArrayRef<int64_t>();
  if (static_cast<int64_t>(starts.size()) != rank || static_cast<int64_t>(sizes.size()) != rank ||
      static_cast<int64_t>(steps.size()) != rank)
    return Failure(loc, name) << "indexes a rank-" << rank << " tensor " << input
                              << " with " << starts.size() << " starts, " << sizes.size()
                              << " sizes and " << steps.size()
                              << " steps; give one of each per dimension";
  if (failed(checkMixedList(loc, name, "the start list", starts, adaptor.getDynamicStarts())))
    return failure();
  DenseI64ArrayAttr stopsAttr = adaptor.getStopsAttr();
  ArrayRef<int64_t> stops = stopsAttr ? stopsAttr.asArrayRef() : ArrayRef<int64_t>();
  if (!stops.empty() && static_cast<int64_t>(stops.size()) != rank)
    return Failure(loc, name) << "stops " << shapeToString(stops) << " must have one entry per "
                              << "dimension of the rank-" << rank << " tensor " << input;
  llvm::SmallSet<int64_t, 4> dropped;
  for (int64_t d : drop) {
    if (d < 0 || d >= rank || !dropped.insert(d).second)
      return Failure(loc, name) << "drop list " << shapeToString(drop)
                                << " must name distinct dimensions of a rank-" << rank
                                << " tensor";
  }
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t dim = input.getDimSize(d), start = starts[d], size = sizes[d], step = steps[d];
    if (step < 1)
      return Failure(loc, name) << "step " << step << " in dimension " << d
                                << " must be positive";
    if (!stops.empty() && !ShapedType::isDynamic(stops[d])) {
      // A Python slice: clipped to the dimension once its size is known.
      if (ShapedType::isDynamic(start) || size != -1 || dropped.contains(d))
        return Failure(loc, name) << "dimension " << d << " has a stop, so it needs a static "
                                  << "start, size -1 and no integer index";
      std::optional<std::pair<int64_t, int64_t>> slice = pythonSlice(dim, start, stops[d], step);
      shape.push_back(slice ? slice->second : ShapedType::kDynamic);
      continue;
    }
    if (size < -1)
      return Failure(loc, name) << "size " << size << " in dimension " << d
                                << " must be >= 0 or -1 (to the end)";
    if (dropped.contains(d) && size != 1)
      return Failure(loc, name) << "dimension " << d
                                << " is integer-indexed (dropped) so its size must be 1, got "
                                << size;
    bool staticStart = !ShapedType::isDynamic(start);
    // A slice (not an integer index) may start at the end when it is empty:
    // `x[:]` of a dimension of size 0, `x[n:]`, as in NumPy.
    bool emptySliceAtEnd = !dropped.contains(d) && start == dim && (size == -1 || size == 0);
    if (!ShapedType::isDynamic(dim) && staticStart && !emptySliceAtEnd &&
        (start >= dim || start < -dim))
      return Failure(loc, name) << "index " << start << " is out of bounds for dimension " << d
                                << " of size " << dim << " in " << input;
    int64_t extent = size == -1 ? sliceSizeToEnd(dim, start, step) : size;
    if (size != -1 && !ShapedType::isDynamic(dim) && staticStart) {
      int64_t first = start < 0 ? start + dim : start;
      if (first + (size - 1) * step >= dim)
        return Failure(loc, name) << "slice of " << size << " elements from " << start
                                  << " with step " << step << " runs past dimension " << d
                                  << " of size " << dim << " in " << input;
    }
    if (!dropped.contains(d))
      shape.push_back(extent);
  }
  return shape;
}

/// `statics` with each dynamic entry whose operand is a constant (a size the
/// call's shapes fixed, folded by --theta-refine-types) replaced by its value.
SmallVector<int64_t> withConstantSizes(ArrayRef<int64_t> statics, ValueRange dynamic) {
  SmallVector<int64_t> sizes(statics);
  size_t next = 0;
  for (int64_t &size : sizes) {
    if (!ShapedType::isDynamic(size) || next >= dynamic.size())
      continue;
    Value operand = dynamic[next++];
    DenseIntElementsAttr value;
    if (operand && matchPattern(operand, m_Constant(&value)) && value.getNumElements() == 1)
      size = (*value.begin()).getSExtValue();
  }
  return sizes;
}

LogicalResult inferCreation(std::optional<Location> loc, StringRef name,
                            ArrayRef<int64_t> staticShape, ValueRange dynamic, Type element,
                            SmallVectorImpl<Type> &inferred) {
  if (failed(checkMixedList(loc, name, "the shape", staticShape, dynamic)))
    return failure();
  SmallVector<int64_t> shape = withConstantSizes(staticShape, dynamic);
  for (int64_t size : shape)
    if (!ShapedType::isDynamic(size) && size < 0)
      return Failure(loc, name) << "shape " << shapeToString(shape)
                                << " has a negative size";
  inferred.push_back(RankedTensorType::get(shape, element));
  return success();
}

} // namespace


//===----------------------------------------------------------------------===//
// Constant
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                           Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  auto value = dyn_cast_or_null<ElementsAttr>(adaptor.getValue());
  if (!value || !isa<RankedTensorType>(value.getType()))
    return Failure(loc, getOperationName()) << "expects a ranked tensor value";
  inferred.push_back(value.getType());
  return success();
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

LogicalResult theta::inferElementwise(MLIRContext *context, std::optional<Location> loc,
                                      StringRef name, ValueRange operands, bool predicate,
                                      SmallVectorImpl<Type> &inferred) {
  Type element = predicate ? Type(IntegerType::get(context, 1)) : Type();
  if (operands.size() == 1) {
    RankedTensorType input = tensorOf(operands[0]);
    if (!input)
      return Failure(loc, name) << "expects a ranked tensor operand";
    inferred.push_back(element ? input.clone(element) : input);
    return success();
  }
  return inferBroadcast(loc, name, operands, 0, element, inferred);
}

LogicalResult SelectOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  return inferBroadcast(loc, getOperationName(),
                        {adaptor.getCondition(), adaptor.getTrueValue(), adaptor.getFalseValue()},
                        1, Type(), inferred);
}

#define THETA_UNARY_INFERENCE(Op)                                                          \
  LogicalResult Op::inferReturnTypes(MLIRContext *, std::optional<Location> loc,           \
                                     Adaptor adaptor, SmallVectorImpl<Type> &inferred) {   \
    if (!tensorOf(adaptor.getInput()))                                                     \
      return Failure(loc, getOperationName()) << "expects a ranked tensor operand";        \
    inferred.push_back(adaptor.getInput().getType());                                      \
    return success();                                                                      \
  }

THETA_UNARY_INFERENCE(PrintOp)
THETA_UNARY_INFERENCE(StopGradientOp)
#undef THETA_UNARY_INFERENCE

LogicalResult CastOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  RankedTensorType input = tensorOf(adaptor.getInput());
  if (!input)
    return Failure(loc, getOperationName()) << "expects a ranked tensor operand";
  inferred.push_back(input.clone(adaptor.getDtype()));
  return success();
}

//===----------------------------------------------------------------------===//
// Products and reductions
//===----------------------------------------------------------------------===//

LogicalResult DotOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                      Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  RankedTensorType lhs = tensorOf(adaptor.getLhs()), rhs = tensorOf(adaptor.getRhs());
  if (!lhs || !rhs)
    return Failure(loc, getOperationName()) << "expects ranked tensor operands";
  if (lhs.getElementType() != rhs.getElementType())
    return Failure(loc, getOperationName()).type()
           << "operands must have the same element type, got " << lhs << " and " << rhs;
  auto compatible = [](int64_t a, int64_t b) {
    return a == b || ShapedType::isDynamic(a) || ShapedType::isDynamic(b);
  };
  int64_t lr = lhs.getRank(), rr = rhs.getRank();
  ArrayRef<int64_t> ls = lhs.getShape(), rs = rhs.getShape();
  SmallVector<int64_t> shape;
  int64_t lk, rk;
  if (lr == 1 && rr == 1) {
    lk = ls[0], rk = rs[0];
  } else if (lr == 2 && rr == 1) {
    lk = ls[1], rk = rs[0], shape = {ls[0]};
  } else if (lr == 1 && rr == 2) {
    lk = ls[0], rk = rs[0], shape = {rs[1]};
  } else if (lr == 2 && rr == 2) {
    lk = ls[1], rk = rs[0], shape = {ls[0], rs[1]};
  } else if (lr == 3 && rr == 3) {
    if (!compatible(ls[0], rs[0]))
      return Failure(loc, getOperationName())
             << "batched product needs equal batch sizes, got " << lhs << " and " << rhs;
    lk = ls[2], rk = rs[1];
    shape = {ShapedType::isDynamic(ls[0]) ? rs[0] : ls[0], ls[1], rs[2]};
  } else {
    return Failure(loc, getOperationName())
           << "supports vector/matrix operands and rank-3 batches, got " << lhs << " and "
           << rhs;
  }
  if (!compatible(lk, rk))
    return Failure(loc, getOperationName())
           << "contracted dimensions differ (" << lk << " vs " << rk << ") for " << lhs
           << " and " << rhs;
  inferred.push_back(RankedTensorType::get(shape, lhs.getElementType()));
  return success();
}

template <typename Op>
static LogicalResult inferReduction(std::optional<Location> loc, typename Op::Adaptor adaptor,
                                    bool isArgmax, bool hasIdentity,
                                    SmallVectorImpl<Type> &inferred) {
  StringRef name = Op::getOperationName();
  RankedTensorType input = tensorOf(adaptor.getInput());
  if (!input)
    return Failure(loc, name) << "expects a ranked tensor operand";
  int64_t rank = input.getRank();
  llvm::SmallSet<int64_t, 4> seen;
  if (std::optional<ArrayRef<int64_t>> axes = adaptor.getAxes()) {
    for (int64_t axis : *axes) {
      int64_t normalized = axis < 0 ? axis + rank : axis;
      if (normalized < 0 || normalized >= rank)
        return Failure(loc, name) << "axis " << axis << " is out of range for " << input;
      if (!seen.insert(normalized).second)
        return Failure(loc, name) << "axis " << axis << " is listed twice";
    }
  }
  SmallVector<int64_t> reduced = normalizeAxes(adaptor.getAxes(), rank);
  if (isArgmax && reduced.size() > 1 && static_cast<int64_t>(reduced.size()) != rank)
    return Failure(loc, name) << "reduces one axis or all of them, got "
                              << shapeToString(reduced);
  // As NumPy: max, min and argmax of nothing have no value to return.
  if (!hasIdentity)
    for (int64_t d : reduced)
      if (input.getDimSize(d) == 0)
        return Failure(loc, name) << "zero-size array to reduction operation "
                                  << name.split(".").second
                                  << " which has no identity (axis " << d << " of " << input
                                  << ")";
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    if (!llvm::is_contained(reduced, d))
      shape.push_back(input.getDimSize(d));
    else if (adaptor.getKeepdims())
      shape.push_back(1);
  }
  Type element = isArgmax ? IntegerType::get(input.getContext(), 64) : input.getElementType();
  inferred.push_back(RankedTensorType::get(shape, element));
  return success();
}

#define THETA_REDUCTION_INFERENCE(Op, IsArgmax, HasIdentity)                              \
  LogicalResult Op::inferReturnTypes(MLIRContext *, std::optional<Location> loc,           \
                                     Adaptor adaptor, SmallVectorImpl<Type> &inferred) {   \
    return inferReduction<Op>(loc, adaptor, IsArgmax, HasIdentity, inferred);              \
  }

THETA_REDUCTION_INFERENCE(SumOp, false, true)
THETA_REDUCTION_INFERENCE(ProdOp, false, true)
THETA_REDUCTION_INFERENCE(MaxOp, false, false)
THETA_REDUCTION_INFERENCE(MinOp, false, false)
THETA_REDUCTION_INFERENCE(MeanOp, false, true)
THETA_REDUCTION_INFERENCE(ArgmaxOp, true, false)
#undef THETA_REDUCTION_INFERENCE

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                          Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  StringRef name = getOperationName();
  RankedTensorType input = tensorOf(adaptor.getInput());
  if (!input)
    return Failure(loc, name) << "expects a ranked tensor operand";
  if (failed(checkMixedList(loc, name, "the shape", adaptor.getStaticShape(),
                            adaptor.getDynamicShape())))
    return failure();
  SmallVector<int64_t> target = withConstantSizes(adaptor.getStaticShape(),
                                                  adaptor.getDynamicShape());
  int inferredDims = 0;
  int64_t knownProduct = 1;
  bool allStatic = true;
  for (int64_t size : target) {
    if (size == -1)
      ++inferredDims;
    else if (ShapedType::isDynamic(size))
      allStatic = false;
    else if (size < 0)
      return Failure(loc, name) << "shape " << shapeToString(target)
                                << " has a negative size other than -1";
    else
      knownProduct *= size;
  }
  if (inferredDims > 1)
    return Failure(loc, name) << "shape " << shapeToString(target)
                              << " can infer at most one size (-1)";
  int64_t elements = shapeProduct(input.getShape());
  SmallVector<int64_t> shape(target);
  if (allStatic && !ShapedType::isDynamic(elements)) {
    bool divisible = knownProduct != 0 ? elements % knownProduct == 0 : elements == 0;
    if ((inferredDims == 0 && knownProduct != elements) || (inferredDims == 1 && !divisible))
      return Failure(loc, name) << "cannot reshape " << input << " (" << elements
                                << " elements) to " << shapeToString(target);
  }
  for (int64_t &size : shape)
    if (size == -1)
      size = allStatic && !ShapedType::isDynamic(elements) && knownProduct != 0
                 ? elements / knownProduct
                 : ShapedType::kDynamic;
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult DimShuffleOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                             Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  StringRef name = getOperationName();
  RankedTensorType input = tensorOf(adaptor.getInput());
  if (!input)
    return Failure(loc, name) << "expects a ranked tensor operand";
  int64_t rank = input.getRank();
  SmallVector<int64_t> shape;
  llvm::SmallSet<int64_t, 4> used;
  for (int64_t entry : adaptor.getPattern()) {
    if (entry == -1) {
      shape.push_back(1);
      continue;
    }
    if (entry < 0 || entry >= rank)
      return Failure(loc, name) << "pattern entry " << entry << " is not a dimension of "
                                << input;
    if (!used.insert(entry).second)
      return Failure(loc, name) << "pattern uses dimension " << entry << " twice";
    shape.push_back(input.getDimSize(entry));
  }
  for (int64_t d = 0; d < rank; ++d)
    if (!used.contains(d) && input.getDimSize(d) != 1)
      return Failure(loc, name) << "drops dimension " << d << " of " << input
                                << ", which is not broadcastable (static size 1)";
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult FlattenOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                          Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  RankedTensorType input = tensorOf(adaptor.getInput());
  if (!input)
    return Failure(loc, getOperationName()) << "expects a ranked tensor operand";
  int64_t ndim = static_cast<int64_t>(adaptor.getNdim());
  if (ndim < 1 || ndim > std::max<int64_t>(input.getRank(), 1))
    return Failure(loc, getOperationName())
           << "ndim " << ndim << " must be between 1 and the rank of " << input;
  ArrayRef<int64_t> dims = input.getShape();
  SmallVector<int64_t> shape(dims.take_front(ndim - 1));
  shape.push_back(shapeProduct(dims.drop_front(ndim - 1)));
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult ConcatenateOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                              Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  StringRef name = getOperationName();
  ValueRange inputs = adaptor.getInputs();
  if (inputs.empty())
    return Failure(loc, name) << "needs at least one input";
  RankedTensorType first = tensorOf(inputs.front());
  if (!first || first.getRank() == 0)
    return Failure(loc, name) << "inputs must be tensors of rank >= 1";
  int64_t rank = first.getRank();
  int64_t axis = static_cast<int64_t>(adaptor.getAxis());
  if (axis < -rank || axis >= rank)
    return Failure(loc, name) << "axis " << axis << " is out of range for " << first;
  if (axis < 0)
    axis += rank;
  SmallVector<int64_t> shape(first.getShape());
  for (Value value : inputs.drop_front()) {
    RankedTensorType type = tensorOf(value);
    if (type && type.getRank() == rank && type.getElementType() != first.getElementType())
      return Failure(loc, name).type() << "inputs must share rank and element type, got " << first
                                       << " and " << value.getType();
    if (!type || type.getRank() != rank)
      return Failure(loc, name) << "inputs must share rank and element type, got " << first
                                << " and " << value.getType();
    for (int64_t d = 0; d < rank; ++d) {
      int64_t a = shape[d], b = type.getDimSize(d);
      if (d == axis) {
        shape[d] = ShapedType::isDynamic(a) || ShapedType::isDynamic(b) ? ShapedType::kDynamic
                                                                          : a + b;
      } else if (a != b && !ShapedType::isDynamic(a) && !ShapedType::isDynamic(b)) {
        return Failure(loc, name) << "inputs differ in dimension " << d << " (" << first
                                  << " and " << type << ")";
      } else if (ShapedType::isDynamic(a)) {
        shape[d] = b;
      }
    }
  }
  inferred.push_back(RankedTensorType::get(shape, first.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Indexing
//===----------------------------------------------------------------------===//

LogicalResult SubtensorOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  FailureOr<SmallVector<int64_t>> shape = inferSliceShape(loc, getOperationName(), adaptor);
  if (failed(shape))
    return failure();
  inferred.push_back(
      RankedTensorType::get(*shape, tensorOf(adaptor.getInput()).getElementType()));
  return success();
}

template <typename Op>
static LogicalResult inferSubtensorUpdate(std::optional<Location> loc,
                                          typename Op::Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  StringRef name = Op::getOperationName();
  FailureOr<SmallVector<int64_t>> slice = inferSliceShape(loc, name, adaptor);
  if (failed(slice))
    return failure();
  RankedTensorType input = tensorOf(adaptor.getInput());
  RankedTensorType value = tensorOf(adaptor.getValue());
  if (!value || value.getElementType() != input.getElementType())
    return Failure(loc, name).type() << "value " << adaptor.getValue().getType()
                              << " must have the element type of " << input;
  if (value.getRank() != static_cast<int64_t>(slice->size()))
    return Failure(loc, name) << "value " << value << " must have the rank of the slice "
                              << shapeToString(*slice);
  for (auto [d, pair] : llvm::enumerate(llvm::zip(value.getShape(), *slice))) {
    auto [v, s] = pair;
    if (v != s && v != 1 && !ShapedType::isDynamic(v) && !ShapedType::isDynamic(s))
      return Failure(loc, name) << "value " << value << " does not broadcast to the slice "
                                << shapeToString(*slice) << " in dimension " << d;
  }
  inferred.push_back(input);
  return success();
}

LogicalResult SetSubtensorOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                               Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  return inferSubtensorUpdate<SetSubtensorOp>(loc, adaptor, inferred);
}

LogicalResult IncSubtensorOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                               Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  return inferSubtensorUpdate<IncSubtensorOp>(loc, adaptor, inferred);
}

/// The shape take produces (and index_add's values have):
/// input.shape[:axis] + indices.shape + input.shape[axis+1:].
static FailureOr<SmallVector<int64_t>> gatheredShape(std::optional<Location> loc, StringRef name,
                                                     RankedTensorType input,
                                                     RankedTensorType indices, int64_t axis) {
  int64_t rank = input.getRank();
  if (axis < -rank || axis >= rank)
    return Failure(loc, name) << "axis " << axis << " is out of range for " << input;
  if (axis < 0)
    axis += rank;
  SmallVector<int64_t> shape(input.getShape().take_front(axis));
  llvm::append_range(shape, indices.getShape());
  llvm::append_range(shape, input.getShape().drop_front(axis + 1));
  return shape;
}

LogicalResult TakeOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  RankedTensorType input = tensorOf(adaptor.getInput());
  RankedTensorType indices = tensorOf(adaptor.getIndices());
  if (!input || !indices || input.getRank() == 0)
    return Failure(loc, getOperationName()) << "expects a tensor of rank >= 1 and indices";
  FailureOr<SmallVector<int64_t>> shape =
      gatheredShape(loc, getOperationName(), input, indices, adaptor.getAxis());
  if (failed(shape))
    return failure();
  inferred.push_back(RankedTensorType::get(*shape, input.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Creation and shape-of
//===----------------------------------------------------------------------===//

LogicalResult AllocOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                        Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  StringRef name = getOperationName();
  RankedTensorType value = tensorOf(adaptor.getValue());
  if (!value)
    return Failure(loc, name) << "expects a ranked tensor value";
  ArrayRef<int64_t> shape = adaptor.getStaticShape();
  if (failed(inferCreation(loc, name, shape, adaptor.getDynamicShape(), value.getElementType(),
                           inferred)))
    return failure();
  int64_t offset = static_cast<int64_t>(shape.size()) - value.getRank();
  if (offset < 0)
    return Failure(loc, name) << "value " << value << " has a higher rank than the shape "
                              << shapeToString(shape);
  for (int64_t d = 0; d < value.getRank(); ++d) {
    int64_t v = value.getDimSize(d), s = shape[offset + d];
    if (v != 1 && v != s && !ShapedType::isDynamic(v) && !ShapedType::isDynamic(s))
      return Failure(loc, name) << "value " << value << " does not broadcast to the shape "
                                << shapeToString(shape);
  }
  return success();
}

LogicalResult ZerosOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                        Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  return inferCreation(loc, getOperationName(), adaptor.getStaticShape(),
                       adaptor.getDynamicShape(), adaptor.getDtype(), inferred);
}

LogicalResult OnesOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  return inferCreation(loc, getOperationName(), adaptor.getStaticShape(),
                       adaptor.getDynamicShape(), adaptor.getDtype(), inferred);
}

LogicalResult IotaOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  return inferCreation(loc, getOperationName(), adaptor.getStaticShape(),
                       adaptor.getDynamicShape(), adaptor.getDtype(), inferred);
}

LogicalResult FillOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  RankedTensorType model = tensorOf(adaptor.getModel()), value = tensorOf(adaptor.getValue());
  if (!model || !value || value.getRank() != 0)
    return Failure(loc, getOperationName()) << "expects a tensor model and a rank-0 value, got "
                                            << adaptor.getModel().getType() << " and "
                                            << adaptor.getValue().getType();
  inferred.push_back(model.clone(value.getElementType()));
  return success();
}

LogicalResult ShapeOp::inferReturnTypes(MLIRContext *context, std::optional<Location> loc,
                                        Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  RankedTensorType input = tensorOf(adaptor.getInput());
  if (!input)
    return Failure(loc, getOperationName()) << "expects a ranked tensor operand";
  inferred.push_back(RankedTensorType::get({input.getRank()}, IntegerType::get(context, 64)));
  return success();
}

//===----------------------------------------------------------------------===//
// Gradient placeholder
//===----------------------------------------------------------------------===//

static LogicalResult checkDisconnected(std::optional<Location> loc, StringRef name,
                                       StringAttr attr) {
  StringRef disconnected = attr ? attr.getValue() : "raise";
  if (disconnected != "raise" && disconnected != "zero")
    return Failure(loc, name) << "disconnected must be \"raise\" or \"zero\", got \""
                              << disconnected << "\"";
  return success();
}

LogicalResult GradOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  StringRef name = getOperationName();
  RankedTensorType cost = tensorOf(adaptor.getCost());
  if (!cost)
    return Failure(loc, name) << "expects a ranked tensor cost";
  if (Value seed = adaptor.getSeed()) {
    if (!areCompatibleTypes(TypeRange(seed.getType()), TypeRange(cost)))
      return Failure(loc, name) << "seed must have the cost's type " << cost << ", got "
                                << seed.getType();
  } else if (cost.getRank() != 0) {
    return Failure(loc, name) << "cost must be a scalar (rank-0 tensor), got " << cost
                              << "; reduce it first, e.g. with sum or mean";
  }
  if (adaptor.getWrt().empty())
    return Failure(loc, name) << "needs at least one value to differentiate with respect to";
  if (failed(checkDisconnected(loc, name, adaptor.getDisconnectedAttr())))
    return failure();
  for (Value wrt : adaptor.getWrt())
    inferred.push_back(wrt.getType());
  return success();
}

LogicalResult JacobianOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                           Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  StringRef name = getOperationName();
  RankedTensorType expression = tensorOf(adaptor.getExpression());
  RankedTensorType wrt = tensorOf(adaptor.getWrt());
  if (!expression || !wrt)
    return Failure(loc, name) << "expects ranked tensor operands";
  if (failed(checkDisconnected(loc, name, adaptor.getDisconnectedAttr())))
    return failure();
  SmallVector<int64_t> shape(expression.getShape());
  llvm::append_range(shape, wrt.getShape());
  inferred.push_back(RankedTensorType::get(shape, wrt.getElementType()));
  return success();
}

LogicalResult IndexAddOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                           Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  StringRef name = getOperationName();
  RankedTensorType input = tensorOf(adaptor.getInput());
  RankedTensorType indices = tensorOf(adaptor.getIndices());
  RankedTensorType values = tensorOf(adaptor.getValues());
  if (!input || !indices || !values || input.getRank() == 0)
    return Failure(loc, name) << "expects a tensor of rank >= 1, indices and values";
  if (input.getElementType() != values.getElementType())
    return Failure(loc, name).type() << "values must have the input's element type, got " << input
                              << " and " << values;
  int64_t axis = static_cast<int64_t>(adaptor.getAxis());
  FailureOr<SmallVector<int64_t>> expected = gatheredShape(loc, name, input, indices, axis);
  if (failed(expected))
    return failure();
  if (axis < 0)
    axis += input.getRank();
  RankedTensorType expectedType = RankedTensorType::get(*expected, input.getElementType());
  if (!areCompatibleTypes(TypeRange(expectedType), TypeRange(values)))
    return Failure(loc, name) << "values must have shape " << shapeToString(*expected)
                              << " (input " << input << " with indices " << indices
                              << " along axis " << axis << "), got " << values;
  inferred.push_back(input);
  return success();
}

#define THETA_SLICE_SHAPE(Op)                                                              \
  SmallVector<int64_t> Op::getSliceShape() {                                               \
    FailureOr<SmallVector<int64_t>> shape =                                                \
        inferSliceShape(std::nullopt, getOperationName(), Adaptor(*this));                 \
    return succeeded(shape) ? *shape : SmallVector<int64_t>();                             \
  }
THETA_SLICE_SHAPE(SubtensorOp)
THETA_SLICE_SHAPE(SetSubtensorOp)
THETA_SLICE_SHAPE(IncSubtensorOp)
#undef THETA_SLICE_SHAPE

LogicalResult IfElseOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  StringRef name = getOperationName();
  RankedTensorType condition = tensorOf(adaptor.getCondition());
  if (!condition || condition.getRank() != 0)
    return Failure(loc, name) << "expects a rank-0 condition, got "
                              << adaptor.getCondition().getType();
  ValueRange thenValues = adaptor.getThenValues(), elseValues = adaptor.getElseValues();
  if (thenValues.size() != elseValues.size())
    return Failure(loc, name) << "has " << thenValues.size() << " values in its then branch but "
                              << elseValues.size() << " in its else branch";
  for (auto [index, pair] : llvm::enumerate(llvm::zip(thenValues, elseValues))) {
    RankedTensorType a = tensorOf(std::get<0>(pair)), b = tensorOf(std::get<1>(pair));
    if (!a || !b || a.getElementType() != b.getElementType() || a.getRank() != b.getRank())
      return Failure(loc, name).type()
             << "branch values #" << index << " must have one element type and rank, got "
             << std::get<0>(pair).getType() << " and " << std::get<1>(pair).getType();
    SmallVector<int64_t> shape;
    for (auto [x, y] : llvm::zip(a.getShape(), b.getShape())) {
      if (!ShapedType::isDynamic(x) && !ShapedType::isDynamic(y) && x != y)
        return Failure(loc, name) << "branch values #" << index << " have different shapes, "
                                  << a << " and " << b;
      shape.push_back(ShapedType::isDynamic(x) ? y : x);
    }
    inferred.push_back(RankedTensorType::get(shape, a.getElementType()));
  }
  return success();
}

LogicalResult ArgsortOp::inferReturnTypes(MLIRContext *context, std::optional<Location> loc,
                                          Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  RankedTensorType input = tensorOf(adaptor.getInput());
  if (!input || input.getRank() == 0)
    return Failure(loc, getOperationName())
           << "sorts along the last axis of a tensor of rank >= 1, got "
           << adaptor.getInput().getType();
  inferred.push_back(RankedTensorType::get(input.getShape(), IntegerType::get(context, 64)));
  return success();
}
