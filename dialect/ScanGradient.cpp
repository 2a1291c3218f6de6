//===- ScanGradient.cpp - backpropagation through time --------------------===//
//
// The gradient of a scan is another scan running the other way. Its step t
// recomputes the forward body at t from the forward sequences and the stored
// state history (given to it as extra sequences, one per tap), and takes the
// body's vector-Jacobian product. What flows backwards from step t to t-1:
//
// - for each state with depth K (taps down to -K), a shift register of K
//   adjoints: `carry[c]` is the adjoint of the state's value c steps before
//   the current one, accumulated from the later steps. The adjoint of the
//   state produced at t is its own cotangent plus `carry[0]`; the new
//   `carry[c]` is the old `carry[c + 1]` plus what tap -(c + 1) received.
//   After the last backward step the carries are the initial values'
//   adjoints.
// - for each non-sequence, the sum of its adjoints over the steps.
//
// Sequence adjoints are outputs of the backward scan, one row per step.
//
//===----------------------------------------------------------------------===//
#include "dialect/Autodiff.h"
#include "dialect/GradientBuilder.h"

#include "mlir/IR/IRMapping.h"

using namespace mlir;
using namespace theta;

namespace {

bool isFloat(Value value) { return isa<FloatType>(tensorType(value).getElementType()); }

/// One step of a sequence or history.
RankedTensorType stepType(Value value) { return dropLeading(tensorType(value)); }

/// `x[start : start + size]` along the leading axis.
Value rows(GradientBuilder &gb, Value x, int64_t start, int64_t size) {
  RankedTensorType type = tensorType(x);
  if (start == 0 && type.getDimSize(0) == size)
    return x;
  int64_t rank = type.getRank();
  SmallVector<int64_t> starts(rank, 0), sizes(rank, -1), steps(rank, 1);
  starts[0] = start;
  sizes[0] = size;
  return gb.create<SubtensorOp>(x, ValueRange(), starts, sizes, steps, ArrayRef<int64_t>{});
}

/// `x[index]` along the leading axis.
Value row(GradientBuilder &gb, Value x, int64_t index) {
  int64_t rank = tensorType(x).getRank();
  SmallVector<int64_t> starts(rank, 0), sizes(rank, -1), steps(rank, 1);
  starts[0] = index;
  sizes[0] = 1;
  return gb.create<SubtensorOp>(x, ValueRange(), starts, sizes, steps, ArrayRef<int64_t>{0});
}

Value zerosOf(GradientBuilder &gb, RankedTensorType type) {
  return gb.create<ZerosOp>(ValueRange(), type.getShape(), type.getElementType());
}

} // namespace

LogicalResult ScanOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                     SmallVectorImpl<Value> &grads) {
  if (getUntil())
    return emitOpError("with an until condition cannot be differentiated: its step count is "
                       "known only when it runs");
  for (Value value : llvm::concat<Value>(getOperands(), getResults()))
    if (!tensorType(value).hasStaticShape())
      return emitOpError("needs static shapes to be differentiated, got ")
             << typeToString(value.getType())
             << " (theta::function specializes shapes before taking gradients)";
  grads.assign(getNumOperands(), Value());
  if (getNumResults() == 0)
    return success();
  // No step ran (NumPy's and Theano's 0-row results): no result depends on
  // any operand, so every gradient is zero, and there are no rows to slice.
  const int64_t steps = tensorType(getResult(0)).getDimSize(0);
  if (steps == 0)
    return success();

  Location loc = getLoc();
  GradientBuilder gb(b, loc);
  const bool forwardReverse = getReverse();
  const unsigned states = getNumStates();
  // Truncated backpropagation through time: the backward scan covers the
  // last `window` steps computed, rows [first, first + window) (the first
  // rows when the forward scan runs in reverse).
  const int64_t truncate = getTruncateGradient();
  const int64_t window = truncate > 0 ? std::min(truncate, steps) : steps;
  const int64_t first = forwardReverse ? 0 : steps - window;
  ValueRange stateResults = getResults().take_front(states);
  ValueRange outputResults = getResults().drop_front(states);
  ArrayRef<Value> stateGrads = resultGrads.take_front(states);
  ArrayRef<Value> outputGrads = resultGrads.drop_front(states);

  // Sequences of the backward scan: the forward sequences, each tap's
  // values at every step, then the cotangents of the results.
  SmallVector<Value> sequences;
  for (Value sequence : getSequences())
    sequences.push_back(rows(gb, sequence, first, window));
  for (unsigned i = 0; i < states; ++i) {
    Value initial = getInitial()[i], history = stateResults[i];
    int64_t depth = getDepthOf(i);
    // All values of the state in time order: initial ones, then each step's.
    Value all = forwardReverse
                    ? gb.create<ConcatenateOp>(ValueRange{history, initial}, 0)
                    : gb.create<ConcatenateOp>(ValueRange{initial, history}, 0);
    for (int64_t tap : getTapsOf(i))
      sequences.push_back(rows(gb, all, first + (forwardReverse ? -tap : depth + tap), window));
  }
  for (unsigned i = 0; i < states; ++i)
    if (stateGrads[i] && isFloat(stateResults[i]))
      sequences.push_back(rows(gb, stateGrads[i], first, window));
  for (unsigned j = 0; j < getNumOutputs(); ++j)
    if (outputGrads[j] && isFloat(outputResults[j]))
      sequences.push_back(rows(gb, outputGrads[j], first, window));
  size_t firstResultSequence = sequences.size();
  // The forward results, so the backward step reads what the forward step
  // produced instead of computing it again.
  for (Value result : getResults())
    sequences.push_back(rows(gb, result, first, window));

  // Backward states: the carries of every floating-point state, then one
  // accumulator per floating-point non-sequence.
  SmallVector<Value> initial;
  SmallVector<RankedTensorType> carriedTypes;
  for (unsigned i = 0; i < states; ++i)
    if (isFloat(stateResults[i]))
      for (int64_t c = 0; c < getDepthOf(i); ++c)
        carriedTypes.push_back(stepType(getInitial()[i]));
  for (Value other : getNonSequences())
    if (isFloat(other))
      carriedTypes.push_back(tensorType(other));
  for (RankedTensorType type : carriedTypes)
    initial.push_back(zerosOf(gb, withLeading(1, type)));
  // The backward scan's types are read from these values.
  if (failed(gb.status()))
    return failure();

  SmallVector<Type> resultTypes;
  for (RankedTensorType type : carriedTypes)
    resultTypes.push_back(withLeading(window, type));
  for (Value sequence : ArrayRef<Value>(sequences).take_front(getSequences().size()))
    if (isFloat(sequence))
      resultTypes.push_back(sequence.getType());

  OperationState state(loc, getOperationName());
  state.addOperands(sequences);
  state.addOperands(initial);
  state.addOperands(getNonSequences());
  state.addAttribute("operandSegmentSizes",
                     b.getDenseI32ArrayAttr({static_cast<int32_t>(sequences.size()),
                                             static_cast<int32_t>(initial.size()),
                                             static_cast<int32_t>(getNonSequences().size()), 0}));
  SmallVector<Attribute> taps(initial.size(), b.getDenseI64ArrayAttr({-1}));
  state.addAttribute("taps", b.getArrayAttr(taps));
  if (!forwardReverse)
    state.addAttribute("reverse", b.getUnitAttr());
  state.addTypes(resultTypes);
  state.addRegion();
  Operation *backward = b.create(state);

  // The backward body: [sequence slices..., tap values..., cotangents..., forward
  // results..., carries..., accumulators..., non-sequences...].
  Block *block = new Block();
  backward->getRegion(0).push_back(block);
  for (Value sequence : sequences)
    block->addArgument(stepType(sequence), loc);
  for (RankedTensorType type : carriedTypes)
    block->addArgument(type, loc);
  for (Value other : getNonSequences())
    block->addArgument(other.getType(), loc);
  SmallVector<Value> arguments(block->getArguments().begin(), block->getArguments().end());
  size_t nSequences = getSequences().size();
  size_t nTaps = getTapArguments().size();
  ArrayRef<Value> sequenceArgs = ArrayRef<Value>(arguments).take_front(nSequences);
  ArrayRef<Value> tapArgs = ArrayRef<Value>(arguments).slice(nSequences, nTaps);
  ArrayRef<Value> cotangentArgs = ArrayRef<Value>(arguments).slice(
      nSequences + nTaps, firstResultSequence - nSequences - nTaps);
  ArrayRef<Value> resultArgs =
      ArrayRef<Value>(arguments).slice(firstResultSequence, getNumResults());
  ArrayRef<Value> carriedArgs =
      ArrayRef<Value>(arguments).slice(sequences.size(), carriedTypes.size());
  ArrayRef<Value> otherArgs = ArrayRef<Value>(arguments).take_back(getNonSequences().size());

  OpBuilder inner = OpBuilder::atBlockEnd(block);
  GradientBuilder ib(inner, loc);
  IRMapping mapping;
  mapping.map(getSequenceArguments(), sequenceArgs);
  mapping.map(getTapArguments(), tapArgs);
  mapping.map(getNonSequenceArguments(), otherArgs);
  for (Operation &op : getBodyBlock().without_terminator())
    inner.clone(op, mapping);

  // Cotangents of the recomputed step's yielded values.
  SmallVector<Value> produced, cotangents;
  const Value *nextCotangent = cotangentArgs.begin();
  const Value *nextCarry = carriedArgs.begin();
  SmallVector<ArrayRef<Value>> carriesOf(states);
  for (unsigned i = 0; i < states; ++i) {
    produced.push_back(mapping.lookupOrDefault(getYield()->getOperand(i)));
    if (!isFloat(stateResults[i])) {
      cotangents.push_back(Value());
      continue;
    }
    carriesOf[i] = ArrayRef<Value>(nextCarry, getDepthOf(i));
    nextCarry += getDepthOf(i);
    Value carried = carriesOf[i].front();
    cotangents.push_back(stateGrads[i] ? ib.add(*nextCotangent++, carried) : carried);
  }
  for (unsigned j = 0; j < getNumOutputs(); ++j) {
    produced.push_back(mapping.lookupOrDefault(getYield()->getOperand(states + j)));
    bool given = outputGrads[j] && isFloat(outputResults[j]);
    cotangents.push_back(given ? *nextCotangent++ : Value());
  }
  SmallVector<Value> wrt;
  llvm::append_range(wrt, sequenceArgs);
  llvm::append_range(wrt, tapArgs);
  llvm::append_range(wrt, otherArgs);
  // Until its body is complete the backward scan is invalid: a failure
  // removes it (nothing uses it yet).
  auto abandon = [&]() {
    backward->erase();
    return failure();
  };
  FailureOr<SmallVector<Value>> stepGrads =
      vectorJacobianProduct(inner, loc, produced, cotangents, wrt);
  if (failed(ib.status()) || failed(stepGrads))
    return abandon();
  // Values the step produced are the forward results' rows: the recomputed
  // ops that only fed them are then dead, and not lowered.
  for (auto [value, stored] : llvm::zip(produced, resultArgs))
    if (value.getDefiningOp() && value.getParentBlock() == block)
      value.replaceAllUsesWith(stored);
  ArrayRef<Value> sequenceGrads = ArrayRef<Value>(*stepGrads).take_front(nSequences);
  ArrayRef<Value> tapGrads = ArrayRef<Value>(*stepGrads).slice(nSequences, nTaps);
  ArrayRef<Value> otherGrads = ArrayRef<Value>(*stepGrads).take_back(otherArgs.size());

  SmallVector<Value> yielded;
  size_t firstTap = 0;
  for (unsigned i = 0; i < states; ++i) {
    ArrayRef<int64_t> stateTaps = getTapsOf(i);
    if (isFloat(stateResults[i])) {
      int64_t depth = getDepthOf(i);
      for (int64_t c = 0; c < depth; ++c) {
        Value received;
        if (const int64_t *tap = llvm::find(stateTaps, -(c + 1)); tap != stateTaps.end())
          received = tapGrads[firstTap + (tap - stateTaps.begin())];
        Value older = c + 1 < depth ? carriesOf[i][c + 1] : Value();
        Value next = received && older ? ib.add(older, received) : received ? received : older;
        yielded.push_back(next ? next : zerosOf(ib, tensorType(carriesOf[i][c])));
      }
    }
    firstTap += stateTaps.size();
  }
  const Value *accumulator = nextCarry;
  for (auto [other, grad] : llvm::zip(otherArgs, otherGrads))
    if (isFloat(other)) {
      Value sum = *accumulator++;
      yielded.push_back(grad ? ib.add(sum, grad) : sum);
    }
  for (auto [slice, grad] : llvm::zip(sequenceArgs, sequenceGrads))
    if (isFloat(slice))
      yielded.push_back(grad ? grad : zerosOf(ib, tensorType(slice)));
  if (failed(ib.status()))
    return abandon();
  YieldOp::create(inner, loc, yielded);

  // Gradients of the forward operands from the backward results.
  int64_t lastRow = forwardReverse ? window - 1 : 0;
  SmallVector<Value> backwardResults(backward->getResults().begin(),
                                     backward->getResults().end());
  const Value *result = backwardResults.begin();
  for (unsigned i = 0; i < states; ++i) {
    if (!isFloat(stateResults[i]))
      continue;
    int64_t depth = getDepthOf(i);
    // initial[j] is the state's value depth - j steps before the first,
    // whose adjoint is the final carry[depth - 1 - j]. Truncated, the carry
    // is the adjoint of the state before the window, which Theano's scan
    // returns as the initial state's gradient; so does Theta.
    SmallVector<Value> initialRows(depth);
    for (int64_t c = 0; c < depth; ++c)
      initialRows[depth - 1 - c] = gb.expandDims(row(gb, *result++, lastRow), {0});
    grads[nSequences + i] =
        depth == 1 ? initialRows.front() : gb.create<ConcatenateOp>(initialRows, 0);
  }
  size_t firstOther = nSequences + states;
  for (auto [index, other] : llvm::enumerate(getNonSequences()))
    if (isFloat(other))
      grads[firstOther + index] = row(gb, *result++, lastRow);
  for (auto [index, sequence] : llvm::enumerate(getSequences())) {
    if (!isFloat(sequence))
      continue;
    Value grad = *result++;
    if (tensorType(sequence).getDimSize(0) != window) {
      // Rows outside the window (a sequence longer than n_steps, steps cut
      // by truncate_gradient) get no gradient.
      int64_t rank = tensorType(sequence).getRank();
      SmallVector<int64_t> starts(rank, 0), sizes(rank, -1), strides(rank, 1);
      starts[0] = first;
      sizes[0] = window;
      grad = gb.create<IncSubtensorOp>(gb.zerosLike(sequence), ValueRange(), starts, sizes,
                                       strides, ArrayRef<int64_t>{}, grad, ArrayRef<int64_t>{});
    }
    grads[index] = grad;
  }
  return gb.status();
}
