//===- Scan.cpp - theta::scan builds a theta.scan op ----------------------===//
//
// The step function runs once, on symbolic per-step values: the block
// arguments of a new body, into which Graph builds the ops it creates
// (Graph::ScopedBody). Values it uses from outside the body (weights,
// shared variables, constants) become extra non-sequences, so the op stays
// isolated from the graph around it. Outputs with feedback become the op's
// recurrent states (states first, then outputs without feedback); the
// results come back in outputs_info order.
//
//===----------------------------------------------------------------------===//
#include "theta/Scan.h"

#include "api/DefaultUpdates.h"
#include "api/Graph.h"
#include "api/TestValues.h"
#include "theta/Ops.h"

#include "dialect/ThetaOps.h"
#include "runtime/Diagnostics.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/SetVector.h"

#include <algorithm>

namespace theta {
using detail::at;

using detail::describe;
using detail::Graph;
using detail::valueOf;

namespace {

std::string tapsText(const std::vector<int64_t> &taps) {
  std::string text = "[";
  for (size_t i = 0; i < taps.size(); ++i)
    text += (i ? ", " : "") + std::to_string(taps[i]);
  return text + "]";
}

/// Marks a state that is not an entry of outputs_info: a shared variable
/// the step advances by its default update (a random stream's counter).
constexpr size_t kAdvancedShared = static_cast<size_t>(-1);

/// A recurrent state: an entry of outputs_info with an initial value.
struct State {
  size_t output;               // index in outputs_info, or kAdvancedShared
  Variable initial;            // with the leading axis of past values
  mlir::RankedTensorType type; // one step's value
  std::vector<int64_t> taps;
};

/// Holds the body while the step function builds it: ops need a parent op
/// (for their context and verification). A detached func, destroyed with
/// whatever the scan op did not take over.
struct BodyHolder {
  explicit BodyHolder(mlir::Location loc)
      : holder(mlir::func::FuncOp::create(loc, "scan_step",
                                          mlir::FunctionType::get(loc.getContext(), {}, {}))) {
    block = holder->addEntryBlock();
  }
  ~BodyHolder() {
    if (!holder->getBody().empty()) {
      block->dropAllDefinedValueUses();
      block->dropAllReferences();
    }
  }
  /// Moves the body into `region`.
  void transferTo(mlir::Region &region) {
    region.getBlocks().splice(region.end(), holder->getBody().getBlocks());
  }

  mlir::OwningOpRef<mlir::func::FuncOp> holder;
  mlir::Block *block;
};

/// `value` with a new leading axis of size 1 (a state's single past value).
Variable withPastAxis(const Variable &value, SourceLocation where) {
  std::vector<int64_t> pattern{newaxis};
  for (int64_t d = 0; d < value.ndim(); ++d)
    pattern.push_back(d);
  return dimshuffle(value, pattern, where);
}

std::vector<State> collectStates(const std::vector<OutputInfo> &outputs_info,
                                 SourceLocation where) {
  std::vector<State> states;
  for (size_t i = 0; i < outputs_info.size(); ++i) {
    const OutputInfo &info = outputs_info[i];
    if (!info.initial) {
      if (!info.taps.empty()) // OutputInfo(Variable()), not no_feedback
        detail::emptyVariable("scan", "the initial value of outputs_info[" + std::to_string(i) +
                                          "]", where);
      continue;
    }
    const std::vector<int64_t> &taps = info.taps;
    if (taps.empty())
      throw ArgumentError(at(where, ": scan: ") + "outputs_info[" + std::to_string(i) +
                          "] has an initial value but no taps");
    for (size_t k = 0; k < taps.size(); ++k)
      if (taps[k] >= 0 || (k > 0 && taps[k - 1] >= taps[k]))
        throw ArgumentError(at(where, ": scan: ") + "the taps of outputs_info[" + std::to_string(i) +
                            "] must be negative and increasing, got " + tapsText(taps));
    State state{i, info.initial, {}, taps};
    auto initialType = detail::tensorType(info.initial);
    if (taps == std::vector<int64_t>{-1}) {
      // The common case: the initial value is the state itself.
      state.type = initialType;
      state.initial = withPastAxis(info.initial, where);
    } else {
      int64_t depth = -taps.front();
      if (initialType.getRank() == 0 ||
          (!initialType.isDynamicDim(0) && initialType.getDimSize(0) != depth))
        throw ShapeError(at(where, ": scan: ") + "outputs_info[" + std::to_string(i) + "] has taps " +
                         tapsText(taps) + ", so its initial value needs a leading axis of " +
                         std::to_string(depth) + " past values; got " +
                         describe(info.initial));
      state.type = dropLeading(initialType);
    }
    states.push_back(state);
  }
  return states;
}

/// Checks that the step's new value of `state` matches the state.
void checkStateValue(const State &state, const Variable &value,
                     const std::vector<OutputInfo> &outputs_info, SourceLocation where) {
  auto type = detail::tensorType(value);
  std::string what = "the step returns " + describe(value) + " for output #" +
                     std::to_string(state.output) + ", whose initial value " +
                     describe(outputs_info[state.output].initial);
  if (type.getElementType() != state.type.getElementType())
    throw TypeError(at(where, ": scan: ") + what + " has another dtype; the new value must keep the " +
                    "state's dtype (cast one of them)");
  if (!areCompatibleTypes(state.type, type))
    throw ShapeError(at(where, ": scan: ") + what + " has shape " + typeToString(state.type) +
                     "; the new value must keep the state's shape, got " +
                     typeToString(type));
}

/// Turns the values the body uses from outside into block arguments; returns
/// the outside values, in the order of the new arguments.
std::vector<mlir::Value> captureOuterValues(mlir::Block *body) {
  std::vector<mlir::Value> captured;
  llvm::DenseMap<mlir::Value, mlir::Value> argumentOf;
  for (mlir::Operation &op : *body)
    for (mlir::OpOperand &use : op.getOpOperands()) {
      mlir::Value value = use.get();
      if (value.getParentBlock() == body)
        continue;
      mlir::Value &argument = argumentOf[value];
      if (!argument) {
        argument = body->addArgument(value.getType(), value.getLoc());
        captured.push_back(value);
      }
      use.set(argument);
    }
  return captured;
}

/// The ops of the graph block that compute `root` from `from` and other
/// values, in program order (the default update's expression).
std::vector<mlir::Operation *> expressionOps(mlir::Value root) {
  llvm::SetVector<mlir::Operation *> ops;
  std::vector<mlir::Value> worklist{root};
  while (!worklist.empty()) {
    mlir::Value value = worklist.back();
    worklist.pop_back();
    mlir::Operation *op = value.getDefiningOp();
    if (!op || !ops.insert(op))
      continue;
    worklist.insert(worklist.end(), op->operand_begin(), op->operand_end());
  }
  std::vector<mlir::Operation *> sorted(ops.begin(), ops.end());
  std::sort(sorted.begin(), sorted.end(),
            [](mlir::Operation *a, mlir::Operation *b) { return a->isBeforeInBlock(b); });
  return sorted;
}

} // namespace

namespace {

/// The op for sequences already cut to their taps (one entry per slice).
ScanResult scanSlices(const StepFunction &step, const std::vector<Variable> &sequences,
                      const std::vector<OutputInfo> &outputs_info,
                      const std::vector<Variable> &non_sequences, Steps n_steps,
                      int64_t truncateGradient, SourceLocation where) {
  Graph &graph = Graph::instance();
  std::lock_guard<std::recursive_mutex> guard(graph.mutex());
  mlir::MLIRContext &context = graph.context();
  mlir::Location loc = graph.location(where);

  // Empty initial values, until conditions and step counts mean "none";
  // an empty sequence or non-sequence is a mistake.
  for (size_t s = 0; s < sequences.size(); ++s)
    if (!sequences[s])
      detail::emptyVariable("scan", "sequence #" + std::to_string(s), where);
  for (size_t s = 0; s < non_sequences.size(); ++s)
    if (!non_sequences[s])
      detail::emptyVariable("scan", "non-sequence #" + std::to_string(s), where);
  if (n_steps.isSymbolic && !n_steps.symbolic)
    detail::emptyVariable("scan", "n_steps", where);
  if (sequences.empty() && !n_steps.count && !n_steps.symbolic)
    throw ArgumentError(at(where, ": scan: ") + "needs sequences or n_steps to know how many steps to run");
  if (n_steps.count && *n_steps.count < 0)
    throw ArgumentError(at(where, ": scan: ") + "n_steps is negative (" + std::to_string(*n_steps.count) +
                        ")");
  if (n_steps.symbolic && (n_steps.symbolic.ndim() != 0 || isFloat(n_steps.symbolic.dtype()) ||
                           n_steps.symbolic.dtype() == DType::Bool))
    throw TypeError(at(where, ": scan: ") + "n_steps must be an integer scalar, got " +
                    describe(n_steps.symbolic));
  for (size_t s = 0; s < sequences.size(); ++s)
    if (valueOf(sequences[s], where) && sequences[s].ndim() == 0)
      throw ShapeError(at(where, ": scan: ") + "sequence #" + std::to_string(s) + " is " +
                       describe(sequences[s]) + "; a sequence needs a leading axis to iterate");
  std::vector<State> states = collectStates(outputs_info, where);

  // The body and the step's view of it, in Theano's argument order.
  BodyHolder holder(loc);
  mlir::Block *body = holder.block;
  std::vector<Variable> arguments;
  for (const Variable &sequence : sequences)
    arguments.push_back(graph.wrap(
        body->addArgument(dropLeading(detail::tensorType(sequence)), loc),
        sequence.name().empty() ? "" : sequence.name() + "[t]"));
  for (const State &state : states) {
    const std::string &name = outputs_info[state.output].initial.name();
    for (int64_t tap : state.taps)
      arguments.push_back(graph.wrap(body->addArgument(state.type, loc),
                                     name.empty() ? "" : name + "[t" + std::to_string(tap) + "]"));
  }
  for (const Variable &other : non_sequences)
    arguments.push_back(graph.wrap(body->addArgument(valueOf(other, where).getType(), loc),
                                   other.name()));

  StepResult result = [&] {
    Graph::ScopedBody scope(graph, body);
    return step(arguments);
  }();

  if (result.values.size() != outputs_info.size())
    throw ArgumentError(at(where, ": scan: ") + "the step returns " + std::to_string(result.values.size()) +
                        " values but outputs_info has " + std::to_string(outputs_info.size()) +
                        " entries; return one value per entry, None ones included");
  for (size_t i = 0; i < result.values.size(); ++i)
    if (!result.values[i])
      throw ArgumentError(at(where, ": scan: ") + "the step returned an empty Variable as output #" +
                          std::to_string(i));
  for (const State &state : states)
    checkStateValue(state, result.values[state.output], outputs_info, where);
  if (result.until && (result.until.ndim() != 0 || result.until.dtype() != DType::Bool))
    throw TypeError(at(where, ": scan: ") + "the until condition must be a boolean scalar, got " +
                    describe(result.until));

  // Yield states, then the outputs without feedback, then the condition.
  std::vector<size_t> order;
  for (const State &state : states)
    order.push_back(state.output);
  for (size_t i = 0; i < outputs_info.size(); ++i)
    if (!outputs_info[i].initial)
      order.push_back(i);
  llvm::SmallVector<mlir::Value> yielded;
  for (size_t i : order)
    yielded.push_back(valueOf(result.values[i], where));
  if (result.until)
    yielded.push_back(valueOf(result.until, where));
  mlir::OpBuilder bodyBuilder = mlir::OpBuilder::atBlockEnd(body);
  YieldOp::create(bodyBuilder, loc, yielded);
  std::vector<mlir::Value> captured = captureOuterValues(body);

  // A captured shared variable with a default update (a random stream's
  // counter) advances at every step: it becomes a state whose next value is
  // its default update, and its final value is returned as an update, as
  // Theano's scan returns the updates of the random streams used inside.
  size_t firstNonSequence = sequences.size();
  for (const State &state : states)
    firstNonSequence += state.taps.size();
  std::vector<Variable> advanced;
  for (size_t c = 0; c < captured.size();) {
    Variable outer = graph.variableOf(captured[c]);
    std::shared_ptr<detail::SharedStorage> storage =
        outer ? outer.impl()->shared : std::shared_ptr<detail::SharedStorage>();
    Variable update = storage ? detail::defaultUpdateOf(storage) : Variable();
    if (!update) {
      ++c;
      continue;
    }
    unsigned oldIndex = firstNonSequence + non_sequences.size() + c;
    mlir::BlockArgument tap = body->insertArgument(firstNonSequence, captured[c].getType(), loc);
    body->getArgument(oldIndex + 1).replaceAllUsesWith(tap);
    body->eraseArgument(oldIndex + 1);
    ++firstNonSequence;
    mlir::IRMapping mapping;
    mapping.map(captured[c], tap);
    mlir::Operation *yield = body->getTerminator();
    mlir::OpBuilder before(yield);
    for (mlir::Operation *op : expressionOps(valueOf(update, where)))
      before.clone(*op, mapping);
    yield->insertOperands(static_cast<unsigned>(states.size()),
                          {mapping.lookupOrDefault(valueOf(update, where))});
    states.push_back(State{kAdvancedShared, withPastAxis(outer, where),
                           detail::tensorType(outer), {-1}});
    advanced.push_back(outer);
    captured.erase(captured.begin() + static_cast<std::ptrdiff_t>(c));
  }
  // The updates' expressions may use further values from outside.
  std::vector<mlir::Value> more = captureOuterValues(body);
  captured.insert(captured.end(), more.begin(), more.end());
  order.clear();
  for (const State &state : states)
    order.push_back(state.output);
  for (size_t i = 0; i < outputs_info.size(); ++i)
    if (!outputs_info[i].initial)
      order.push_back(i);

  // The op, in the graph (or the enclosing step's body).
  llvm::SmallVector<mlir::Value> operands;
  for (const Variable &sequence : sequences)
    operands.push_back(valueOf(sequence, where));
  for (const State &state : states)
    operands.push_back(valueOf(state.initial, where));
  for (const Variable &other : non_sequences)
    operands.push_back(valueOf(other, where));
  operands.append(captured.begin(), captured.end());
  Variable count = n_steps.symbolic;
  if (n_steps.count)
    count = constant(Array::full(DType::Int64, {}, static_cast<double>(*n_steps.count)), where);
  if (count)
    operands.push_back(valueOf(count, where));

  mlir::Builder b(&context);
  llvm::SmallVector<mlir::Attribute> taps;
  for (const State &state : states)
    taps.push_back(b.getDenseI64ArrayAttr(state.taps));
  mlir::OperationState opState(loc, ScanOp::getOperationName());
  opState.addOperands(operands);
  opState.addAttribute(ScanOp::getOperandSegmentSizesAttrName(opState.name),
                       b.getDenseI32ArrayAttr(
                           {static_cast<int32_t>(sequences.size()),
                            static_cast<int32_t>(states.size()),
                            static_cast<int32_t>(non_sequences.size() + captured.size()),
                            count ? 1 : 0}));
  opState.addAttribute(ScanOp::getTapsAttrName(opState.name), b.getArrayAttr(taps));
  if (result.until)
    opState.addAttribute(ScanOp::getUntilAttrName(opState.name), b.getUnitAttr());
  opState.addAttribute(ScanOp::getTruncateGradientAttrName(opState.name),
                       b.getI64IntegerAttr(truncateGradient));
  opState.addTypes(llvm::SmallVector<mlir::Type>(order.size(), b.getNoneType()));
  opState.addRegion();
  DiagnosticCollector diagnostics(context);
  mlir::OpBuilder outer = graph.builder();
  mlir::Operation *op = outer.create(opState);
  holder.transferTo(op->getRegion(0));

  auto inference = llvm::cast<mlir::InferTypeOpInterface>(op);
  llvm::SmallVector<mlir::Type> types;
  if (failed(inference.inferReturnTypes(&context, loc, op->getOperands(),
                                        op->getRawDictionaryAttrs(), op->getPropertiesStorage(),
                                        op->getRegions(), types))) {
    op->erase();
    throw ShapeError(diagnostics.text());
  }
  for (auto [value, type] : llvm::zip(op->getResults(), types))
    value.setType(type);
  if (failed(mlir::verify(op))) {
    op->erase();
    throw TypeError(diagnostics.text());
  }

  std::vector<Array> testValues = detail::computeTestValues(op, where); // erases op if it throws

  ScanResult scanned;
  scanned.outputs.resize(outputs_info.size());
  size_t nextAdvanced = 0;
  for (size_t r = 0; r < order.size(); ++r) {
    Variable result = graph.wrap(op->getResult(r));
    if (!testValues.empty())
      result.impl()->testValue = testValues[r];
    if (order[r] != kAdvancedShared) {
      scanned.outputs[order[r]] = result;
      continue;
    }
    const Variable &shared = advanced[nextAdvanced++];
    scanned.updates.emplace_back(SharedVariable(shared.impl()),
                                 subtensor(result, {-1}, where));
  }
  return scanned;
}


/// One slice per tap, as Theano cuts them: with m = min(min(taps), 0) and
/// M = max(max(taps), 0), tap k reads x[k - m : len - (M - k)], so step t
/// sees x[t - m + k] and every slice has len - (M - m) rows.
std::vector<Variable> tapSlices(const Sequence &sequence, size_t index, SourceLocation where) {
  if (!sequence.input)
    detail::emptyVariable("scan", "sequence #" + std::to_string(index), where);
  if (sequence.taps.empty())
    throw ArgumentError(at(where, ": scan: ") + "sequence #" + std::to_string(index) +
                        " has no taps");
  if (sequence.taps == std::vector<int64_t>{0})
    return {sequence.input};
  int64_t low = std::min<int64_t>(*std::min_element(sequence.taps.begin(), sequence.taps.end()), 0);
  int64_t high = std::max<int64_t>(*std::max_element(sequence.taps.begin(), sequence.taps.end()), 0);
  std::vector<Variable> slices;
  for (int64_t tap : sequence.taps) {
    std::optional<int64_t> stop;
    if (tap != high)
      stop = -(high - tap);
    slices.push_back(sequence.input[{Index(Slice(tap - low, stop), where)}]);
  }
  return slices;
}

/// Theano's step count without n_steps: the shortest sequence's length
/// (static when every length is known, else min over shape[0] at the call).
Steps shortestLength(const std::vector<Variable> &slices, SourceLocation where) {
  std::optional<int64_t> known;
  bool allKnown = true, allEqual = true;
  for (const Variable &slice : slices) {
    if (slice.ndim(where) == 0)
      return {}; // scanSlices names the scalar
    int64_t length = slice.staticShape()[0];
    if (length < 0) {
      allKnown = false;
      continue;
    }
    if (known && *known != length)
      allEqual = false;
    known = known ? std::min(*known, length) : length;
  }
  if (allKnown)
    return allEqual ? Steps() : Steps(*known);
  Variable shortest;
  for (const Variable &slice : slices) {
    Variable length = slice.shape(where)[{Index(0, where)}];
    shortest = shortest ? minimum(shortest, length, where) : length;
  }
  return Steps(shortest);
}

} // namespace

ScanResult scan(const StepFunction &step, const Sequences &sequences,
                const std::vector<OutputInfo> &outputs_info,
                const std::vector<Variable> &non_sequences, const ScanOptions &options,
                SourceLocation where) {
  if (options.truncate == 0 || options.truncate < -1)
    throw ArgumentError(at(where, ": scan: ") + "truncate_gradient must be -1 (none) or a "
                        "positive step count, got " + std::to_string(options.truncate));
  std::lock_guard<std::recursive_mutex> guard(Graph::instance().mutex());
  std::vector<Variable> slices;
  for (size_t s = 0; s < sequences.entries.size(); ++s) {
    Sequence sequence = sequences.entries[s];
    // go_backwards: the sequences read from their end (x[::-1]), taps after.
    if (options.backwards && sequence.input)
      sequence.input = sequence.input[{Index(Slice(std::nullopt, std::nullopt, -1), where)}];
    for (Variable &slice : tapSlices(sequence, s, where))
      slices.push_back(std::move(slice));
  }
  Steps n_steps = options.steps;
  if (!n_steps.count && !n_steps.isSymbolic && slices.size() > 1)
    n_steps = shortestLength(slices, where);
  return scanSlices(step, slices, outputs_info, non_sequences, n_steps, options.truncate, where);
}

ScanResult scan(const StepFunction &step, const Sequences &sequences,
                const std::vector<OutputInfo> &outputs_info,
                const std::vector<Variable> &non_sequences, Steps n_steps, bool go_backwards,
                SourceLocation where) {
  return scan(step, sequences, outputs_info, non_sequences,
              ScanOptions(n_steps).go_backwards(go_backwards), where);
}

} // namespace theta
