//===- ScanLowering.cpp - --theta-scan-to-scf -----------------------------===//
//
// A theta.scan becomes an scf.for (scf.while for `until`) over tensors. Each
// state keeps its history in one preallocated tensor (initial values, then
// one row per step) that the loop carries and writes with insert_slice, so
// bufferization updates it in place; each output gets a preallocated
// [steps, ...] tensor written the same way. The body's theta ops are copied
// into the loop and lowered by theta-to-linalg afterwards.
//
// Two savings, decided per scan from how its results are used:
// - a state with the tap -1 only, whose history is read only at its last
//   step (`values[-1]`), keeps one row, overwritten each step, instead of
//   a history (a row rather than a plain loop value, so that bufferization
//   writes it in place instead of allocating a new tensor per step);
// - states and outputs that nothing outside needs, and that no needed value
//   depends on, are not computed at all (the backward scan of a gradient
//   computes every adjoint; only the requested ones survive).
//
// Transposes of non-sequences (a weight's W.T in the backward step of an
// RNN) are made once, before the loop; theta-to-linalg then multiplies by
// the transposed copy instead of reading the weight transposed every step.
//
//===----------------------------------------------------------------------===//
#include "dialect/ThetaOps.h"
#include "lowering/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"

namespace theta {
#define GEN_PASS_DEF_THETASCANTOSCF
#include "lowering/Passes.h.inc"
} // namespace theta

using namespace mlir;
using namespace theta;

namespace {

RankedTensorType tensorOf(Value value) { return cast<RankedTensorType>(value.getType()); }

/// Whether `user` reads the row of the last step of a scan result.
bool readsLastRow(Operation *user, bool reverse) {
  auto subtensor = dyn_cast<SubtensorOp>(user);
  if (!subtensor || !subtensor.getDynamicStarts().empty() ||
      subtensor.getDrop() != ArrayRef<int64_t>{0} || subtensor.getSizes()[0] != 1 ||
      !subtensor.getStops().empty())
    return false;
  RankedTensorType type = tensorOf(subtensor.getInput());
  int64_t start = subtensor.getStaticStarts()[0];
  bool last = reverse ? start == 0
                      : start == -1 || (!type.isDynamicDim(0) && start == type.getDimSize(0) - 1);
  if (!last)
    return false;
  for (int64_t d = 1; d < type.getRank(); ++d)
    if (subtensor.getStaticStarts()[d] != 0 || subtensor.getSteps()[d] != 1 ||
        (subtensor.getSizes()[d] != -1 && subtensor.getSizes()[d] != type.getDimSize(d)))
      return false;
  return true;
}

class ScanLowering {
public:
  ScanLowering(ScanOp scan) : scan(scan), b(scan), loc(scan.getLoc()) {}

  LogicalResult run() {
    for (Value value : scan.getBodyBlock().getArguments())
      if (!tensorOf(value).hasStaticShape())
        return scan.emitOpError("needs static shapes inside its body to be lowered, got ")
               << typeToString(value.getType());
    findLiveValues();
    hoistInvariantShuffles();
    Value steps = stepCount();
    allocateHistories(steps);
    SmallVector<Value> finals = scan.getUntil() ? emitWhile(steps) : emitFor(steps);
    replaceResults(finals);
    return success();
  }

private:
  unsigned states() { return scan.getNumStates(); }

  Value indexConstant(int64_t value) { return arith::ConstantIndexOp::create(b, loc, value); }

  Value stepCount() {
    if (Value count = scan.getNSteps()) {
      Value scalar = tensor::ExtractOp::create(b, loc, count, ValueRange());
      return arith::IndexCastOp::create(b, loc, b.getIndexType(), scalar);
    }
    return tensor::DimOp::create(b, loc, scan.getSequences().front(), 0);
  }

  /// Marks the states and outputs whose values are needed, and the body ops
  /// that compute them.
  void findLiveValues() {
    Operation *yield = scan.getYield();
    liveState.assign(states(), false);
    liveOutput.assign(scan.getNumOutputs(), false);
    lastOnly.assign(states(), false);
    SmallVector<Value> roots;
    for (unsigned i = 0; i < states(); ++i) {
      Value result = scan.getResult(i);
      liveState[i] = !result.use_empty();
      lastOnly[i] = scan.getTapsOf(i) == ArrayRef<int64_t>{-1} &&
                    llvm::all_of(result.getUsers(),
                                 [&](Operation *u) { return readsLastRow(u, scan.getReverse()); });
    }
    for (unsigned j = 0; j < scan.getNumOutputs(); ++j)
      liveOutput[j] = !scan.getResult(states() + j).use_empty();
    if (scan.getUntil())
      roots.push_back(yield->getOperands().back());
    for (unsigned j = 0; j < scan.getNumOutputs(); ++j)
      if (liveOutput[j])
        roots.push_back(yield->getOperand(states() + j));

    // A state is live when its result is used or a live value reads its taps.
    llvm::DenseMap<Value, unsigned> stateOfTap;
    for (unsigned i = 0; i < states(); ++i)
      for (Value tap : scan.getTapArgumentsOf(i))
        stateOfTap[tap] = i;
    for (unsigned i = 0; i < states(); ++i)
      if (liveState[i])
        roots.push_back(yield->getOperand(i));
    SmallVector<Value> worklist = roots;
    while (!worklist.empty()) {
      Value value = worklist.pop_back_val();
      if (auto found = stateOfTap.find(value); found != stateOfTap.end()) {
        unsigned i = found->second;
        if (!liveState[i]) {
          liveState[i] = true;
          worklist.push_back(yield->getOperand(i));
        }
        continue;
      }
      Operation *op = value.getDefiningOp();
      if (!op || !needed.insert(op))
        continue;
      llvm::append_range(worklist, op->getOperands());
      // An inner scan, already a loop, reads body values inside its regions
      // (its step count, a hoisted transpose).
      visitUsedValuesDefinedAbove(op->getRegions(),
                                  [&](OpOperand *use) { worklist.push_back(use->get()); });
    }
  }

  /// The value of state `i` at its tap `tap` relative to step `t`.
  int64_t historyRow(unsigned i, int64_t tap) {
    // Forward: row depth + t holds step t. Reverse (tap -1 only): row t holds
    // step t and row steps holds the initial value.
    return scan.getReverse() ? -tap : scan.getDepthOf(i) + tap;
  }

  void allocateHistories(Value steps) {
    for (unsigned i = 0; i < states(); ++i) {
      if (!liveState[i])
        continue;
      Value initial = scan.getInitial()[i];
      RankedTensorType stateType = dropLeading(tensorOf(initial));
      if (lastOnly[i]) {
        carriedInitial.push_back(initial); // one row, overwritten each step
        continue;
      }
      int64_t depth = scan.getDepthOf(i);
      Value rowsNeeded = arith::AddIOp::create(b, loc, steps, indexConstant(depth));
      SmallVector<int64_t> shape{ShapedType::kDynamic};
      llvm::append_range(shape, stateType.getShape());
      Value history = tensor::EmptyOp::create(b, loc, shape, stateType.getElementType(),
                                              ValueRange{rowsNeeded});
      Value at = scan.getReverse() ? steps : indexConstant(0);
      carriedInitial.push_back(insertRows(initial, history, at));
    }
    for (unsigned j = 0; j < scan.getNumOutputs(); ++j) {
      if (!liveOutput[j])
        continue;
      RankedTensorType type = tensorOf(scan.getYield()->getOperand(states() + j));
      SmallVector<int64_t> shape{ShapedType::kDynamic};
      llvm::append_range(shape, type.getShape());
      carriedInitial.push_back(
          tensor::EmptyOp::create(b, loc, shape, type.getElementType(), ValueRange{steps}));
    }
  }

  /// Offsets/sizes/strides addressing `rows` rows of `type` from `first`.
  void sliceOf(RankedTensorType type, OpFoldResult first, OpFoldResult rows,
               SmallVectorImpl<OpFoldResult> &offsets, SmallVectorImpl<OpFoldResult> &sizes,
               SmallVectorImpl<OpFoldResult> &strides) {
    offsets.push_back(first);
    sizes.push_back(rows);
    strides.push_back(b.getIndexAttr(1));
    for (int64_t size : type.getShape()) {
      offsets.push_back(b.getIndexAttr(0));
      sizes.push_back(b.getIndexAttr(size));
      strides.push_back(b.getIndexAttr(1));
    }
  }

  /// Row `index` of `source`, as a tensor of `rowType`.
  Value rowOf(Value source, OpFoldResult index, RankedTensorType rowType) {
    SmallVector<OpFoldResult> offsets, sizes, strides;
    sliceOf(rowType, index, b.getIndexAttr(1), offsets, sizes, strides);
    return tensor::ExtractSliceOp::create(b, loc, rowType, source, offsets, sizes, strides);
  }

  /// `dest` with `value` (one row, or several with a leading axis) at `at`.
  Value insertRows(Value value, Value dest, OpFoldResult at) {
    RankedTensorType type = tensorOf(value);
    RankedTensorType rowType = dropLeading(tensorOf(dest));
    int64_t rows = type.getRank() == rowType.getRank() ? 1 : type.getDimSize(0);
    SmallVector<OpFoldResult> offsets, sizes, strides;
    sliceOf(rowType, at, b.getIndexAttr(rows), offsets, sizes, strides);
    return tensor::InsertSliceOp::create(b, loc, value, dest, offsets, sizes, strides);
  }

  /// Dimshuffles of non-sequences do the same every step: each is built once
  /// before the loop and stands for its body op in every step.
  void hoistInvariantShuffles() {
    IRMapping outside;
    outside.map(scan.getNonSequenceArguments(), scan.getNonSequences());
    for (Operation &op : scan.getBodyBlock().without_terminator()) {
      auto shuffle = dyn_cast<DimShuffleOp>(op);
      if (!shuffle || !needed.contains(&op))
        continue;
      auto argument = dyn_cast<BlockArgument>(shuffle.getInput());
      if (!argument || !llvm::is_contained(scan.getNonSequenceArguments(), argument))
        continue;
      hoisted.map(shuffle.getResult(), b.clone(op, outside)->getResult(0));
    }
  }

  /// One step at time `t` on the carried values; returns the new carried
  /// values and, for `until`, the stop condition (i1).
  std::pair<SmallVector<Value>, Value> emitStep(Value t, ValueRange carried) {
    IRMapping mapping = hoisted;
    for (auto [sequence, argument] : llvm::zip(scan.getSequences(), scan.getSequenceArguments()))
      mapping.map(argument, rowOf(sequence, t, tensorOf(argument)));
    unsigned next = 0;
    for (unsigned i = 0; i < states(); ++i) {
      if (!liveState[i])
        continue;
      Value state = carried[next++];
      for (auto [tap, argument] : llvm::zip(scan.getTapsOf(i), scan.getTapArgumentsOf(i))) {
        Value row = lastOnly[i] ? indexConstant(0)
                                : arith::AddIOp::create(b, loc, t,
                                                        indexConstant(historyRow(i, tap)));
        mapping.map(argument, rowOf(state, row, tensorOf(argument)));
      }
    }
    mapping.map(scan.getNonSequenceArguments(), scan.getNonSequences());
    for (Operation &op : scan.getBodyBlock().without_terminator())
      if (needed.contains(&op) && !(op.getNumResults() == 1 && hoisted.contains(op.getResult(0))))
        b.clone(op, mapping);

    Operation *yield = scan.getYield();
    SmallVector<Value> updated;
    next = 0;
    for (unsigned i = 0; i < states(); ++i) {
      if (!liveState[i])
        continue;
      Value value = mapping.lookupOrDefault(yield->getOperand(i));
      Value state = carried[next++];
      Value row = lastOnly[i]          ? indexConstant(0)
                  : scan.getReverse() ? t
                                      : arith::AddIOp::create(b, loc, t,
                                                              indexConstant(scan.getDepthOf(i)));
      updated.push_back(insertRows(value, state, row));
    }
    for (unsigned j = 0; j < scan.getNumOutputs(); ++j) {
      if (!liveOutput[j])
        continue;
      Value value = mapping.lookupOrDefault(yield->getOperand(states() + j));
      updated.push_back(insertRows(value, carried[next++], t));
    }
    Value stop;
    if (scan.getUntil())
      stop = tensor::ExtractOp::create(b, loc, mapping.lookupOrDefault(yield->getOperands().back()),
                                       ValueRange());
    return {updated, stop};
  }

  SmallVector<Value> emitFor(Value steps) {
    auto loop = scf::ForOp::create(b, loc, indexConstant(0), steps, indexConstant(1),
                                   carriedInitial);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value t = loop.getInductionVar();
    if (scan.getReverse()) {
      Value last = arith::SubIOp::create(b, loc, steps, indexConstant(1));
      t = arith::SubIOp::create(b, loc, last, t);
    }
    SmallVector<Value> updated = emitStep(t, loop.getRegionIterArgs()).first;
    // scf.for's builder adds a yield only without iter_args.
    if (loop.getBody()->mightHaveTerminator() && isa<scf::YieldOp>(loop.getBody()->back()))
      loop.getBody()->back().erase();
    scf::YieldOp::create(b, loc, updated);
    stepsRun = steps;
    return SmallVector<Value>(loop.getResults());
  }

  /// A while loop carrying (step, keep going, values...); stops after the
  /// first step whose condition is true, or after `steps` steps.
  SmallVector<Value> emitWhile(Value steps) {
    SmallVector<Value> operands{indexConstant(0), arith::ConstantIntOp::create(b, loc, 1, 1)};
    llvm::append_range(operands, carriedInitial);
    SmallVector<Type> types;
    for (Value operand : operands)
      types.push_back(operand.getType());
    auto loop = scf::WhileOp::create(b, loc, types, operands);
    SmallVector<Location> locations(types.size(), loc);
    {
      OpBuilder::InsertionGuard guard(b);
      Block *before = b.createBlock(&loop.getBefore(), {}, types, locations);
      Value inRange = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                            before->getArgument(0), steps);
      Value go = arith::AndIOp::create(b, loc, inRange, before->getArgument(1));
      scf::ConditionOp::create(b, loc, go, before->getArguments());

      Block *after = b.createBlock(&loop.getAfter(), {}, types, locations);
      Value t = after->getArgument(0);
      auto [updated, stop] = emitStep(t, after->getArguments().drop_front(2));
      // `go` (true here) is read so that canonicalization keeps the while's
      // before and after arguments aligned, as bufferization requires.
      Value keepGoing = arith::XOrIOp::create(b, loc, stop,
                                              arith::ConstantIntOp::create(b, loc, 1, 1));
      SmallVector<Value> yielded{
          arith::AddIOp::create(b, loc, t, indexConstant(1)),
          arith::AndIOp::create(b, loc, after->getArgument(1), keepGoing)};
      llvm::append_range(yielded, updated);
      scf::YieldOp::create(b, loc, yielded);
    }
    stepsRun = loop.getResult(0);
    return SmallVector<Value>(loop.getResults().drop_front(2));
  }

  /// `value` as a `type` (a cast where the static sizes differ).
  Value castTo(Value value, Type type) {
    return value.getType() == type ? value
                                   : tensor::CastOp::create(b, loc, type, value).getResult();
  }

  /// Rows [first, first + stepsRun) of a history, typed as `like`.
  Value historyRows(Value history, OpFoldResult first, Type like) {
    SmallVector<OpFoldResult> offsets, sizes, strides;
    sliceOf(dropLeading(tensorOf(history)), first, stepsRun, offsets, sizes, strides);
    return castTo(tensor::ExtractSliceOp::create(b, loc, history, offsets, sizes, strides), like);
  }

  /// concatenate(initial, result) along the leading axis, as BPTT reads the
  /// states before each step, is rows [0, depth + steps) of the history
  /// itself (a forward scan keeps its initial rows first and never writes
  /// them): a view, where a concatenation copied the history and made the
  /// loop's initial history a copy of its own.
  void replaceConcatenationsWithHistory(unsigned i, Value final) {
    if (scan.getReverse())
      return;
    Value result = scan.getResult(i), initial = scan.getInitial()[i];
    for (Operation *user : llvm::make_early_inc_range(result.getUsers())) {
      auto concat = dyn_cast<ConcatenateOp>(user);
      if (!concat || concat.getAxis() != 0 || concat.getInputs().size() != 2 ||
          concat.getInputs()[0] != initial || concat.getInputs()[1] != result)
        continue;
      Value rows = arith::AddIOp::create(b, loc, indexConstant(scan.getDepthOf(i)), stepsRun);
      SmallVector<OpFoldResult> offsets, sizes, strides;
      sliceOf(dropLeading(tensorOf(final)), b.getIndexAttr(0), rows, offsets, sizes, strides);
      Value whole = tensor::ExtractSliceOp::create(b, loc, final, offsets, sizes, strides);
      concat.getResult().replaceAllUsesWith(castTo(whole, concat.getType()));
      concat.erase();
    }
  }

  void replaceResults(ArrayRef<Value> finals) {
    unsigned next = 0;
    for (unsigned i = 0; i < states(); ++i) {
      if (!liveState[i])
        continue;
      Value final = finals[next++];
      Value result = scan.getResult(i);
      if (lastOnly[i]) {
        final = rowOf(final, b.getIndexAttr(0), dropLeading(tensorOf(final)));
        for (Operation *user : llvm::make_early_inc_range(result.getUsers())) {
          user->getResult(0).replaceAllUsesWith(castTo(final, user->getResult(0).getType()));
          user->erase();
        }
        continue;
      }
      replaceConcatenationsWithHistory(i, final);
      if (result.use_empty())
        continue;
      OpFoldResult first = scan.getReverse() ? OpFoldResult(b.getIndexAttr(0))
                                             : OpFoldResult(b.getIndexAttr(scan.getDepthOf(i)));
      result.replaceAllUsesWith(historyRows(final, first, result.getType()));
    }
    for (unsigned j = 0; j < scan.getNumOutputs(); ++j) {
      if (!liveOutput[j])
        continue;
      Value result = scan.getResult(states() + j);
      Value history = finals[next++];
      result.replaceAllUsesWith(scan.getUntil()
                                    ? historyRows(history, b.getIndexAttr(0), result.getType())
                                    : castTo(history, result.getType()));
    }
    scan.erase();
  }

  ScanOp scan;
  OpBuilder b;
  Location loc;
  SmallVector<bool> liveState, liveOutput, lastOnly;
  llvm::SetVector<Operation *> needed;
  /// Body values computed once before the loop (hoistInvariantShuffles).
  IRMapping hoisted;
  SmallVector<Value> carriedInitial;
  Value stepsRun;
};

struct ScanToScfPass : theta::impl::ThetaScanToScfBase<ScanToScfPass> {
  void runOnOperation() override {
    // Innermost first: an outer body then copies already-lowered loops.
    SmallVector<ScanOp> scans;
    getOperation().walk([&](ScanOp scan) { scans.push_back(scan); });
    for (ScanOp scan : scans)
      if (failed(ScanLowering(scan).run()))
        return signalPassFailure();
  }
};

} // namespace
