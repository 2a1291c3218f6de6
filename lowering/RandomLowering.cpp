//===- RandomLowering.cpp - theta.random to a Philox linalg.generic -------===//
//
// theta.random is counter-based: every element is a function of (key,
// counter, its row-major index), so it lowers to one parallel linalg.generic
// whose body runs Philox-4x32-10 on the element's counter block and turns
// the 128 random bits into a uniform or normal float. Nothing is carried
// between elements: the loop parallelizes (and fuses with the elementwise ops
// that scale the draw) like any other elementwise op.
//
//===----------------------------------------------------------------------===//
#include "lowering/Patterns.h"

#include "lowering/LinalgBuilders.h"

#include "dialect/ThetaOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <array>

using namespace mlir;

namespace theta {
namespace {

// Philox-4x32 multipliers and Weyl key increments (Random123's constants).
constexpr uint32_t kPhiloxM0 = 0xD2511F53u, kPhiloxM1 = 0xCD9E8D57u;
constexpr uint32_t kPhiloxW0 = 0x9E3779B9u, kPhiloxW1 = 0xBB67AE85u;
constexpr int kPhiloxRounds = 10;
constexpr double kTwoPi = 6.283185307179586476925286766559;

/// Scalar integer arithmetic inside the generic's body.
struct Bits {
  OpBuilder &b;
  Location loc;

  Value constant(Type type, uint64_t value) {
    return arith::ConstantOp::create(
        b, loc, b.getIntegerAttr(type, APInt(type.getIntOrFloatBitWidth(), value)));
  }
  Value i32(uint32_t value) { return constant(b.getI32Type(), value); }
  Value i64(uint64_t value) { return constant(b.getI64Type(), value); }
  Value low32(Value x) { return arith::TruncIOp::create(b, loc, b.getI32Type(), x); }
  Value high32(Value x) { return low32(arith::ShRUIOp::create(b, loc, x, i64(32))); }
  Value wide(Value x) { return arith::ExtUIOp::create(b, loc, b.getI64Type(), x); }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulIOp::create(b, loc, x, y); }
  Value xor_(Value x, Value y) { return arith::XOrIOp::create(b, loc, x, y); }
  Value shl(Value x, uint64_t n) {
    return arith::ShLIOp::create(b, loc, x, constant(x.getType(), n));
  }
  Value shr(Value x, uint64_t n) {
    return arith::ShRUIOp::create(b, loc, x, constant(x.getType(), n));
  }

  /// Philox-4x32-10 of a 128-bit counter and a 64-bit key (32-bit words,
  /// least significant first).
  std::array<Value, 4> philox(std::array<Value, 4> ctr, std::array<Value, 2> key) {
    Value m0 = i32(kPhiloxM0), m1 = i32(kPhiloxM1);
    Value w0 = i32(kPhiloxW0), w1 = i32(kPhiloxW1);
    for (int round = 0; round < kPhiloxRounds; ++round) {
      if (round > 0)
        key = {add(key[0], w0), add(key[1], w1)};
      auto p0 = arith::MulUIExtendedOp::create(b, loc, m0, ctr[0]);
      auto p1 = arith::MulUIExtendedOp::create(b, loc, m1, ctr[2]);
      ctr = {xor_(xor_(p1.getHigh(), ctr[1]), key[0]), p1.getLow(),
             xor_(xor_(p0.getHigh(), ctr[3]), key[1]), p0.getLow()};
    }
    return ctr;
  }

  /// A uniform float in [0, 1) of `type`: f32 from the top 24 bits of
  /// `first`, f64 from the top 53 bits of `first:second` (`second` unused for f32).
  Value uniform(FloatType type, Value first, Value second) {
    if (type.isF32()) {
      Value mantissa = arith::UIToFPOp::create(b, loc, type, shr(first, 8));
      return arith::MulFOp::create(b, loc, mantissa,
                                   arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0x1p-24f)));
    }
    Value bits = shr(arith::OrIOp::create(b, loc, shl(wide(first), 32), wide(second)), 11);
    Value mantissa = arith::UIToFPOp::create(b, loc, type, bits);
    return arith::MulFOp::create(b, loc, mantissa,
                                 arith::ConstantOp::create(b, loc, b.getF64FloatAttr(0x1p-53)));
  }
};

struct RandomLowering : OpConversionPattern<RandomOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(RandomOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    auto element = cast<FloatType>(type.getElementType());
    bool normal = op.getDistribution() == "normal";
    ArrayRef<int64_t> shape = type.getShape();
    Value result = buildBroadcastGeneric(
        rewriter, op.getLoc(), type, ValueRange{adaptor.getKey(), adaptor.getCounter()},
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          Bits bits{b, loc};
          // The row-major index of this element.
          Value index;
          for (int64_t d = 0; d < static_cast<int64_t>(shape.size()); ++d) {
            Value position = linalg::IndexOp::create(b, loc, d);
            if (!index) {
              index = position;
              continue;
            }
            Value size = arith::ConstantIndexOp::create(b, loc, shape[d]);
            index =
                arith::AddIOp::create(b, loc, arith::MulIOp::create(b, loc, index, size), position);
          }
          if (!index) // a scalar draw
            index = arith::ConstantIndexOp::create(b, loc, 0);
          Value index64 = arith::IndexCastUIOp::create(b, loc, b.getI64Type(), index);
          Value key = args[0], counter = args[1];
          std::array<Value, 4> x = bits.philox({bits.low32(index64), bits.high32(index64),
                                                bits.low32(counter), bits.high32(counter)},
                                               {bits.low32(key), bits.high32(key)});
          bool f32 = element.isF32();
          Value u1 = f32 ? bits.uniform(element, x[0], Value()) : bits.uniform(element, x[0], x[1]);
          if (!normal)
            return u1;
          // Box-Muller: 1 - u1 is in (0, 1], so the logarithm is finite.
          Value u2 = f32 ? bits.uniform(element, x[1], Value()) : bits.uniform(element, x[2], x[3]);
          auto constant = [&](double value) -> Value {
            return arith::ConstantOp::create(b, loc, b.getFloatAttr(element, value));
          };
          Value oneMinus = arith::SubFOp::create(b, loc, constant(1.0), u1);
          Value radius = math::SqrtOp::create(
              b, loc,
              arith::MulFOp::create(b, loc, constant(-2.0), math::LogOp::create(b, loc, oneMinus)));
          Value angle = arith::MulFOp::create(b, loc, constant(kTwoPi), u2);
          return arith::MulFOp::create(b, loc, radius, math::CosOp::create(b, loc, angle));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateRandomLowering(RewritePatternSet &patterns) {
  patterns.add<RandomLowering>(patterns.getContext());
}

} // namespace theta
