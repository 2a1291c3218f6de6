//===- DotLowering.cpp - theta.dot -> linalg products ---------------------===//
//
// Matrix products become linalg.matmul (BLAS and oneDNN calls later, see
// BlasLowering.cpp), vectors and batches their named ops, tiny contractions
// elementwise code; `acc + dot(a, b)` accumulates into acc.
//
//===----------------------------------------------------------------------===//
#include "dialect/ThetaOps.h"
#include "lowering/LinalgBuilders.h"
#include "lowering/Patterns.h"
#include "dialect/ScalarMath.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace theta;

namespace {

RankedTensorType tensorType(Value value) { return cast<RankedTensorType>(value.getType()); }

/// Matrix products with at most this many terms per element (a layer fed by
/// two inputs, an outer product in a gradient) are unrolled into elementwise
/// code instead of a matmul.
constexpr int64_t kUnrolledContraction = 4;

/// The contraction size of a matrix-matrix dot, or 0 for other ranks.
int64_t contractionSize(DotOp op) {
  auto lhs = cast<RankedTensorType>(op.getLhs().getType());
  auto rhs = cast<RankedTensorType>(op.getRhs().getType());
  return lhs.getRank() == 2 && rhs.getRank() == 2 ? lhs.getDimSize(1) : 0;
}

bool isUnrolledProduct(DotOp op) {
  int64_t k = contractionSize(op);
  return k > 0 && k <= kUnrolledContraction;
}

struct DotLowering : OpConversionPattern<DotOp> {
  using OpConversionPattern::OpConversionPattern;

  /// Operands that are transposes (dimshuffle [1, 0]) are replaced in `ins`
  /// by the untransposed value; the result says which were. With
  /// `copiedOutsideLoops` (matmuls, which become BLAS calls), a transpose made
  /// outside the loop that runs the product stays a copy, made once: BLAS
  /// libraries multiply plain operands faster (oneDNN: 32x256x256 NN 21 us,
  /// NT 72 us) and the loop pays that every step.
  static std::array<bool, 2> foldTransposes(DotOp op, SmallVector<Value> &ins,
                                            ConversionPatternRewriter &rewriter,
                                            bool copiedOutsideLoops) {
    std::array<bool, 2> transposed{false, false};
    auto loop = copiedOutsideLoops ? op->getParentOfType<LoopLikeOpInterface>() : nullptr;
    for (auto [index, operand] : llvm::enumerate(op->getOperands())) {
      auto shuffle = operand.getDefiningOp<DimShuffleOp>();
      if (!shuffle || shuffle.getPattern() != ArrayRef<int64_t>{1, 0})
        continue;
      if (loop && !loop->isAncestor(shuffle))
        continue;
      ins[index] = rewriter.getRemappedValue(shuffle.getInput());
      transposed[index] = true;
    }
    return transposed;
  }

  /// out[m, n] = sum over k < K of a[m, k] * b[k, n], with the K terms
  /// written out in one all-parallel generic (operands read at constant
  /// column/row k), so that it fuses with the elementwise ops around it: a
  /// GEMM with K = 2 writes a whole matrix for two multiply-adds per element.
  static Value buildUnrolledProduct(DotOp op, SmallVector<Value> &ins,
                                    ConversionPatternRewriter &rewriter) {
    MLIRContext *context = rewriter.getContext();
    Location loc = op.getLoc();
    std::array<bool, 2> transposed =
        foldTransposes(op, ins, rewriter, /*copiedOutsideLoops=*/false);
    AffineExpr m = getAffineDimExpr(0, context), n = getAffineDimExpr(1, context);
    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    for (int64_t k = 0; k < contractionSize(op); ++k) {
      AffineExpr term = getAffineConstantExpr(k, context);
      inputs.append({ins[0], ins[1]});
      maps.push_back(AffineMap::get(2, 0,
                                    transposed[0] ? ArrayRef<AffineExpr>{term, m}
                                                  : ArrayRef<AffineExpr>{m, term},
                                    context));
      maps.push_back(AffineMap::get(2, 0,
                                    transposed[1] ? ArrayRef<AffineExpr>{n, term}
                                                  : ArrayRef<AffineExpr>{term, n},
                                    context));
    }
    RankedTensorType resultType = op.getType();
    maps.push_back(rewriter.getMultiDimIdentityMap(2));
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, inputs,
        ValueRange{emptyTensor(rewriter, loc, resultType)}, maps,
        SmallVector<utils::IteratorType>(2, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value sum;
          for (size_t i = 0; i < inputs.size(); i += 2) {
            Value product =
                arithmetic<arith::MulFOp, arith::MulIOp>(b, l, {args[i], args[i + 1]});
            sum = sum ? arithmetic<arith::AddFOp, arith::AddIOp>(b, l, {sum, product}) : product;
          }
          linalg::YieldOp::create(b, l, sum);
        });
    return generic.getResult(0);
  }

  /// A transposed operand (dimshuffle [1, 0], as gradients of products have)
  /// is read through the matmul's indexing map instead of being copied.
  static Operation *buildMatmul(DotOp op, SmallVector<Value> &ins, Value init,
                                ConversionPatternRewriter &rewriter) {
    MLIRContext *context = rewriter.getContext();
    AffineExpr m = getAffineDimExpr(0, context), n = getAffineDimExpr(1, context),
               k = getAffineDimExpr(2, context);
    SmallVector<SmallVector<AffineExpr>> exprs{{m, k}, {k, n}};
    std::array<bool, 2> transposed =
        foldTransposes(op, ins, rewriter, /*copiedOutsideLoops=*/true);
    for (int index = 0; index < 2; ++index)
      if (transposed[index])
        std::swap(exprs[index][0], exprs[index][1]);
    SmallVector<Attribute> maps;
    for (const auto &operandExprs : exprs)
      maps.push_back(AffineMapAttr::get(AffineMap::get(3, 0, operandExprs, context)));
    maps.push_back(AffineMapAttr::get(AffineMap::get(3, 0, {m, n}, context)));
    NamedAttribute indexingMaps(rewriter.getStringAttr("indexing_maps"),
                                rewriter.getArrayAttr(maps));
    return linalg::MatmulOp::create(rewriter, op.getLoc(), TypeRange{op.getType()}, ins,
                                    ValueRange{init}, ArrayRef<NamedAttribute>{indexingMaps});
  }

  LogicalResult matchAndRewrite(DotOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = op.getType();
    if (isUnrolledProduct(op)) {
      SmallVector<Value> ins{adaptor.getLhs(), adaptor.getRhs()};
      rewriter.replaceOp(op, buildUnrolledProduct(op, ins, rewriter));
      return success();
    }
    Value zero = buildScalarConstant(rewriter, loc, resultType.getElementType(), 0);
    // A buffer of its own (alloc_tensor, which CSE never merges): each
    // product fills its own zeros, which BLAS then skips (beta = 0), rather
    // than copying one shared zero tensor.
    Value buffer = bufferization::AllocTensorOp::create(rewriter, loc, resultType, ValueRange());
    Value init = linalg::FillOp::create(rewriter, loc, ValueRange{zero}, ValueRange{buffer})
                     .getResult(0);
    SmallVector<Value> ins{adaptor.getLhs(), adaptor.getRhs()};
    int64_t lr = tensorType(ins[0]).getRank(), rr = tensorType(ins[1]).getRank();
    Operation *product;
    if (lr == 1 && rr == 1)
      product = linalg::DotOp::create(rewriter, loc, TypeRange{resultType}, ins, ValueRange{init});
    else if (lr == 2 && rr == 1)
      product =
          linalg::MatvecOp::create(rewriter, loc, TypeRange{resultType}, ins, ValueRange{init});
    else if (lr == 1 && rr == 2)
      product =
          linalg::VecmatOp::create(rewriter, loc, TypeRange{resultType}, ins, ValueRange{init});
    else if (lr == 2 && rr == 2)
      product = buildMatmul(op, ins, init, rewriter);
    else
      product = linalg::BatchMatmulOp::create(rewriter, loc, TypeRange{resultType}, ins,
                                              ValueRange{init});
    rewriter.replaceOp(op, product->getResults());
    return success();
  }
};

/// `acc + dot(a, b)` on matrices of one shape (a gradient accumulated over
/// the steps of a scan, or two products summed) is one matmul accumulating
/// into `acc`, which BLAS does with beta = 1 and bufferization in place,
/// instead of a product into zeros and an elementwise add.
struct AccumulatingDotLowering : OpConversionPattern<AddOp> {
  AccumulatingDotLowering(MLIRContext *context)
      : OpConversionPattern<AddOp>(context, /*benefit=*/2) {}
  LogicalResult matchAndRewrite(AddOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    if (type.getRank() != 2)
      return failure();
    for (int side = 0; side < 2; ++side) {
      Value product = side ? op.getRhs() : op.getLhs();
      Value accumulator = side ? adaptor.getLhs() : adaptor.getRhs();
      auto dot = product.getDefiningOp<DotOp>();
      if (!dot || !product.hasOneUse() || dot.getType() != type || isUnrolledProduct(dot) ||
          tensorType(accumulator) != type || tensorType(dot.getLhs()).getRank() != 2 ||
          tensorType(dot.getRhs()).getRank() != 2)
        continue;
      SmallVector<Value> ins{rewriter.getRemappedValue(dot.getLhs()),
                             rewriter.getRemappedValue(dot.getRhs())};
      // The product's own lowering (into zeros) is left unused, then removed.
      rewriter.replaceOp(op, DotLowering::buildMatmul(dot, ins, accumulator, rewriter)
                                 ->getResults());
      return success();
    }
    return failure();
  }
};

} // namespace

void theta::populateDotLowering(RewritePatternSet &patterns) {
  patterns.add<AccumulatingDotLowering, DotLowering>(patterns.getContext());
}
