//===- BlasLowering.cpp - --theta-linalg-to-blas --------------------------===//
//
// After bufferization, a large f32/f64 linalg.matmul on row-major buffers
// becomes a call to the runtime's theta_sgemm / theta_dgemm (OpenBLAS), which
// is far faster than any loop nest we would generate, and keeps the LLVM
// module small (compile time). A scaled product's generic (`C + alpha A B`,
// see DotLowering: an SGD update) becomes theta_sgemm_scaled / _dgemm_scaled
// with that alpha. Transposed operands (matmul indexing maps)
// become BLAS transpose flags; operands may start at a run-time offset (rows
// of a scan's history). Anything else (strided inner dimension, dynamic
// strides, small products) stays a loop nest.
//
//===----------------------------------------------------------------------===//
#include "lowering/RuntimeCalls.h"
#include "lowering/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Matchers.h"

namespace theta {
#define GEN_PASS_DEF_THETALINALGTOBLAS
#include "lowering/Passes.h.inc"
} // namespace theta

using namespace mlir;

namespace {

/// A row-major operand: base pointer (as i64, offset applied) and leading dimension.
struct BlasOperand {
  Value pointer;
  int64_t leadingDimension;
};

FailureOr<BlasOperand> blasOperand(OpBuilder &b, Location loc, Value buffer) {
  auto type = cast<MemRefType>(buffer.getType());
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(type.getStridesAndOffset(strides, offset)) || strides.size() != 2 ||
      strides[1] != 1 || ShapedType::isDynamic(strides[0]))
    return failure();
  Value base = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, buffer);
  int64_t elementBytes = type.getElementTypeBitWidth() / 8;
  if (ShapedType::isDynamic(offset)) {
    // A row of a scan's history: the offset is known when the loop runs.
    Value elements = memref::ExtractStridedMetadataOp::create(b, loc, buffer).getOffset();
    Value bytes = arith::MulIOp::create(b, loc, elements,
                                        arith::ConstantIndexOp::create(b, loc, elementBytes));
    base = arith::AddIOp::create(b, loc, base, bytes);
  } else if (offset != 0) {
    base = arith::AddIOp::create(b, loc, base,
                                 arith::ConstantIndexOp::create(b, loc, offset * elementBytes));
  }
  Value pointer = arith::IndexCastOp::create(b, loc, b.getI64Type(), base);
  return BlasOperand{pointer, std::max<int64_t>(strides[0], 1)};
}

/// Whether `map` is (d0, d1, d2) -> (dims[0], dims[1]).
bool isMap(AffineMap map, unsigned first, unsigned second) {
  return map.getNumResults() == 2 && map.isProjectedPermutation() &&
         map.getDimPosition(0) == first && map.getDimPosition(1) == second;
}

func::FuncOp declareGemm(ModuleOp module, StringRef name) {
  return theta::declareRuntimeEntry(module, name, 12);
}

/// The linalg.fill writing zeros into `c`, a fresh buffer, that `matmul`
/// follows with nothing reading or writing `c` in between; null otherwise.
linalg::FillOp zeroFillOf(linalg::MatmulOp matmul, Value c) {
  if (!c.getDefiningOp<memref::AllocOp>())
    return {};
  for (Operation *op = matmul->getPrevNode(); op; op = op->getPrevNode()) {
    if (auto fill = dyn_cast<linalg::FillOp>(op);
        fill && fill.getOutputs().front() == c) {
      Attribute value;
      if (!matchPattern(fill.getInputs().front(), m_Constant(&value)))
        return {};
      auto number = dyn_cast<FloatAttr>(value);
      return number && number.getValue().isZero() ? fill : linalg::FillOp();
    }
    if (llvm::is_contained(op->getOperands(), c) || op->getNumRegions() != 0)
      return {};
  }
  return {};
}

/// The constant alpha of a scaled product's body, `out + (a * b) * alpha`
/// (each product either way round); none if the body is anything else.
std::optional<double> scaledProductAlpha(linalg::GenericOp op) {
  Block &body = op.getRegion().front();
  auto yield = dyn_cast<linalg::YieldOp>(body.getTerminator());
  if (!yield || yield.getNumOperands() != 1)
    return std::nullopt;
  auto add = yield.getOperand(0).getDefiningOp<arith::AddFOp>();
  if (!add)
    return std::nullopt;
  Value a = body.getArgument(0), b = body.getArgument(1), out = body.getArgument(2);
  Value scaled = add.getLhs() == out ? add.getRhs() : add.getRhs() == out ? add.getLhs() : Value();
  auto scale = scaled ? scaled.getDefiningOp<arith::MulFOp>() : arith::MulFOp();
  if (!scale)
    return std::nullopt;
  for (int side = 0; side < 2; ++side) {
    auto term = (side ? scale.getRhs() : scale.getLhs()).getDefiningOp<arith::MulFOp>();
    FloatAttr alpha;
    if (!term || !matchPattern(side ? scale.getLhs() : scale.getRhs(), m_Constant(&alpha)))
      continue;
    if ((term.getLhs() == a && term.getRhs() == b) || (term.getLhs() == b && term.getRhs() == a))
      return alpha.getValueAsDouble();
  }
  return std::nullopt;
}

/// Declares `name`(transA, transB, m, n, k, a, lda, b, ldb, alpha: f64, c,
/// ldc), the runtime's C = alpha op(A) op(B) + C.
func::FuncOp declareScaledGemm(ModuleOp module, StringRef name) {
  if (auto existing = module.lookupSymbol<func::FuncOp>(name))
    return existing;
  OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
  Type i64 = b.getI64Type();
  SmallVector<Type> inputs(12, i64);
  inputs[9] = b.getF64Type();
  auto function = func::FuncOp::create(b, module.getLoc(), name,
                                       b.getFunctionType(inputs, TypeRange{}));
  function.setPrivate();
  return function;
}

/// A product C (+)= alpha op(A) op(B) on buffers (a linalg.matmul: alpha 1,
/// or a scaled product's generic) as a gemm call, when its operands are
/// row-major and it is large enough; erases `op` then.
LogicalResult rewriteProduct(linalg::LinalgOp op, std::optional<double> alpha,
                             int64_t minimumWork, bool gpu) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1)
    return failure();
  Value a = op.getDpsInputOperand(0)->get(), b = op.getDpsInputOperand(1)->get(),
        c = op.getDpsInitOperand(0)->get();
  auto aType = cast<MemRefType>(a.getType()), bType = cast<MemRefType>(b.getType()),
       cType = cast<MemRefType>(c.getType());
  Type element = cType.getElementType();
  if (!(element.isF32() || element.isF64()) || aType.getElementType() != element ||
      bType.getElementType() != element || !aType.hasStaticShape() ||
      !bType.hasStaticShape() || !cType.hasStaticShape())
    return failure();
  // (m, n, k) loops: A is (m, k) or transposed (k, m); B is (k, n) or (n, k).
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  bool transA, transB;
  if (isMap(maps[0], 0, 2))
    transA = false;
  else if (isMap(maps[0], 2, 0))
    transA = true;
  else
    return failure();
  if (isMap(maps[1], 2, 1))
    transB = false;
  else if (isMap(maps[1], 1, 2))
    transB = true;
  else
    return failure();
  if (!isMap(maps[2], 0, 1))
    return failure();
  int64_t m = cType.getDimSize(0), n = cType.getDimSize(1);
  int64_t k = transA ? aType.getDimSize(0) : aType.getDimSize(1);
  if (m * n * k < minimumWork)
    return failure();

  // Found before the operands' pointer ops, which read C, are added.
  auto matmul = dyn_cast<linalg::MatmulOp>(op.getOperation());
  linalg::FillOp zeroFill = matmul ? zeroFillOf(matmul, c) : linalg::FillOp();
  OpBuilder builder(op);
  Location loc = op.getLoc();
  FailureOr<BlasOperand> lhs = blasOperand(builder, loc, a), rhs = blasOperand(builder, loc, b),
                         out = blasOperand(builder, loc, c);
  if (failed(lhs) || failed(rhs) || failed(out))
    return failure();
  auto constant = [&](int64_t value) -> Value {
    return arith::ConstantIntOp::create(builder, loc, builder.getI64Type(), value);
  };
  std::string name = std::string(gpu ? "theta_cublas_" : "theta_") +
                     (element.isF32() ? "sgemm" : "dgemm") + (alpha ? "_scaled" : "");
  ModuleOp module = op->getParentOfType<ModuleOp>();
  // linalg.matmul accumulates into C, as gemm with beta = 1 does; a C just
  // filled with zeros is gemm with beta = 0, without the fill. A scaled
  // product always accumulates; its slot holds alpha instead.
  Value betaOrAlpha;
  if (alpha) {
    declareScaledGemm(module, name);
    betaOrAlpha = arith::ConstantOp::create(builder, loc, builder.getF64FloatAttr(*alpha));
  } else {
    declareGemm(module, name);
    betaOrAlpha = constant(zeroFill ? 0 : 1);
  }
  func::CallOp::create(builder, loc, name, TypeRange{},
                       ValueRange{constant(transA), constant(transB), constant(m), constant(n),
                                  constant(k), lhs->pointer, constant(lhs->leadingDimension),
                                  rhs->pointer, constant(rhs->leadingDimension), betaOrAlpha,
                                  out->pointer, constant(out->leadingDimension)});
  op->erase();
  if (zeroFill)
    zeroFill.erase();
  return success();
}

struct LinalgToBlasPass : theta::impl::ThetaLinalgToBlasBase<LinalgToBlasPass> {
  using ThetaLinalgToBlasBase::ThetaLinalgToBlasBase;
  void runOnOperation() override {
    SmallVector<linalg::MatmulOp> matmuls;
    SmallVector<std::pair<linalg::GenericOp, double>> scaled;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (auto matmul = dyn_cast<linalg::MatmulOp>(op.getOperation()))
        matmuls.push_back(matmul);
      else if (auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
               generic && generic.getNumLoops() == 3 && generic.getNumReductionLoops() == 1 &&
               generic.getIteratorTypesArray()[2] == utils::IteratorType::reduction)
        if (std::optional<double> alpha = scaledProductAlpha(generic))
          scaled.push_back({generic, *alpha});
    });
    for (linalg::MatmulOp op : matmuls)
      (void)rewriteProduct(op, std::nullopt, minimumWork, gpu);
    for (auto [op, alpha] : scaled)
      (void)rewriteProduct(op, alpha, minimumWork, gpu);
  }
};

} // namespace
