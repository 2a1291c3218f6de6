//===- ExpandGroups.cpp - --theta-expand-groups ---------------------------===//
//
// Grouped convolutions as one ungrouped convolution per group (see
// Passes.td): oneDNN's calls and the loop lowerings stay ungrouped.
//
//===----------------------------------------------------------------------===//
#include "dialect/GradientBuilder.h"
#include "dialect/Passes.h"
#include "dialect/ThetaOps.h"

namespace theta {
#define GEN_PASS_DEF_THETAEXPANDGROUPS
#include "dialect/Passes.h.inc"
} // namespace theta

using namespace mlir;
using namespace theta;

namespace {

/// Which operand dimension holds each operand's groups: the channels of
/// images (dimension 1) or the output channels of filters (dimension 0).
struct GroupedOperands {
  SmallVector<int64_t, 3> groupAxis;
  int64_t resultAxis;
};

GroupedOperands layoutOf(Operation *op) {
  if (isa<Conv2DOp>(op))
    return {{1, 0}, 1}; // input, filters -> images
  if (isa<Conv2DGradInputOp>(op))
    return {{1, 0, 1}, 1}; // output_grad, filters, input_like -> images
  return {{1, 1, 0}, 0};   // input, output_grad, filters_like -> filters
}

/// Slice `groupIndex` of `groups` equal parts of `value` along `axis`; null
/// (after an error) when that dimension is not a static multiple.
Value groupSlice(OpBuilder &b, Location loc, Value value, int64_t axis, int64_t groups,
                 int64_t groupIndex, StringRef opName) {
  auto type = cast<RankedTensorType>(value.getType());
  int64_t size = type.getDimSize(axis);
  if (ShapedType::isDynamic(size) || size % groups != 0) {
    emitError(loc) << "'" << opName << "' op with " << groups
                   << " groups needs a static channel count divisible by the groups, got "
                   << type;
    return {};
  }
  int64_t rank = type.getRank();
  SmallVector<int64_t> starts(rank, 0), sizes(rank, -1), steps(rank, 1);
  starts[axis] = groupIndex * (size / groups);
  sizes[axis] = size / groups;
  SubtensorOp slice = tryCreate<SubtensorOp>(
      b, loc, /*diagnose=*/true, value, ValueRange{}, b.getDenseI64ArrayAttr(starts),
      b.getDenseI64ArrayAttr(sizes), b.getDenseI64ArrayAttr(steps), b.getDenseI64ArrayAttr({}),
      b.getDenseI64ArrayAttr({}));
  return slice ? slice.getResult() : Value();
}

/// An op of `op`'s kind on `operands` with `attributes`; null after an error.
Value createLike(OpBuilder &b, Operation *op, ValueRange operands,
                 ArrayRef<NamedAttribute> attributes) {
  auto create = [&](auto typed) -> Value {
    using OpTy = decltype(typed);
    OpTy created = tryCreate<OpTy>(b, op->getLoc(), /*diagnose=*/true, operands, attributes);
    return created ? created.getResult() : Value();
  };
  if (isa<Conv2DOp>(op))
    return create(Conv2DOp());
  if (isa<Conv2DGradInputOp>(op))
    return create(Conv2DGradInputOp());
  return create(Conv2DGradFiltersOp());
}

/// Replaces a grouped convolution op by its groups; failure after an error.
LogicalResult expand(Operation *op) {
  int64_t groups = convolutionGroups(op);
  if (groups == 1)
    return success();
  OpBuilder b(op);
  Location loc = op->getLoc();
  GroupedOperands layout = layoutOf(op);
  // Every attribute given explicitly: the inferring build reads them from
  // the list, and a default-valued one left out would read as null.
  SmallVector<NamedAttribute> attributes;
  for (NamedAttribute attribute : op->getAttrs())
    if (attribute.getName() != "groups")
      attributes.push_back(attribute);
  attributes.push_back(b.getNamedAttr("groups", b.getI64IntegerAttr(1)));
  SmallVector<Value> parts;
  for (int64_t g = 0; g < groups; ++g) {
    SmallVector<Value> operands;
    for (auto [operand, axis] : llvm::zip(op->getOperands(), layout.groupAxis)) {
      Value slice = groupSlice(b, loc, operand, axis, groups, g, op->getName().getStringRef());
      if (!slice)
        return failure();
      operands.push_back(slice);
    }
    Value part = createLike(b, op, operands, attributes);
    if (!part)
      return failure();
    parts.push_back(part);
  }
  ConcatenateOp joined = tryCreate<ConcatenateOp>(b, loc, /*diagnose=*/true, parts,
                                                  b.getI64IntegerAttr(layout.resultAxis));
  if (!joined)
    return failure();
  op->getResult(0).replaceAllUsesWith(joined.getResult());
  op->erase();
  return success();
}

struct ExpandGroupsPass : theta::impl::ThetaExpandGroupsBase<ExpandGroupsPass> {
  void runOnOperation() override {
    SmallVector<Operation *> grouped;
    getOperation().walk([&](Operation *op) {
      if (isa<Conv2DOp, Conv2DGradInputOp, Conv2DGradFiltersOp>(op))
        grouped.push_back(op);
    });
    for (Operation *op : grouped)
      if (failed(expand(op)))
        return signalPassFailure();
  }
};

} // namespace
