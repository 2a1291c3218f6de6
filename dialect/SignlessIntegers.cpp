//===- SignlessIntegers.cpp - --theta-signless-integers -------------------===//
//
// uint8 tensors (ui8) become i8 for the lowerings, which know only signless
// integers (see Passes.td). A uint8 and an int8 have the same bits, and so do
// their sums, products, equality and every move or copy; order, division,
// abs/sign and use as an index, a size or a step count do not: there the
// value is widened to i16 by a zero-extending cast, the op computes on i16,
// and a uint8 result is truncated back (it fits: such results stay within
// their operands' range).
//
//===----------------------------------------------------------------------===//
#include "dialect/Passes.h"
#include "dialect/ThetaOps.h"

#include "llvm/ADT/TypeSwitch.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"

namespace theta {
#define GEN_PASS_DEF_THETASIGNLESSINTEGERS
#include "dialect/Passes.h.inc"
} // namespace theta

using namespace mlir;
using namespace theta;

namespace {

bool isUnsigned(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.getElementType().isUnsignedInteger();
}

/// `type` with ui8 replaced by i8 (tensors and element types alike).
Type signless(Type type) {
  if (auto tensor = dyn_cast<RankedTensorType>(type))
    return tensor.clone(signless(tensor.getElementType()));
  if (auto integer = dyn_cast<IntegerType>(type); integer && integer.isUnsigned())
    return IntegerType::get(type.getContext(), integer.getWidth());
  return type;
}

/// dtype attributes and constants of a uint8 result, as i8 (same bits).
Attribute signless(Attribute attribute) {
  if (auto type = dyn_cast<TypeAttr>(attribute))
    return TypeAttr::get(signless(type.getValue()));
  if (auto dense = dyn_cast<DenseElementsAttr>(attribute))
    if (dense.getElementType().isUnsignedInteger())
      return dense.bitcast(signless(dense.getElementType()));
  return attribute;
}

bool inRange(MutableOperandRange range, OpOperand &operand) {
  for (OpOperand &member : range)
    if (&member == &operand)
      return true;
  return false;
}

/// Whether the bits of `operand` alone decide what its op computes: the
/// data an op adds, multiplies, tests for equality, reduces by sum or
/// product, moves or copies. Anything else (unknown ops included) gets the
/// value, zero-extended.
bool bitsSuffice(OpOperand &operand) {
  return TypeSwitch<Operation *, bool>(operand.getOwner())
      .Case<AddOp, SubOp, MulOp, NegOp, EqOp, NeOp, SelectOp, IfElseOp, DotOp, SumOp, ProdOp,
            DimShuffleOp, FlattenOp, ConcatenateOp, FillOp, ShapeOp, StopGradientOp, PrintOp,
            CheckValuesOp, YieldOp, func::ReturnOp>([](Operation *) { return true; })
      .Case<ReshapeOp, SubtensorOp, TakeOp>(
          [&](auto op) { return &operand == &op.getInputMutable(); })
      .Case<SetSubtensorOp, IncSubtensorOp>([&](auto op) {
        return &operand == &op.getInputMutable() || &operand == &op.getValueMutable();
      })
      .Case<IndexAddOp>([&](IndexAddOp op) { return &operand != &op.getIndicesMutable(); })
      .Case<ScanOp>([&](ScanOp op) { return !inRange(op.getNStepsMutable(), operand); })
      .Default([](Operation *) { return false; });
}

class Rewriter {
public:
  explicit Rewriter(func::FuncOp func) : func(func) {}

  LogicalResult run() {
    Block &entry = func.getBody().front();
    for (BlockArgument argument : entry.getArguments())
      retype(argument);
    SmallVector<Type> results;
    for (Type type : func.getResultTypes())
      results.push_back(signless(type));
    func.setType(FunctionType::get(func.getContext(), entry.getArgumentTypes(), results));
    // Pre-order: an op's operands are rewritten before it, a scan before its body.
    WalkResult walked = func.getBody().walk<WalkOrder::PreOrder>([&](Operation *op) {
      return failed(rewrite(op)) ? WalkResult::interrupt() : WalkResult::advance();
    });
    return failure(walked.wasInterrupted());
  }

private:
  /// ui8 -> i8 for a value; remembered as holding uint8.
  void retype(Value value) {
    if (!isUnsigned(value.getType()))
      return;
    value.setType(signless(value.getType()));
    holdsUnsigned.insert(value);
  }

  /// uint8 `value` (held as i8) zero-extended to i16 before `op`; once per
  /// block (the first cast dominates the block's later uses).
  Value widen(Value value, Operation *op) {
    Value &cached = widened[{value, op->getBlock()}];
    if (!cached)
      cached = createWiden(value, op);
    return cached;
  }

  Value createWiden(Value value, Operation *op) {
    OpBuilder b(op);
    auto type = cast<RankedTensorType>(value.getType());
    auto wide = CastOp::create(b, op->getLoc(), type.clone(b.getIntegerType(16)), value,
                               TypeAttr::get(b.getIntegerType(16)));
    wide.setUnsignedInput(true);
    return wide;
  }

  LogicalResult rewrite(Operation *op) {
    if (auto cast = dyn_cast<CastOp>(op))
      return rewriteCast(cast);
    // Printed values keep their dtype's name.
    if (auto print = dyn_cast<PrintOp>(op); print && holdsUnsigned.contains(print.getInput()))
      print->setAttr(kUnsignedPrintAttr, UnitAttr::get(op->getContext()));
    bool anyWidened = false;
    for (OpOperand &operand : op->getOpOperands())
      if (holdsUnsigned.contains(operand.get()) && !bitsSuffice(operand)) {
        operand.set(widen(operand.get(), op));
        anyWidened = true;
      }
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (BlockArgument argument : block.getArguments())
          retype(argument);
    for (NamedAttribute named : op->getAttrs())
      if (Attribute converted = signless(named.getValue()); converted != named.getValue())
        op->setAttr(named.getName(), converted);
    if (!anyWidened) {
      for (Value result : op->getResults())
        retype(result);
      return success();
    }
    // The op now computes on i16: its result types follow its operands.
    auto inference = dyn_cast<InferTypeOpInterface>(op);
    if (!inference)
      return op->emitOpError("has uint8 operands that need their values, and no type "
                             "inference to compute on them widened");
    SmallVector<Type> types;
    if (failed(inference.inferReturnTypes(op->getContext(), op->getLoc(), op->getOperands(),
                                          op->getRawDictionaryAttrs(),
                                          op->getPropertiesStorage(), op->getRegions(), types)))
      return failure();
    OpBuilder b(op->getContext());
    b.setInsertionPointAfter(op);
    for (auto [result, type] : llvm::zip(op->getResults(), types)) {
      Type original = result.getType();
      result.setType(type);
      if (!isUnsigned(original))
        continue;
      if (type == signless(original)) { // the data kept its bits (set_subtensor)
        holdsUnsigned.insert(result);
        continue;
      }
      // Back to uint8 bits: truncation, which keeps the value.
      auto narrowType = cast<RankedTensorType>(type).clone(b.getIntegerType(8));
      auto narrow = CastOp::create(b, op->getLoc(), narrowType, result,
                                   TypeAttr::get(b.getIntegerType(8)));
      narrow.setUnsignedResult(true);
      result.replaceAllUsesExcept(narrow, narrow);
      holdsUnsigned.insert(narrow);
    }
    return success();
  }

  /// Casts from and to uint8 keep the meaning in their flags.
  LogicalResult rewriteCast(CastOp cast) {
    if (holdsUnsigned.contains(cast.getInput()))
      cast.setUnsignedInput(true);
    if (isUnsigned(cast.getType())) {
      cast.setUnsignedResult(true);
      cast.setDtypeAttr(TypeAttr::get(signless(cast.getDtype())));
      retype(cast.getResult());
    }
    return success();
  }

  func::FuncOp func;
  DenseSet<Value> holdsUnsigned;
  DenseMap<std::pair<Value, Block *>, Value> widened;
};

struct ThetaSignlessIntegersPass
    : theta::impl::ThetaSignlessIntegersBase<ThetaSignlessIntegersPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    if (failed(Rewriter(func).run()))
      signalPassFailure();
  }
};

} // namespace
