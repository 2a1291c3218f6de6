//===- BlasLowering.cpp - --theta-linalg-to-blas --------------------------===//
//
// After bufferization, a large f32/f64 linalg.matmul on row-major buffers
// becomes a call to the runtime's theta_sgemm / theta_dgemm (OpenBLAS), which
// is far faster than any loop nest we would generate, and keeps the LLVM
// module small (compile time). Transposed operands (matmul indexing maps)
// become BLAS transpose flags; operands may start at a run-time offset (rows
// of a scan's history). Anything else (strided inner dimension, dynamic
// strides, small products) stays a loop nest.
//
//===----------------------------------------------------------------------===//
#include "lowering/RuntimeCalls.h"
#include "lowering/Passes.h"

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

LogicalResult rewriteMatmul(linalg::MatmulOp op, int64_t minimumWork, bool gpu) {
  if (!op.hasPureBufferSemantics())
    return failure();
  Value a = op.getDpsInputs()[0], b = op.getDpsInputs()[1], c = op.getDpsInits()[0];
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
  linalg::FillOp zeroFill = zeroFillOf(op, c);
  OpBuilder builder(op);
  Location loc = op.getLoc();
  FailureOr<BlasOperand> lhs = blasOperand(builder, loc, a), rhs = blasOperand(builder, loc, b),
                         out = blasOperand(builder, loc, c);
  if (failed(lhs) || failed(rhs) || failed(out))
    return failure();
  auto constant = [&](int64_t value) -> Value {
    return arith::ConstantIntOp::create(builder, loc, builder.getI64Type(), value);
  };
  StringRef name = gpu ? (element.isF32() ? "theta_cublas_sgemm" : "theta_cublas_dgemm")
                       : (element.isF32() ? "theta_sgemm" : "theta_dgemm");
  declareGemm(op->getParentOfType<ModuleOp>(), name);
  // linalg.matmul accumulates into C, as gemm with beta = 1 does; a C just
  // filled with zeros is gemm with beta = 0, without the fill.
  func::CallOp::create(builder, loc, name, TypeRange{},
                       ValueRange{constant(transA), constant(transB), constant(m), constant(n),
                                  constant(k), lhs->pointer, constant(lhs->leadingDimension),
                                  rhs->pointer, constant(rhs->leadingDimension),
                                  constant(zeroFill ? 0 : 1), out->pointer,
                                  constant(out->leadingDimension)});
  op.erase();
  if (zeroFill)
    zeroFill.erase();
  return success();
}

struct LinalgToBlasPass : theta::impl::ThetaLinalgToBlasBase<LinalgToBlasPass> {
  using ThetaLinalgToBlasBase::ThetaLinalgToBlasBase;
  void runOnOperation() override {
    SmallVector<linalg::MatmulOp> matmuls;
    getOperation().walk([&](linalg::MatmulOp op) { matmuls.push_back(op); });
    for (linalg::MatmulOp op : matmuls)
      (void)rewriteMatmul(op, minimumWork, gpu);
  }
};

} // namespace
