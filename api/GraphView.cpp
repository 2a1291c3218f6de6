//===- GraphView.cpp ------------------------------------------------------===//
#include "api/GraphView.h"

#include "api/FunctionImpl.h"
#include "api/Graph.h"
#include "dialect/SourceLocation.h"
#include "dialect/ThetaOps.h"
#include "lowering/Pipelines.h"
#include "runtime/Compiler.h"
#include "runtime/Logging.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/EquivalenceClasses.h"
#include "llvm/ADT/StringSet.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

namespace theta {
namespace detail {

const char *kindName(NodeKind kind) {
  switch (kind) {
  case NodeKind::Input:
    return "input";
  case NodeKind::Shared:
    return "shared";
  case NodeKind::Constant:
    return "constant";
  case NodeKind::Elementwise:
    return "elementwise";
  case NodeKind::Product:
    return "product";
  case NodeKind::Convolution:
    return "convolution";
  case NodeKind::Loop:
    return "loop";
  case NodeKind::Other:
    return "other";
  }
  return "other";
}

NodeKind kindOf(mlir::Operation *op) {
  llvm::StringRef name = op->getName().getStringRef();
  if (llvm::isa<ConstantOp>(op) || name == "arith.constant")
    return NodeKind::Constant;
  if (name.consume_front("theta.")) {
    if (llvm::isa<ElementwiseOpInterface>(op))
      return NodeKind::Elementwise;
    if (name == "dot" || name.contains("gemm") || name.contains("matmul"))
      return NodeKind::Product;
    if (name.starts_with("conv") || name.starts_with("pool"))
      return NodeKind::Convolution;
    if (name == "scan")
      return NodeKind::Loop;
    return NodeKind::Other;
  }
  if (auto call = llvm::dyn_cast<mlir::func::CallOp>(op)) {
    llvm::StringRef callee = call.getCallee();
    if (callee.contains("conv") || callee.contains("pool"))
      return NodeKind::Convolution;
    if (callee.contains("gemm") || callee.contains("matmul"))
      return NodeKind::Product;
  }
  if (name.starts_with("scf.") && op->getNumRegions() != 0)
    return NodeKind::Loop;
  return NodeKind::Other;
}

namespace {

std::string theanoType(mlir::RankedTensorType type) {
  static const char *kinds[] = {"scalar", "vector", "matrix", "tensor3", "tensor4"};
  int64_t rank = type.getRank();
  std::string kind = rank < 5 ? kinds[rank] : std::to_string(rank) + "-d tensor";
  return std::string("TensorType(") + dtypeName(dtypeFromMlir(type.getElementType())) + ", " +
         kind + ")";
}

std::string numberText(double value, bool isFloat) {
  std::ostringstream text;
  if (!isFloat) {
    text << static_cast<int64_t>(value);
    return text.str();
  }
  text.precision(8);
  text << value;
  std::string result = text.str();
  if (result.find_first_of(".eEna") == std::string::npos)
    result += ".0";
  return result;
}

std::string elementText(mlir::Type element, const llvm::APFloat *real, const llvm::APInt *integer) {
  if (real)
    return numberText(real->convertToDouble(), true);
  if (element.isInteger(1))
    return integer->isZero() ? "false" : "true";
  return numberText(static_cast<double>(integer->getSExtValue()), false);
}

} // namespace

std::string typeText(mlir::Type type, bool staticShapes) {
  auto tensor = llvm::dyn_cast<mlir::RankedTensorType>(type);
  if (!tensor) {
    std::string text;
    llvm::raw_string_ostream stream(text);
    type.print(stream);
    return text;
  }
  if (!staticShapes)
    return theanoType(tensor);
  std::string text = dtypeName(dtypeFromMlir(tensor.getElementType()));
  text += "[";
  for (int64_t i = 0; i < tensor.getRank(); ++i) {
    if (i)
      text += "x";
    int64_t size = tensor.getDimSize(i);
    text += mlir::ShapedType::isDynamic(size) ? "?" : std::to_string(size);
  }
  return text + "]";
}

std::string constantText(mlir::Operation *constant) {
  auto attribute = constant->getAttrOfType<mlir::ElementsAttr>("value");
  if (!attribute)
    return "?";
  auto shaped = llvm::cast<mlir::ShapedType>(attribute.getType());
  mlir::Type element = shaped.getElementType();
  auto dense = llvm::dyn_cast<mlir::DenseElementsAttr>(attribute);
  auto one = [&](int64_t index) -> std::string {
    if (llvm::isa<mlir::FloatType>(element)) {
      llvm::APFloat value = dense.isSplat() ? dense.getSplatValue<llvm::APFloat>()
                                            : dense.getValues<llvm::APFloat>()[index];
      return elementText(element, &value, nullptr);
    }
    llvm::APInt value = dense.isSplat() ? dense.getSplatValue<llvm::APInt>()
                                        : dense.getValues<llvm::APInt>()[index];
    return elementText(element, nullptr, &value);
  };
  if (dense && dense.isSplat())
    return one(0);
  int64_t count = shaped.getNumElements();
  if (dense && count <= 6) {
    std::string text = "[";
    for (int64_t i = 0; i < count; ++i)
      text += (i ? ", " : "") + one(i);
    return text + "]";
  }
  return typeText(shaped, true) + " values";
}

std::string opLabel(mlir::Value result) {
  mlir::Operation *op = result.getDefiningOp();
  std::string label = op->getName().getStringRef().str();
  if (op->getNumResults() > 1)
    label += "." + std::to_string(llvm::cast<mlir::OpResult>(result).getResultNumber());
  return label;
}

std::string scanArgumentLabel(mlir::BlockArgument argument, mlir::Value *outer) {
  auto scan = llvm::dyn_cast_or_null<ScanOp>(argument.getOwner()->getParentOp());
  if (!scan)
    return "<argument " + std::to_string(argument.getArgNumber()) + ">";
  for (auto [i, sequence] : llvm::enumerate(scan.getSequenceArguments()))
    if (sequence == argument) {
      *outer = scan.getSequences()[i];
      return "<sequence " + std::to_string(i) + ">[t]";
    }
  for (unsigned state = 0; state < scan.getNumStates(); ++state)
    for (auto [k, tap] : llvm::enumerate(scan.getTapArgumentsOf(state)))
      if (tap == argument) {
        *outer = scan.getInitial()[state];
        return "<state " + std::to_string(state) + ">[t" +
               std::to_string(scan.getTapsOf(state)[k]) + "]";
      }
  for (auto [i, nonSequence] : llvm::enumerate(scan.getNonSequenceArguments()))
    if (nonSequence == argument) {
      *outer = scan.getNonSequences()[i];
      return "<non-sequence " + std::to_string(i) + ">";
    }
  return "<argument " + std::to_string(argument.getArgNumber()) + ">";
}

ArgumentInfo GraphView::argumentInfo(mlir::BlockArgument argument) const {
  if (auto found = arguments.find(argument); found != arguments.end())
    return found->second;
  ArgumentInfo info;
  info.where = formatLocation(argument.getLoc());
  if (llvm::isa_and_nonnull<ScanOp>(argument.getOwner()->getParentOp())) {
    info.label = scanArgumentLabel(argument, &info.outer);
    return info;
  }
  const Node *node = Graph::instance().nodeOf(argument);
  info.shared = node && node->shared;
  info.label = node && !node->name.empty() ? node->name
                                           : "<" + typeText(argument.getType(), false) + ">";
  return info;
}

std::string GraphView::nameOf(mlir::Value value) const {
  if (!nodeNames)
    return "";
  const Node *node = Graph::instance().nodeOf(value);
  return node ? node->name : "";
}

GraphView viewOfVariables(const std::vector<Variable> &outputs, const char *caller) {
  GraphView view;
  view.nodeNames = true;
  for (size_t i = 0; i < outputs.size(); ++i) {
    if (!outputs[i])
      throw ArgumentError(std::string(caller) + ": output " + std::to_string(i) +
                          " is an empty (default-constructed) Variable");
    view.roots.push_back({outputs[i].impl()->value, ""});
  }
  return view;
}

std::optional<std::vector<Array>> signatureArguments(const Function &function,
                                                     const std::vector<Array> &inputs) {
  const FunctionImpl &impl = *function.implementation();
  if (!inputs.empty() || impl.inputs.empty()) {
    if (inputs.size() != impl.inputs.size())
      throw ArgumentError("function '" + impl.name + "' takes " +
                          std::to_string(impl.inputs.size()) + " arguments, got " +
                          std::to_string(inputs.size()));
    return impl.currentValues(inputs);
  }
  // A compiled signature: dtype, rank and sizes per value, then step counts.
  Signature signature;
  {
    std::shared_lock<std::shared_mutex> read(impl.cacheMutex);
    if (impl.cache.empty())
      return std::nullopt;
    for (const auto &[key, executable] : impl.cache)
      if (signature.empty() || key < signature)
        signature = key;
  }
  std::vector<Array> values;
  size_t count = impl.inputs.size() + impl.sharedArguments.size();
  size_t at = 0;
  for (size_t i = 0; i < count && at + 1 < signature.size(); ++i) {
    auto dtype = static_cast<DType>(signature[at]);
    auto rank = static_cast<size_t>(signature[at + 1]);
    at += 2;
    Shape shape(signature.begin() + static_cast<std::ptrdiff_t>(at),
                signature.begin() + static_cast<std::ptrdiff_t>(at + rank));
    at += rank;
    values.push_back(Array::zeros(dtype, shape));
  }
  for (size_t index : impl.stepCountArguments)
    if (at < signature.size() && index < values.size())
      values[index] = Array(static_cast<int64_t>(signature[at++])).astype(values[index].dtype());
  return values;
}

namespace {

/// The theta half of the pipeline, but with convolutions left whole (they
/// print as ops, not as calls into oneDNN); whether it handed them over.
std::string thetaPipelineText(const PipelineOptions &options, bool *toDnnl) {
  std::string text = cpuFrontPipelineText(options);
  llvm::StringRef dnnl = ",theta-nnet-to-dnnl";
  *toDnnl = llvm::StringRef(text).ends_with(dnnl);
  if (*toDnnl)
    text.resize(text.size() - dnnl.size());
  return text;
}

/// The passes of the back half up to elementwise fusion.
std::string fusionPipelineText(const PipelineOptions &options, bool toDnnl) {
  std::string text = toDnnl ? "theta-nnet-to-dnnl," : "";
  text += "func.func(theta-scan-to-scf), theta-to-linalg,";
  if (options.reference)
    text += "func.func(canonicalize)";
  else if (options.fastCompile)
    text += "func.func(canonicalize, theta-fuse-elementwise)";
  else
    text += "func.func(canonicalize, theta-fuse-elementwise, canonicalize, cse)";
  return text;
}

constexpr llvm::StringLiteral kTag = "theta-op-";

/// Numbers the ops of `func` that elementwise fusion puts into one loop
/// nest: every theta op gets a NameLoc tag around its location, a copy is
/// lowered to linalg and fused, and the tags found in (and inside) each
/// linalg.generic say which theta ops it computes.
void findFusedGroups(mlir::ModuleOp module, mlir::func::FuncOp func,
                     const PipelineOptions &options, bool toDnnl, GraphView &view) {
  if (options.reference)
    return; // DebugMode's reference fuses nothing
  mlir::MLIRContext *context = module.getContext();
  std::vector<mlir::Operation *> tagged;
  func.walk([&](mlir::Operation *op) {
    if (op->getDialect() && op->getDialect()->getNamespace() == "theta" &&
        !llvm::isa<ConstantOp, YieldOp>(op)) {
      auto tag = mlir::StringAttr::get(context, kTag + std::to_string(tagged.size()));
      op->setLoc(mlir::NameLoc::get(tag, op->getLoc()));
      tagged.push_back(op);
    }
  });
  mlir::OwningOpRef<mlir::ModuleOp> lowered = module.clone();
  std::string diagnostics;
  mlir::ScopedDiagnosticHandler handler(context, [&](mlir::Diagnostic &diagnostic) {
    diagnostics += diagnostic.str() + "\n";
    return mlir::success();
  });
  mlir::PassManager pm(context);
  if (failed(mlir::parsePassPipeline(fusionPipelineText(options, toDnnl), pm)) ||
      failed(pm.run(*lowered))) {
    log().warn("debugprint: lowering for the fused groups failed; none are shown:\n{}",
               diagnostics);
    return;
  }
  llvm::EquivalenceClasses<int> classes;
  std::vector<int> order; // tags in the order of the loop nests
  lowered->walk([&](mlir::linalg::GenericOp generic) {
    std::set<int> tags;
    auto collect = [&](mlir::Location loc) {
      loc->walk([&](mlir::Location inner) {
        if (auto name = llvm::dyn_cast<mlir::NameLoc>(inner)) {
          llvm::StringRef text = name.getName().strref();
          int index = 0;
          if (text.consume_front(kTag) && !text.getAsInteger(10, index) && index >= 0 &&
              static_cast<size_t>(index) < tagged.size())
            tags.insert(index);
        }
        return mlir::WalkResult::advance();
      });
    };
    collect(generic->getLoc());
    generic->walk([&](mlir::Operation *inner) { collect(inner->getLoc()); });
    for (int tag : tags) {
      classes.insert(tag);
      order.push_back(tag);
      classes.unionSets(*tags.begin(), tag);
    }
  });
  std::map<int, int> groupOfLeader;
  std::map<int, std::set<int>> distinct;
  for (int tag : order)
    distinct[classes.getLeaderValue(tag)].insert(tag);
  for (int tag : order) {
    int leader = classes.getLeaderValue(tag);
    if (distinct[leader].size() < 2)
      continue;
    auto [found, added] = groupOfLeader.emplace(leader, view.fusedGroups + 1);
    if (added)
      ++view.fusedGroups;
    view.fusedGroup[tagged[static_cast<size_t>(tag)]] = found->second;
  }
}

} // namespace

FunctionView viewOfFunction(const Function &function,
                            const std::optional<std::vector<Array>> &arguments) {
  const FunctionImpl &impl = *function.implementation();
  Graph &graph = Graph::instance();
  std::lock_guard<std::recursive_mutex> guard(graph.mutex());
  FunctionView view;
  view.name = impl.name;

  // Inputs by their Variables' names and lines, shared variables by theirs.
  auto describeArguments = [&](mlir::func::FuncOp func, GraphView &graphView) {
    mlir::Block &body = func.getBody().front();
    for (mlir::BlockArgument argument : body.getArguments()) {
      size_t index = argument.getArgNumber();
      ArgumentInfo info;
      if (index < impl.inputs.size()) {
        const Variable &input = impl.inputs[index];
        info.label = input.impl()->name;
        info.where = formatLocation(input.impl()->value.getLoc());
        if (const Node *node = graph.nodeOf(input.impl()->value); node && node->shared)
          info.shared = true;
      } else if (index - impl.inputs.size() < impl.sharedNames.size()) {
        info.label = impl.sharedNames[index - impl.inputs.size()];
        info.shared = true;
        info.where = formatLocation(argument.getLoc());
      }
      if (info.label.empty())
        info.label = "<" + typeText(argument.getType(), false) + ">";
      graphView.arguments[argument] = info;
    }
    auto ret = llvm::cast<mlir::func::ReturnOp>(body.getTerminator());
    for (auto [i, value] : llvm::enumerate(ret.getOperands())) {
      std::string note;
      if (i >= impl.outputCount && i - impl.outputCount < impl.updateTargets.size()) {
        const auto &target = impl.updateTargets[i - impl.outputCount];
        std::string name;
        for (size_t k = 0; k < impl.sharedArguments.size(); ++k)
          if (impl.sharedArguments[k] == target)
            name = impl.sharedNames[k];
        note = name.empty() ? "update of a shared variable" : "update of '" + name + "'";
      }
      graphView.roots.push_back({value, note});
    }
  };

  auto userFunc = impl.module->lookupSymbol<mlir::func::FuncOp>(impl.symbol);
  describeArguments(userFunc, view.user);
  if (!arguments)
    return view;

  view.signature = "(";
  for (size_t i = 0; i < arguments->size(); ++i) {
    const Array &value = (*arguments)[i];
    view.signature += (i ? ", " : "") + std::string(dtypeName(value.dtype())) + "[";
    for (size_t d = 0; d < value.shape().size(); ++d)
      view.signature += (d ? "x" : "") + std::to_string(value.shape()[d]);
    view.signature += "]";
  }
  view.signature += ")";

  mlir::MLIRContext *context = &graph.context();
  view.optimizedModule = impl.specialize(*arguments);
  std::string diagnostics;
  {
    mlir::ScopedDiagnosticHandler handler(context, [&](mlir::Diagnostic &diagnostic) {
      diagnostics += diagnostic.str() + "\n";
      return mlir::success();
    });
    // The pipeline texts name upstream and theta passes: building the real
    // front half registers them all (once).
    mlir::PassManager registering(context);
    (void)buildCpuFrontPipeline(registering, impl.pipeline);
    mlir::PassManager refine(context);
    if (failed(mlir::parsePassPipeline("func.func(theta-refine-types)", refine)) ||
        failed(refine.run(*view.optimizedModule)))
      throw ShapeError("function '" + impl.name + "' " + view.signature + ": " + diagnostics);
    bool toDnnl = false;
    mlir::PassManager front(context);
    if (failed(mlir::parsePassPipeline(thetaPipelineText(impl.pipeline, &toDnnl), front)) ||
        failed(front.run(*view.optimizedModule)))
      throw CompileError("function '" + impl.name + "' " + view.signature +
                         ": the theta passes failed:\n" + diagnostics);
    GraphView optimized;
    optimized.staticShapes = true;
    auto func = view.optimizedModule->lookupSymbol<mlir::func::FuncOp>(impl.symbol);
    describeArguments(func, optimized);
    findFusedGroups(*view.optimizedModule, func, impl.pipeline, toDnnl, optimized);
    view.optimized = std::move(optimized);
  }
  return view;
}

} // namespace detail
} // namespace theta
