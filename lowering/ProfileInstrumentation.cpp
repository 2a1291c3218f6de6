//===- ProfileInstrumentation.cpp - --theta-profile-* ---------------------===//
//
// Profiling in two passes. --theta-profile-locations, on theta IR, names
// every theta op in its own location, so that whatever it is lowered and
// fused into still says where it came from. --theta-profile-instrument, on
// buffers, encloses every piece of work of a function body in calls to the
// runtime's theta_profile_begin/end (runtime/Profile.h), passing the address
// of a constant string that describes the piece:
//
//   <class>\n<op>\n<shape>\n<id>\n<theta op>\t<file:line>\n<theta op>\t<file:line>...
//
// e.g. "Elemwise\nElemwise{add,sigmoid}\n1000x1000\n3\ntheta.add\tmlp.cc:12\n...".
// <id> numbers the pieces of the module in order, so that two pieces alike
// (a product and its gradient's, built on one line) are two sites. The
// runtime parses the string once per site.
//
//===----------------------------------------------------------------------===//
#include "lowering/RuntimeCalls.h"
#include "lowering/Passes.h"
#include "lowering/RuntimeChecks.h"

#include "dialect/SourceLocation.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"

#include "llvm/ADT/STLExtras.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace theta {
#define GEN_PASS_DEF_THETAPROFILELOCATIONS
#define GEN_PASS_DEF_THETAPROFILEINSTRUMENT
#include "lowering/Passes.h.inc"
} // namespace theta

using namespace mlir;

namespace {

constexpr const char *kBeginFunction = "theta_profile_begin";
constexpr const char *kEndFunction = "theta_profile_end";

bool isThetaOp(Operation *op) {
  return op->getName().getDialectNamespace() == "theta";
}

struct ProfileLocationsPass
    : theta::impl::ThetaProfileLocationsBase<ProfileLocationsPass> {
  void runOnOperation() override {
    getOperation().walk([](Operation *op) {
      if (!isThetaOp(op))
        return;
      StringRef name = op->getName().getStringRef();
      if (auto named = dyn_cast<NameLoc>(op->getLoc()); named && named.getName() == name)
        return;
      op->setLoc(NameLoc::get(StringAttr::get(op->getContext(), name), op->getLoc()));
    });
  }
};

/// (theta op, file:line) pairs in first-seen order, each once.
using Source = std::pair<std::string, std::string>;
using Sources = std::vector<Source>;

void addSource(Sources &sources, Source source) {
  if (!llvm::is_contained(sources, source))
    sources.push_back(std::move(source));
}

/// The theta ops named in `loc` (see ProfileLocationsPass); a location with
/// none still gives its line.
void collectSources(Location loc, Sources &sources) {
  bool named = false;
  loc->walk([&](Location inner) {
    auto name = dyn_cast<NameLoc>(inner);
    if (!name || !name.getName().getValue().starts_with("theta."))
      return WalkResult::advance();
    named = true;
    addSource(sources, {name.getName().str(), theta::formatLocation(name.getChildLoc())});
    return WalkResult::skip();
  });
  if (!named) {
    std::string where = theta::formatLocation(loc);
    if (!where.empty())
      addSource(sources, {"", where});
  }
}

/// The sources of `op` and of every op it contains. Constants are left out:
/// canonicalization merges them across ops, locations and all.
Sources sourcesOf(Operation *op, bool nested) {
  // The body's ops come in data-flow order; the op's own location (a fused
  // nest's last consumer) after them.
  Sources sources;
  if (nested)
    op->walk([&](Operation *inner) {
      if (inner != op && !inner->hasTrait<OpTrait::ConstantLike>())
        collectSources(inner->getLoc(), sources);
    });
  collectSources(op->getLoc(), sources);
  // Unnamed lines are kept only when no theta op was found.
  if (llvm::any_of(sources, [](const auto &source) { return !source.first.empty(); })) {
    Sources named;
    for (const auto &source : sources)
      if (!source.first.empty())
        named.push_back(source);
    return named;
  }
  return sources;
}

std::string shapeText(ArrayRef<int64_t> sizes) {
  if (sizes.empty())
    return "scalar";
  std::string text;
  for (int64_t size : sizes)
    text += (text.empty() ? "" : "x") + (ShapedType::isDynamic(size) ? std::string("?")
                                                                     : std::to_string(size));
  return text;
}

std::optional<int64_t> constantInt(Value value) {
  if (auto constant = value.getDefiningOp<arith::ConstantIntOp>())
    return constant.value();
  return std::nullopt;
}

/// "Elemwise{add,sigmoid}": a class and the short names of the theta ops.
std::string opName(StringRef kind, const Sources &sources) {
  std::vector<std::string> names;
  for (const auto &source : sources) {
    std::string name = StringRef(source.first).drop_front(strlen("theta.")).str();
    if (!source.first.empty() && !llvm::is_contained(names, name))
      names.push_back(name);
  }
  if (names.empty())
    return kind.str();
  std::string text = kind.str() + "{";
  for (const auto &[i, name] : llvm::enumerate(names))
    text += (i ? "," : "") + name;
  return text + "}";
}

/// A piece of work: what the site string says.
struct Piece {
  std::string className;
  std::string op;
  std::string shape;
  Sources sources;

  std::string text(unsigned id) const {
    std::string result =
        className + "\n" + op + "\n" + shape + "\n" + std::to_string(id) + "\n";
    for (const auto &[name, where] : sources)
      result += name + "\t" + where + "\n";
    return result;
  }
};

bool isRuntimeBookkeeping(StringRef callee) {
  return callee == kBeginFunction || callee == kEndFunction ||
         callee == "theta_allocation_site" || callee == "theta_index_error" ||
         callee == "theta_probe";
}

/// Whether `op`, an op with regions that is neither a loop nor linalg,
/// contains work (an scf.if choosing between two computations).
bool containsWork(Operation *op) {
  return op->walk([](Operation *inner) {
             if (isa<linalg::LinalgOp, memref::CopyOp>(inner))
               return WalkResult::interrupt();
             if (auto call = dyn_cast<func::CallOp>(inner);
                 call && !isRuntimeBookkeeping(call.getCallee()))
               return WalkResult::interrupt();
             return WalkResult::advance();
           })
      .wasInterrupted();
}

std::optional<Piece> linalgPiece(linalg::LinalgOp linalg) {
  Operation *op = linalg.getOperation();
  Piece piece;
  piece.shape = shapeText(linalg.getStaticLoopRanges());
  bool reduces = linalg.getNumReductionLoops() > 0;
  if (isa<linalg::GenericOp>(op)) {
    piece.sources = sourcesOf(op, /*nested=*/true);
    piece.className = reduces ? "Reduce" : "Elemwise";
    piece.op = opName(piece.className, piece.sources);
    return piece;
  }
  piece.sources = sourcesOf(op, /*nested=*/false);
  std::string name = op->getName().stripDialect().str();
  if (isa<linalg::FillOp>(op)) {
    piece.className = "Fill";
  } else if (isa<linalg::CopyOp>(op)) {
    piece.className = "Copy";
  } else if (isa<linalg::TransposeOp, linalg::BroadcastOp>(op)) {
    piece.className = "DimShuffle";
  } else if (isa<linalg::MatmulOp, linalg::BatchMatmulOp, linalg::MatvecOp, linalg::VecmatOp,
                 linalg::DotOp>(op)) {
    piece.className = "Dot";
    name += ", loops";
  } else if (name.find("conv") != std::string::npos) {
    piece.className = "Conv";
    name += ", loops";
  } else if (name.find("pooling") != std::string::npos) {
    piece.className = "Pool";
  } else {
    piece.className = reduces ? "Reduce" : "Elemwise";
  }
  bool library = piece.className == "Dot" || piece.className == "Conv" ||
                 piece.className == "Pool";
  piece.op = library ? piece.className + "{" + name + "}" : opName(piece.className, piece.sources);
  return piece;
}

std::optional<Piece> callPiece(func::CallOp call) {
  StringRef callee = call.getCallee();
  if (isRuntimeBookkeeping(callee))
    return std::nullopt;
  Piece piece;
  piece.sources = sourcesOf(call, /*nested=*/false);
  if (callee == "theta_sgemm" || callee == "theta_dgemm" || callee == "theta_cublas_sgemm" ||
      callee == "theta_cublas_dgemm") {
    bool cublas = callee.starts_with("theta_cublas_");
    piece.className = "Dot";
    piece.op = "Gemm{" +
               callee.drop_front(strlen(cublas ? "theta_cublas_" : "theta_")).str() +
               (cublas ? ", cuBLAS}" : ", BLAS}");
    // (transA, transB, m, n, k, ...): the product's m x n x k.
    SmallVector<int64_t, 3> sizes;
    for (unsigned i = 2; i < 5 && i < call.getNumOperands(); ++i)
      sizes.push_back(constantInt(call.getOperand(i)).value_or(ShapedType::kDynamic));
    piece.shape = shapeText(sizes);
  } else if (callee == "theta_dnnl_conv2d" || callee == "theta_cudnn_conv2d") {
    // oneDNN: (kind, x, w, y, bias, batch, channels, height, width, ...),
    // bias 0 (a constant) when the call has none; cuDNN: no bias.
    bool cudnn = callee == "theta_cudnn_conv2d";
    unsigned firstSize = cudnn ? 4 : 5;
    piece.className = "Conv";
    std::optional<int64_t> kind =
        call.getNumOperands() ? constantInt(call.getOperand(0)) : std::nullopt;
    const char *what = !kind ? "conv2d" : *kind == 0 ? "forward" : *kind == 1 ? "grad input"
                                                                              : "grad filters";
    bool bias = !cudnn && call.getNumOperands() > 4 && constantInt(call.getOperand(4)) != 0;
    piece.op = std::string("Conv{") + what + (bias ? " + bias" : "") +
               (cudnn ? ", cuDNN}" : ", oneDNN}");
    SmallVector<int64_t, 4> sizes;
    for (unsigned i = firstSize; i < firstSize + 4 && i < call.getNumOperands(); ++i)
      sizes.push_back(constantInt(call.getOperand(i)).value_or(ShapedType::kDynamic));
    piece.shape = shapeText(sizes);
  } else if (callee == "theta_dnnl_conv2d_backward" || callee == "theta_cudnn_conv2d_backward") {
    // oneDNN: (x, w, dy, dx, dw, db, batch, channels, height, width, ...);
    // cuDNN: no db.
    bool cudnn = callee == "theta_cudnn_conv2d_backward";
    unsigned firstSize = cudnn ? 5 : 6;
    piece.className = "Conv";
    bool bias = !cudnn && call.getNumOperands() > 5 && constantInt(call.getOperand(5)) != 0;
    piece.op = std::string("Conv{grad input and filters") + (bias ? " + bias" : "") +
               (cudnn ? ", cuDNN}" : ", oneDNN}");
    SmallVector<int64_t, 4> sizes;
    for (unsigned i = firstSize; i < firstSize + 4 && i < call.getNumOperands(); ++i)
      sizes.push_back(constantInt(call.getOperand(i)).value_or(ShapedType::kDynamic));
    piece.shape = shapeText(sizes);
  } else {
    piece.className = "Call";
    piece.op = "Call{" + callee.str() + "}";
  }
  return piece;
}

std::optional<Piece> pieceOf(Operation *op) {
  if (auto linalg = dyn_cast<linalg::LinalgOp>(op))
    return linalgPiece(linalg);
  if (auto call = dyn_cast<func::CallOp>(op))
    return callPiece(call);
  if (auto copy = dyn_cast<memref::CopyOp>(op)) {
    Piece piece;
    piece.className = "Copy";
    piece.op = "Copy";
    piece.sources = sourcesOf(op, false);
    piece.shape = shapeText(cast<MemRefType>(copy.getTarget().getType()).getShape());
    return piece;
  }
  if (auto loop = dyn_cast<scf::ForOp>(op)) {
    Piece piece;
    piece.className = "Scan";
    piece.sources = sourcesOf(op, false);
    piece.op = opName("Scan", piece.sources);
    std::optional<int64_t> lower = getConstantIntValue(loop.getLowerBound());
    std::optional<int64_t> upper = getConstantIntValue(loop.getUpperBound());
    piece.shape = lower && upper ? std::to_string(*upper - *lower) + " steps" : "? steps";
    return piece;
  }
  if (isa<scf::WhileOp>(op)) {
    Piece piece;
    piece.className = "Scan";
    piece.sources = sourcesOf(op, false);
    piece.op = opName("Scan", piece.sources) + " until";
    piece.shape = "? steps";
    return piece;
  }
  if (op->getNumRegions() > 0 && containsWork(op)) {
    Piece piece;
    piece.className = "Branch";
    piece.sources = sourcesOf(op, true);
    piece.op = opName("Branch", piece.sources);
    piece.shape = op->getName().getStringRef().str();
    return piece;
  }
  return std::nullopt;
}

struct ProfileInstrumentPass
    : theta::impl::ThetaProfileInstrumentBase<ProfileInstrumentPass> {
  ModuleOp module;
  func::FuncOp begin, end;
  unsigned pieces = 0;

  func::FuncOp declare(StringRef name) { return theta::declareRuntimeEntry(module, name, 1); }

  /// begin(site) before `first`, end(site) after `last` (or, with `last`
  /// null, before `first`'s block terminator).
  void enclose(Operation *first, Operation *last, Location loc, const Piece &piece) {
    OpBuilder b(first);
    Value site = theta::siteAddress(b, loc, module, piece.text(pieces++));
    func::CallOp::create(b, loc, begin, ValueRange{site});
    if (last)
      b.setInsertionPointAfter(last);
    else
      b.setInsertionPoint(first->getBlock()->getTerminator());
    func::CallOp::create(b, loc, end, ValueRange{site});
  }

  /// The step of a scan: the loop's body, from its first op to its yield.
  void instrumentStep(Block &body, const Piece &scan, Location loc) {
    instrumentBlock(body);
    Piece step = scan;
    step.className = "Scan step";
    step.op = "Step of " + scan.op;
    step.shape = "one step";
    Operation &first = body.front();
    enclose(&first, nullptr, loc, step);
  }

  void instrumentBlock(Block &block) {
    for (Operation &op : llvm::make_early_inc_range(block)) {
      if (op.hasTrait<OpTrait::IsTerminator>())
        continue;
      std::optional<Piece> piece = pieceOf(&op);
      if (!piece)
        continue;
      if (auto loop = dyn_cast<scf::ForOp>(&op))
        instrumentStep(*loop.getBody(), *piece, op.getLoc());
      else if (auto loop = dyn_cast<scf::WhileOp>(&op))
        instrumentStep(loop.getAfter().front(), *piece, op.getLoc());
      enclose(&op, &op, op.getLoc(), *piece);
    }
  }

  void runOnOperation() override {
    module = getOperation();
    SmallVector<func::FuncOp> functions;
    for (auto func : module.getOps<func::FuncOp>())
      if (!func.isDeclaration())
        functions.push_back(func);
    if (functions.empty())
      return;
    begin = declare(kBeginFunction);
    end = declare(kEndFunction);
    for (func::FuncOp func : functions)
      for (Block &block : func.getBody())
        instrumentBlock(block);
  }
};

} // namespace
