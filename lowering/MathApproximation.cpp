//===- MathApproximation.cpp - --theta-math-approximation -----------------===//
#include "lowering/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Approximation.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <limits>

namespace theta {
#define GEN_PASS_DEF_THETAMATHAPPROXIMATION
#include "lowering/Passes.h.inc"
} // namespace theta

using namespace mlir;

namespace {

/// Upstream's f32 log polynomial clamps its input to the smallest normal
/// float, so every subnormal came out as log(FLT_MIN) = -87.34 (1e-45f gives
/// -103.28 in libm). Inputs below FLT_MIN are scaled into the normal range
/// first, log(x) = log(x * 2^23) - 23 ln 2, with selects rather than a branch
/// so that loops still vectorize; zero, negatives and NaN keep their results
/// (-inf, NaN, NaN), as the scaling leaves them what they were.
void scaleSubnormalLogs(Operation *root) {
  SmallVector<math::LogOp> logs;
  root->walk([&](math::LogOp op) {
    if (getElementTypeOrSelf(op.getType()).isF32())
      logs.push_back(op);
  });
  for (math::LogOp op : logs) {
    OpBuilder b(op);
    Location loc = op.getLoc();
    Type type = op.getType();
    auto constant = [&](float value) -> Value {
      TypedAttr attr = b.getF32FloatAttr(value);
      if (auto shaped = dyn_cast<ShapedType>(type))
        attr = DenseElementsAttr::get(shaped, attr);
      return arith::ConstantOp::create(b, loc, attr);
    };
    Value x = op.getOperand();
    Value small = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x,
                                        constant(std::numeric_limits<float>::min()));
    Value scaled = arith::SelectOp::create(
        b, loc, small, arith::MulFOp::create(b, loc, x, constant(0x1p23f)), x);
    Value log = math::LogOp::create(b, loc, scaled, op.getFastmathAttr());
    Value ln2Times23 = constant(static_cast<float>(23 * 0.693147180559945309));
    Value shifted = arith::SubFOp::create(b, loc, log, ln2Times23);
    Value result = arith::SelectOp::create(b, loc, small, shifted, log);
    op.replaceAllUsesWith(result);
    op.erase();
  }
}

/// f32 exp for CPUs that scale by a power of two in one instruction
/// (AVX-512's vscalefps is LLVM's ldexp there; elsewhere ldexp is a libm call
/// per element, so the pipeline asks for this only on such CPUs):
///   t = x log2 e + 1.5 * 2^23 (one fma: the float's last bits are then
///       n = round(x log2 e), to nearest even),
///   r = x - n ln 2 (in two parts, Cody-Waite),
///   exp(x) = ldexp(p(r), n),  p a degree-6 polynomial, 1 + r + c2 r^2 + ...,
///       fitted for the least maximal relative error on |r| <= ln2/2 (3e-9,
///       0.05 ulp; Cephes' degree 7 is more than float32 needs: over every
///       float in [-104.5, 89.5] both are within 1 ulp of the correctly
///       rounded exp, 0.47 % and 0.46 % of them not correctly rounded, and
///       one fma fewer is 5 % of the chain benchmark's time).
/// Upstream's version builds 2^n in the exponent bits, which needs n clamped
/// to the normal range and a correction multiply, and returns 0 instead of
/// the subnormal results below x = -87.3; ldexp gives subnormals, 0 and inf
/// at both ends by itself. The input is clamped only so that r stays finite
/// for x = +-inf; NaN passes through the selects unchanged. n's integer comes
/// from t's bits rather than fptosi, which would be poison for NaN (t's bits
/// are some integer, and ldexp(NaN, any) is NaN).
struct ExpByLdexp : OpRewritePattern<math::ExpOp> {
  ExpByLdexp(MLIRContext *context) : OpRewritePattern(context, /*benefit=*/2) {}

  LogicalResult matchAndRewrite(math::ExpOp op, PatternRewriter &rewriter) const override {
    // llvm.intr.ldexp takes a scalar exponent only; the loops are scalar
    // here, and LLVM's vectorizer widens the intrinsic.
    Type type = op.getType();
    if (!type.isF32())
      return rewriter.notifyMatchFailure(op, "not a scalar f32");
    Location loc = op.getLoc();
    auto constant = [&](float value) -> Value {
      return arith::ConstantOp::create(rewriter, loc, rewriter.getF32FloatAttr(value));
    };
    auto fma = [&](Value a, Value b, Value c) -> Value {
      return math::FmaOp::create(rewriter, loc, a, b, c);
    };
    // exp(89) and exp(-104) already round to inf and 0 in float32.
    Value x = op.getOperand();
    Value high = constant(89.0f), low = constant(-104.0f);
    x = arith::SelectOp::create(
        rewriter, loc, arith::CmpFOp::create(rewriter, loc, arith::CmpFPredicate::OGT, x, high),
        high, x);
    x = arith::SelectOp::create(
        rewriter, loc, arith::CmpFOp::create(rewriter, loc, arith::CmpFPredicate::OLT, x, low),
        low, x);
    // 1.5 * 2^23: |x log2 e| <= 150, so t lies in [2^23, 2^24), where floats
    // are the integers; its bits minus the constant's are n.
    constexpr float kRoundingConstant = 12582912.0f;
    Value shift = constant(kRoundingConstant);
    Value t = fma(x, constant(1.44269504088896341f), shift);
    Value n = arith::SubFOp::create(rewriter, loc, t, shift);
    Value r = fma(n, constant(-0.693359375f), x);
    r = fma(n, constant(2.12194440e-4f), r);
    static constexpr float kCoefficients[] = {1.3814612757e-3f, 8.3687100559e-3f,
                                              4.1668388993e-2f, 1.6666521132e-1f,
                                              4.9999994040e-1f};
    Value p = constant(kCoefficients[0]);
    for (float c : llvm::ArrayRef(kCoefficients).drop_front())
      p = fma(p, r, constant(c));
    p = fma(p, r, constant(1.0f));
    p = fma(p, r, constant(1.0f));
    Type i32 = rewriter.getI32Type();
    Value exponent = arith::SubIOp::create(
        rewriter, loc, arith::BitcastOp::create(rewriter, loc, i32, t),
        arith::ConstantOp::create(rewriter, loc,
                                  rewriter.getI32IntegerAttr(0x4B400000))); // bits of 1.5 * 2^23
    rewriter.replaceOpWithNewOp<LLVM::LoadExpOp>(op, type, p, exponent);
    return success();
  }
};

struct MathApproximationPass
    : theta::impl::ThetaMathApproximationBase<MathApproximationPass> {
  using ThetaMathApproximationBase::ThetaMathApproximationBase;

  void runOnOperation() override {
    scaleSubnormalLogs(getOperation());
    RewritePatternSet patterns(&getContext());
    if (ldexp)
      patterns.add<ExpByLdexp>(&getContext());
    populateMathPolynomialApproximationPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
