//===- ScanOps.cpp - type inference and verification of theta.scan --------===//
//
// Result types follow from the operands (step count, state shapes) and the
// body's yielded outputs; the region verifier checks that the body's
// arguments and yielded values agree with the operands, in the user's terms.
//
//===----------------------------------------------------------------------===//
#include "dialect/ThetaOps.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace theta;

namespace {

LogicalResult fail(std::optional<Location> loc, const Twine &message) {
  if (loc)
    mlir::emitError(*loc) << "'theta.scan' op " << message;
  return failure();
}

/// Number of values yielded besides the states' and the condition.
int64_t outputCount(Region *body, size_t states, bool until) {
  if (!body || body->empty() || body->front().empty() ||
      !body->front().back().hasTrait<OpTrait::IsTerminator>())
    return -1;
  return static_cast<int64_t>(body->front().back().getNumOperands()) -
         static_cast<int64_t>(states) - (until ? 1 : 0);
}

} // namespace

Block::BlockArgListType ScanOp::getSequenceArguments() {
  return getBodyBlock().getArguments().take_front(getSequences().size());
}

Block::BlockArgListType ScanOp::getTapArguments() {
  size_t taps = 0;
  for (unsigned i = 0; i < getNumStates(); ++i)
    taps += getTapsOf(i).size();
  return getBodyBlock().getArguments().drop_front(getSequences().size()).take_front(taps);
}

Block::BlockArgListType ScanOp::getNonSequenceArguments() {
  return getBodyBlock().getArguments().take_back(getNonSequences().size());
}

Block::BlockArgListType ScanOp::getTapArgumentsOf(unsigned state) {
  size_t first = 0;
  for (unsigned i = 0; i < state; ++i)
    first += getTapsOf(i).size();
  return getTapArguments().drop_front(first).take_front(getTapsOf(state).size());
}

LogicalResult ScanOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  ArrayAttr taps = adaptor.getTapsAttr();
  ValueRange initial = adaptor.getInitial();
  if (!taps || taps.size() != initial.size())
    return fail(loc, "has " + Twine(initial.size()) + " recurrent states but " +
                         Twine(taps ? taps.size() : 0) + " tap lists");

  // The step count: n_steps when given, else the sequences' common length.
  int64_t steps = ShapedType::kDynamic;
  bool stepsKnown = false;
  if (Value count = adaptor.getNSteps()) {
    if (std::optional<int64_t> known = knownScalar(count)) {
      if (*known < 0)
        return fail(loc, "n_steps is negative (" + Twine(*known) + ")");
      steps = *known;
    }
    stepsKnown = true;
  }
  for (auto [index, sequence] : llvm::enumerate(adaptor.getSequences())) {
    auto type = cast<RankedTensorType>(sequence.getType());
    if (type.getRank() == 0)
      return fail(loc, "sequence #" + Twine(index) + " is a scalar (" + typeToString(type) +
                           "); a sequence needs a leading time axis");
    int64_t length = type.getDimSize(0);
    if (ShapedType::isDynamic(length))
      continue;
    if (adaptor.getNSteps()) {
      if (!ShapedType::isDynamic(steps) && length < steps)
        return fail(loc, "sequence #" + Twine(index) + " (" + typeToString(type) +
                             ") is shorter than n_steps = " + Twine(steps));
      continue;
    }
    if (!ShapedType::isDynamic(steps) && length != steps)
      return fail(loc, "sequences have different lengths: " + Twine(steps) + " and " +
                           Twine(length) + " (sequence #" + Twine(index) + ", " +
                           typeToString(type) + ")");
    steps = length;
  }
  stepsKnown = stepsKnown || !adaptor.getSequences().empty();
  if (!stepsKnown)
    return fail(loc, "needs n_steps or at least one sequence to know how many steps to run");
  if (adaptor.getUntil())
    steps = ShapedType::kDynamic; // the condition decides at run time

  for (auto [index, pair] : llvm::enumerate(llvm::zip(initial, taps))) {
    auto [init, tapList] = pair;
    auto list = dyn_cast<DenseI64ArrayAttr>(tapList);
    if (!list || list.empty())
      return fail(loc, "state #" + Twine(index) + " needs a non-empty list of taps");
    ArrayRef<int64_t> offsets = list.asArrayRef();
    for (auto [i, tap] : llvm::enumerate(offsets))
      if (tap >= 0 || (i > 0 && offsets[i - 1] >= tap))
        return fail(loc, "taps of state #" + Twine(index) +
                             " must be negative and strictly increasing, got " +
                             Twine(tap));
    if (adaptor.getReverse() && offsets != ArrayRef<int64_t>{-1})
      return fail(loc, "a reverse scan supports only the tap -1 (state #" + Twine(index) + ")");
    auto type = cast<RankedTensorType>(init.getType());
    int64_t depth = -offsets.front();
    if (type.getRank() == 0 ||
        (!ShapedType::isDynamic(type.getDimSize(0)) && type.getDimSize(0) != depth))
      return fail(loc, "the initial value of state #" + Twine(index) + " (" +
                           typeToString(type) + ") needs a leading axis of " + Twine(depth) +
                           " past values for taps down to " + Twine(-depth));
    inferred.push_back(withLeading(steps, dropLeading(type)));
  }

  Region *body = adaptor.getRegions().empty() ? nullptr : adaptor.getRegions().front();
  int64_t outputs = outputCount(body, initial.size(), adaptor.getUntil());
  if (outputs < 0)
    return fail(loc, "needs a body that ends with theta.yield of " + Twine(initial.size()) +
                         " new states" + (adaptor.getUntil() ? " and a condition" : ""));
  Operation *yield = &body->front().back();
  for (int64_t j = 0; j < outputs; ++j) {
    auto type = dyn_cast<RankedTensorType>(yield->getOperand(initial.size() + j).getType());
    if (!type)
      return fail(loc, "output #" + Twine(j) + " of the body is not a ranked tensor");
    inferred.push_back(withLeading(steps, type));
  }
  return success();
}

SmallVector<Type> ScanOp::getBodyArgumentTypes() {
  SmallVector<Type> expected;
  for (Value sequence : getSequences())
    expected.push_back(dropLeading(cast<RankedTensorType>(sequence.getType())));
  for (auto [index, init] : llvm::enumerate(getInitial()))
    expected.append(getTapsOf(index).size(),
                    dropLeading(cast<RankedTensorType>(init.getType())));
  for (Value other : getNonSequences())
    expected.push_back(other.getType());
  return expected;
}

LogicalResult ScanOp::verifyRegions() {
  Block &block = getBodyBlock();
  SmallVector<Type> expected = getBodyArgumentTypes();
  auto typeList = [](TypeRange types) {
    std::string text;
    for (auto [i, type] : llvm::enumerate(types))
      text += (i ? ", " : "") + typeToString(type);
    return text;
  };
  if (!areCompatibleTypes(block.getArgumentTypes(), expected))
    return emitOpError("body takes (") << typeList(block.getArgumentTypes())
                                       << ") but the sequences' slices, state taps and "
                                          "non-sequences are ("
                                       << typeList(expected) << ")";

  Operation *yield = getYield();
  unsigned states = getNumStates();
  int64_t outputs = outputCount(&getBody(), states, getUntil());
  if (outputs < 0)
    return emitOpError("yields ") << yield->getNumOperands() << " values, fewer than its "
                                  << states << " states" << (getUntil() ? " and condition" : "");
  for (unsigned i = 0; i < states; ++i) {
    Type state = dropLeading(cast<RankedTensorType>(getInitial()[i].getType()));
    Type produced = yield->getOperand(i).getType();
    if (!areCompatibleTypes(state, produced))
      return emitOpError("state #") << i << " is " << typeToString(state)
                                    << " but the body yields " << typeToString(produced)
                                    << " for its next value";
  }
  if (getUntil()) {
    auto condition = dyn_cast<RankedTensorType>(yield->getOperands().back().getType());
    if (!condition || condition.getRank() != 0 || !condition.getElementType().isInteger(1))
      return emitOpError("until condition must be a rank-0 i1 tensor, got ")
             << typeToString(yield->getOperands().back().getType());
  }
  return success();
}
