//===- OpEvaluator.cpp - evaluating single ops on concrete arrays --------===//
#include "api/OpEvaluator.h"

#include "api/Graph.h"
#include "dialect/Passes.h"
#include "dialect/SourceLocation.h"
#include "dialect/ThetaOps.h"
#include "theta/Config.h"

#include "runtime/Diagnostics.h"
#include "runtime/Execution.h"
#include "runtime/Logging.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"

#include <cmath>
#include <cstring>
#include <memory>
#include <unordered_map>

namespace theta {
namespace detail {

namespace {

constexpr const char *kEntry = "theta_eval";
/// Integer operands at most this large may be compiled in as constants when
/// a result's shape depends on their values (reshape, zeros, alloc sizes).
constexpr int64_t kMaxConstantOperand = 16;

enum class Status { Ok, NeedsConstants, Unpromotable };

struct Entry {
  Status status = Status::Ok;
  std::shared_ptr<Executable> executable;
};

struct State {
  std::unordered_map<std::string, Entry> cache;
  std::unique_ptr<Compiler> compiler;
  std::string compilerDir;
  EvaluatorStats stats;

  Compiler &compilerFor(const std::string &dir) {
    if (!compiler || dir != compilerDir) {
      compiler = std::make_unique<Compiler>(ObjectCache(dir));
      compilerDir = dir;
    }
    return *compiler;
  }
};

State &state() {
  static State *instance = new State; // used until exit, by static Variables too
  return *instance;
}

std::string printed(mlir::Operation *op) {
  std::string text;
  llvm::raw_string_ostream os(text);
  op->print(os, mlir::OpPrintingFlags().enableDebugInfo(false));
  return text;
}

mlir::Type promoteType(mlir::Type type) {
  if (type.isF32())
    return mlir::Float64Type::get(type.getContext());
  if (auto tensor = llvm::dyn_cast<mlir::RankedTensorType>(type))
    if (tensor.getElementType().isF32())
      return tensor.clone(mlir::Float64Type::get(type.getContext()));
  return type;
}

mlir::Attribute promoteAttribute(mlir::Attribute attribute) {
  mlir::MLIRContext *context = attribute.getContext();
  auto f64 = mlir::Float64Type::get(context);
  if (auto dense = llvm::dyn_cast<mlir::DenseFPElementsAttr>(attribute)) {
    if (!dense.getElementType().isF32())
      return attribute;
    auto type = llvm::cast<mlir::ShapedType>(dense.getType()).clone(f64);
    if (dense.isSplat())
      return mlir::DenseElementsAttr::get(
          type, llvm::APFloat(static_cast<double>(dense.getSplatValue<float>())));
    llvm::SmallVector<double> values;
    values.reserve(dense.getNumElements());
    for (float value : dense.getValues<float>())
      values.push_back(value);
    return mlir::DenseElementsAttr::get(type, llvm::ArrayRef<double>(values));
  }
  if (auto number = llvm::dyn_cast<mlir::FloatAttr>(attribute))
    return number.getType().isF32() ? mlir::FloatAttr::get(f64, number.getValueAsDouble())
                                    : attribute;
  if (auto type = llvm::dyn_cast<mlir::TypeAttr>(attribute))
    return mlir::TypeAttr::get(promoteType(type.getValue()));
  if (auto array = llvm::dyn_cast<mlir::ArrayAttr>(attribute)) {
    llvm::SmallVector<mlir::Attribute> elements;
    for (mlir::Attribute element : array)
      elements.push_back(promoteAttribute(element));
    return mlir::ArrayAttr::get(context, elements);
  }
  return attribute;
}

/// float32 -> float64 in every type and attribute of the ops of `func`.
void promote(mlir::func::FuncOp func) {
  func.getBody().walk([](mlir::Operation *op) {
    for (mlir::Value result : op->getResults())
      result.setType(promoteType(result.getType()));
    for (mlir::Region &region : op->getRegions())
      for (mlir::Block &block : region)
        for (mlir::BlockArgument argument : block.getArguments())
          argument.setType(promoteType(argument.getType()));
    for (mlir::NamedAttribute named : op->getAttrs()) {
      mlir::Attribute promoted = promoteAttribute(named.getValue());
      if (promoted != named.getValue())
        op->setAttr(named.getName(), promoted);
    }
  });
}

mlir::DenseElementsAttr attributeFor(const Array &value, mlir::RankedTensorType type) {
  if (value.dtype() == DType::Bool) {
    llvm::SmallVector<bool> bits;
    for (int64_t i = 0; i < value.size(); ++i)
      bits.push_back(value.at(i) != 0);
    return mlir::DenseElementsAttr::get(type, bits);
  }
  return mlir::DenseElementsAttr::getFromRawBuffer(
      type, llvm::ArrayRef<char>(static_cast<const char *>(value.raw()), value.bytes()));
}

/// The ops computing `roots` from `leaves`, operands before users.
std::vector<mlir::Operation *> collectSlice(llvm::ArrayRef<mlir::Value> leaves,
                                            llvm::ArrayRef<mlir::Value> roots) {
  llvm::DenseSet<mlir::Value> leafSet(leaves.begin(), leaves.end());
  llvm::DenseSet<mlir::Operation *> visited;
  std::vector<mlir::Operation *> order;
  // Iterative post-order: (op, next operand to visit).
  std::vector<std::pair<mlir::Operation *, unsigned>> stack;
  auto push = [&](mlir::Value value) {
    if (leafSet.contains(value))
      return;
    mlir::Operation *op = value.getDefiningOp();
    if (!op) {
      std::string where = formatLocation(value.getLoc());
      throw NotEvaluable("a value the op needs (an argument" +
                         (where.empty() ? std::string() : " built at " + where) +
                         ") has no value");
    }
    if (visited.insert(op).second)
      stack.emplace_back(op, 0);
  };
  for (mlir::Value root : roots) {
    push(root);
    while (!stack.empty()) {
      auto &[op, next] = stack.back();
      if (next < op->getNumOperands()) {
        mlir::Value operand = op->getOperand(next++);
        push(operand);
        continue;
      }
      mlir::Operation *done = op;
      stack.pop_back();
      if (done->getNumRegions() != 0 &&
          !done->hasTrait<mlir::OpTrait::IsIsolatedFromAbove>()) {
        llvm::SetVector<mlir::Value> outside;
        mlir::getUsedValuesDefinedAbove(done->getRegions(), outside);
        if (!outside.empty())
          throw NotEvaluable("'" + done->getName().getStringRef().str() +
                             "' uses values from outside its regions");
      }
      order.push_back(done);
    }
  }
  return order;
}

struct Built {
  mlir::OwningOpRef<mlir::ModuleOp> module;
  std::string key;
  /// Per function argument: the leaf it takes and the dtype it has.
  std::vector<std::pair<size_t, DType>> arguments;
};

Built build(llvm::ArrayRef<mlir::Value> leaves, llvm::ArrayRef<Array> leafValues,
            llvm::ArrayRef<mlir::Value> roots, const std::vector<mlir::Operation *> &ops,
            bool promoted, bool constants, const PipelineOptions &pipeline) {
  mlir::MLIRContext &context = Graph::instance().context();
  mlir::OpBuilder builder(&context);
  mlir::Location loc = mlir::UnknownLoc::get(&context);
  Built built;
  built.module = mlir::ModuleOp::create(loc);
  builder.setInsertionPointToEnd(built.module->getBody());
  auto func = mlir::func::FuncOp::create(builder, loc, kEntry, builder.getFunctionType({}, {}));
  mlir::Block *body = func.addEntryBlock();
  mlir::OpBuilder inside = mlir::OpBuilder::atBlockEnd(body);
  mlir::IRMapping mapping;
  for (size_t i = 0; i < leaves.size(); ++i) {
    mlir::Type element = llvm::cast<mlir::RankedTensorType>(leaves[i].getType()).getElementType();
    if (promoted)
      element = promoteType(element);
    auto type = mlir::RankedTensorType::get(leafValues[i].shape(), element);
    DType dtype = dtypeFromMlir(element);
    if (constants && !isFloat(dtype) && leafValues[i].size() <= kMaxConstantOperand) {
      Array value = leafValues[i].dtype() == dtype ? leafValues[i] : leafValues[i].astype(dtype);
      mapping.map(leaves[i], ConstantOp::create(inside, leaves[i].getLoc(),
                                                attributeFor(value, type)));
      continue;
    }
    mapping.map(leaves[i], body->addArgument(type, leaves[i].getLoc()));
    built.arguments.emplace_back(i, dtype);
  }
  for (mlir::Operation *op : ops)
    inside.clone(*op, mapping);
  llvm::SmallVector<mlir::Value> results;
  for (mlir::Value root : roots)
    results.push_back(mapping.lookupOrDefault(root));
  mlir::func::ReturnOp::create(inside, loc, results);
  func.setType(builder.getFunctionType(body->getArgumentTypes(),
                                       mlir::ValueRange(results).getTypes()));
  // Printing is no part of a value: a print evaluated here would print twice.
  func.walk([](PrintOp print) {
    print.getResult().replaceAllUsesWith(print.getInput());
    print.erase();
  });
  if (promoted)
    promote(func);
  built.key = std::string(pipeline.reference ? "reference\n" : "") +
              (pipeline.fastCompile ? "fast-compile\n" : "") + printed(*built.module);
  return built;
}

bool allStatic(mlir::func::FuncOp func) {
  return llvm::all_of(func.getResultTypes(), [](mlir::Type type) {
    auto tensor = llvm::dyn_cast<mlir::RankedTensorType>(type);
    return tensor && tensor.hasStaticShape();
  });
}

} // namespace

Evaluation evaluateValues(llvm::ArrayRef<mlir::Value> leaves, llvm::ArrayRef<Array> leafValues,
                          llvm::ArrayRef<mlir::Value> roots, const EvaluationOptions &options) {
  Graph &graph = Graph::instance();
  std::lock_guard<std::recursive_mutex> guard(graph.mutex());
  mlir::MLIRContext &context = graph.context();
  State &s = state();
  std::vector<mlir::Operation *> ops = collectSlice(leaves, roots);

  bool promoted = options.float64;
  for (mlir::Operation *op : ops)
    op->walk([&](RandomOp) { promoted = false; }); // its bits depend on the dtype
  bool constants = false;
  bool hasIntegerLeaf = llvm::any_of(leaves, [](mlir::Value leaf) {
    return llvm::cast<mlir::RankedTensorType>(leaf.getType()).getElementType().isInteger();
  });

  std::shared_ptr<Executable> executable;
  Built built;
  for (;;) {
    built = build(leaves, leafValues, roots, ops, promoted, constants, options.pipeline);
    Entry &entry = s.cache[built.key];
    if (entry.status == Status::NeedsConstants) {
      constants = true;
      continue;
    }
    if (entry.status == Status::Unpromotable) {
      promoted = false;
      continue;
    }
    if (entry.executable) {
      ++s.stats.hits;
      executable = entry.executable;
      break;
    }
    // New: refine the types, then check that it verifies and has static
    // results before compiling.
    DiagnosticCollector diagnostics(context);
    mlir::PassManager refine(&context);
    refine.addNestedPass<mlir::func::FuncOp>(createThetaRefineTypes());
    bool refined = succeeded(refine.run(*built.module));
    bool valid = refined && succeeded(mlir::verify(*built.module));
    if (!valid) {
      std::string message = diagnostics.text();
      s.cache.erase(built.key);
      if (promoted) {
        log().debug("evaluator: float64 version does not verify, evaluating in its own dtype: {}",
                    message);
        s.cache[built.key].status = Status::Unpromotable;
        promoted = false;
        continue;
      }
      if (message.find("element type") != std::string::npos)
        throw TypeError(message);
      throw ShapeError(message);
    }
    auto func = built.module->lookupSymbol<mlir::func::FuncOp>(kEntry);
    if (!allStatic(func)) {
      if (!constants && hasIntegerLeaf) {
        s.cache[built.key].status = Status::NeedsConstants;
        constants = true;
        continue;
      }
      s.cache.erase(built.key);
      throw NotEvaluable("the shape of a result depends on values");
    }
    try {
      executable = std::make_shared<Executable>(
          s.compilerFor(config().cache_dir).compile(*built.module, kEntry, options.pipeline));
    } catch (const CompileError &error) {
      s.cache.erase(built.key);
      if (!promoted)
        throw;
      log().debug("evaluator: float64 version does not compile, evaluating in its own dtype: {}",
                  error.what());
      s.cache[built.key].status = Status::Unpromotable;
      promoted = false;
      continue;
    } catch (...) {
      s.cache.erase(built.key);
      throw;
    }
    ++s.stats.compiles;
    log().debug("evaluator: compiled '{}' in {:.1f} ms", ops.empty() ? "" : ops.back()->getName().getStringRef().str(),
                executable->compileSeconds * 1e3);
    s.cache[built.key].executable = executable;
    break;
  }

  std::vector<Array> inputs;
  inputs.reserve(built.arguments.size());
  for (auto [leaf, dtype] : built.arguments)
    inputs.push_back(leafValues[leaf].dtype() == dtype ? leafValues[leaf]
                                                       : leafValues[leaf].astype(dtype));
  Evaluation evaluation;
  evaluation.promoted = promoted;
  std::vector<Array> &results = evaluation.results;
  llvm::SmallVector<void *, 16> pointers;
  for (const Array &input : inputs)
    pointers.push_back(input.raw());
  for (const TensorSpec &spec : executable->results) {
    results.emplace_back(spec.dtype, spec.shape);
    pointers.push_back(results.back().raw());
  }
  runExecutable(*executable, pointers.data());
  trimToRowCounts(*executable, results);
  if (options.float64 && !promoted)
    for (Array &result : results)
      if (result.dtype() == DType::Float32)
        result = result.astype(DType::Float64);
  return evaluation;
}

Evaluation evaluateOp(mlir::Operation *op, llvm::ArrayRef<Array> operands,
                      const EvaluationOptions &options) {
  if (llvm::isa<PrintOp, StopGradientOp>(op)) { // identities
    Evaluation identity;
    Array value = operands[0];
    if (options.float64 && value.dtype() == DType::Float32)
      value = value.astype(DType::Float64);
    identity.results.push_back(value);
    return identity;
  }
  if (auto constant = llvm::dyn_cast<ConstantOp>(op)) {
    Evaluation evaluation;
    if (auto dense = llvm::dyn_cast<mlir::DenseElementsAttr>(constant.getValue())) {
      Array value = arrayFromAttribute(dense);
      if (options.float64 && value.dtype() == DType::Float32)
        value = value.astype(DType::Float64);
      evaluation.results.push_back(value);
      return evaluation;
    }
  }
  llvm::SmallVector<mlir::Value> leaves(op->getOperands());
  llvm::SmallVector<mlir::Value> roots(op->getResults());
  // One leaf per distinct operand (an op may use a value twice).
  llvm::SmallVector<mlir::Value> unique;
  std::vector<Array> values;
  for (size_t i = 0; i < leaves.size(); ++i)
    if (!llvm::is_contained(unique, leaves[i])) {
      unique.push_back(leaves[i]);
      values.push_back(operands[i]);
    }
  return evaluateValues(unique, values, roots, options);
}

EvaluatorStats evaluatorStats() {
  std::lock_guard<std::recursive_mutex> guard(Graph::instance().mutex());
  return state().stats;
}

size_t evaluatorCompiles() { return evaluatorStats().compiles; }

Array arrayFromAttribute(mlir::DenseElementsAttr attribute) {
  auto type = llvm::cast<mlir::RankedTensorType>(attribute.getType());
  DType dtype = dtypeFromMlir(type.getElementType());
  Array array(dtype, Shape(type.getShape()));
  int64_t count = array.size();
  if (dtype == DType::Bool) {
    auto *bits = static_cast<bool *>(array.raw());
    int64_t i = 0;
    for (bool bit : attribute.getValues<bool>())
      bits[i++] = bit;
    return array;
  }
  size_t size = dtypeSize(dtype);
  llvm::ArrayRef<char> raw = attribute.getRawData();
  auto *out = static_cast<char *>(array.raw());
  if (attribute.isSplat()) {
    for (int64_t i = 0; i < count; ++i)
      std::memcpy(out + i * size, raw.data(), size);
  } else if (count > 0) {
    std::memcpy(out, raw.data(), array.bytes());
  }
  return array;
}

bool findNonFinite(const Array &array, int64_t *index) {
  auto scan = [&](auto *data) {
    for (int64_t i = 0; i < array.size(); ++i)
      if (!std::isfinite(data[i])) {
        if (index)
          *index = i;
        return true;
      }
    return false;
  };
  if (array.dtype() == DType::Float32)
    return scan(array.data<float>());
  if (array.dtype() == DType::Float64)
    return scan(array.data<double>());
  return false;
}

std::string indexString(const Shape &shape, int64_t flat) {
  std::vector<int64_t> index(shape.size());
  for (size_t d = shape.size(); d-- > 0;) {
    index[d] = shape[d] ? flat % shape[d] : 0;
    flat = shape[d] ? flat / shape[d] : 0;
  }
  std::string text = "[";
  for (size_t d = 0; d < index.size(); ++d)
    text += (d ? ", " : "") + std::to_string(index[d]);
  return text + "]";
}

} // namespace detail
} // namespace theta
