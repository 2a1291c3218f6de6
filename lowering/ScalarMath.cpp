//===- ScalarMath.cpp -----------------------------------------------------===//
#include "lowering/ScalarMath.h"

#include "dialect/ThetaOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;

namespace theta {

Value buildScalarConstant(OpBuilder &b, Location loc, Type type, double value) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(floatType, value));
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, static_cast<int64_t>(value)));
}

Value buildScalarCast(OpBuilder &b, Location loc, Value value, Type to) {
  Type from = value.getType();
  if (from == to)
    return value;
  bool fromFloat = isa<FloatType>(from), toFloat = isa<FloatType>(to);
  if (to.isInteger(1)) {
    Value zero = buildScalarConstant(b, loc, from, 0);
    if (fromFloat)
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, value, zero);
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, value, zero);
  }
  if (fromFloat && toFloat) {
    if (from.getIntOrFloatBitWidth() < to.getIntOrFloatBitWidth())
      return arith::ExtFOp::create(b, loc, to, value);
    return arith::TruncFOp::create(b, loc, to, value);
  }
  if (fromFloat)
    return arith::FPToSIOp::create(b, loc, to, value);
  bool fromBool = from.isInteger(1);
  if (toFloat)
    return fromBool ? Value(arith::UIToFPOp::create(b, loc, to, value))
                    : Value(arith::SIToFPOp::create(b, loc, to, value));
  if (from.getIntOrFloatBitWidth() < to.getIntOrFloatBitWidth())
    return fromBool ? Value(arith::ExtUIOp::create(b, loc, to, value))
                    : Value(arith::ExtSIOp::create(b, loc, to, value));
  return arith::TruncIOp::create(b, loc, to, value);
}

namespace {

Value compare(OpBuilder &b, Location loc, Value lhs, Value rhs, arith::CmpFPredicate fp,
              arith::CmpIPredicate ip) {
  if (isa<FloatType>(lhs.getType()))
    return arith::CmpFOp::create(b, loc, fp, lhs, rhs);
  return arith::CmpIOp::create(b, loc, ip, lhs, rhs);
}

/// sign(x) = (x > 0) - (x < 0), in x's type; NaN for NaN, as in NumPy (both
/// comparisons are false for NaN, which would give 0).
Value sign(OpBuilder &b, Location loc, Value x) {
  Type type = x.getType();
  Value zero = buildScalarConstant(b, loc, type, 0);
  Value one = buildScalarConstant(b, loc, type, 1);
  Value minusOne = buildScalarConstant(b, loc, type, -1);
  Value positive = compare(b, loc, x, zero, arith::CmpFPredicate::OGT, arith::CmpIPredicate::sgt);
  Value negative = compare(b, loc, x, zero, arith::CmpFPredicate::OLT, arith::CmpIPredicate::slt);
  Value negOrZero = arith::SelectOp::create(b, loc, negative, minusOne, zero);
  Value sign = arith::SelectOp::create(b, loc, positive, one, negOrZero);
  if (!isa<FloatType>(type))
    return sign;
  Value isNaN = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, x, x);
  return arith::SelectOp::create(b, loc, isNaN, x, sign);
}

/// softplus(x) = max(x, 0) + log1p(exp(-|x|)), which never overflows.
Value softplus(OpBuilder &b, Location loc, Value x) {
  Value zero = buildScalarConstant(b, loc, x.getType(), 0);
  Value positivePart = arith::MaximumFOp::create(b, loc, x, zero);
  Value negAbs = arith::NegFOp::create(b, loc, math::AbsFOp::create(b, loc, x));
  Value tail = math::Log1pOp::create(b, loc, math::ExpOp::create(b, loc, negAbs));
  return arith::AddFOp::create(b, loc, positivePart, tail);
}

/// sigmoid(x) = 1 / (1 + exp(-x)).
Value sigmoid(OpBuilder &b, Location loc, Value x) {
  Value one = buildScalarConstant(b, loc, x.getType(), 1);
  Value e = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x));
  return arith::DivFOp::create(b, loc, one, arith::AddFOp::create(b, loc, one, e));
}

} // namespace

Value buildScalarBody(OpBuilder &b, Location loc, Operation *op, ValueRange args) {
  using FP = arith::CmpFPredicate;
  using IP = arith::CmpIPredicate;
  return llvm::TypeSwitch<Operation *, Value>(op)
      .Case([&](AddOp) { return arithmetic<arith::AddFOp, arith::AddIOp>(b, loc, args); })
      .Case([&](SubOp) { return arithmetic<arith::SubFOp, arith::SubIOp>(b, loc, args); })
      .Case([&](MulOp) { return arithmetic<arith::MulFOp, arith::MulIOp>(b, loc, args); })
      .Case([&](DivOp) { return arithmetic<arith::DivFOp, arith::DivSIOp>(b, loc, args); })
      .Case([&](MaximumOp) {
        return arithmetic<arith::MaximumFOp, arith::MaxSIOp>(b, loc, args);
      })
      .Case([&](MinimumOp) {
        return arithmetic<arith::MinimumFOp, arith::MinSIOp>(b, loc, args);
      })
      .Case([&](PowOp) { return Value(math::PowFOp::create(b, loc, args[0], args[1])); })
      .Case([&](GtOp) { return compare(b, loc, args[0], args[1], FP::OGT, IP::sgt); })
      .Case([&](GeOp) { return compare(b, loc, args[0], args[1], FP::OGE, IP::sge); })
      .Case([&](LtOp) { return compare(b, loc, args[0], args[1], FP::OLT, IP::slt); })
      .Case([&](LeOp) { return compare(b, loc, args[0], args[1], FP::OLE, IP::sle); })
      .Case([&](EqOp) { return compare(b, loc, args[0], args[1], FP::OEQ, IP::eq); })
      .Case([&](NeOp) { return compare(b, loc, args[0], args[1], FP::UNE, IP::ne); })
      .Case([&](AndOp) { return Value(arith::AndIOp::create(b, loc, args[0], args[1])); })
      .Case([&](OrOp) { return Value(arith::OrIOp::create(b, loc, args[0], args[1])); })
      .Case([&](NotOp) {
        Value one = arith::ConstantOp::create(b, loc, b.getBoolAttr(true));
        return Value(arith::XOrIOp::create(b, loc, args[0], one));
      })
      .Case([&](SelectOp) {
        return Value(arith::SelectOp::create(b, loc, args[0], args[1], args[2]));
      })
      .Case([&](NegOp) {
        if (isa<FloatType>(args[0].getType()))
          return Value(arith::NegFOp::create(b, loc, args[0]));
        Value zero = buildScalarConstant(b, loc, args[0].getType(), 0);
        return Value(arith::SubIOp::create(b, loc, zero, args[0]));
      })
      .Case([&](AbsOp) {
        if (isa<FloatType>(args[0].getType()))
          return Value(math::AbsFOp::create(b, loc, args[0]));
        return Value(math::AbsIOp::create(b, loc, args[0]));
      })
      .Case([&](SignOp) { return sign(b, loc, args[0]); })
      .Case([&](ExpOp) { return Value(math::ExpOp::create(b, loc, args[0])); })
      .Case([&](LogOp) { return Value(math::LogOp::create(b, loc, args[0])); })
      .Case([&](Log1pOp) { return Value(math::Log1pOp::create(b, loc, args[0])); })
      .Case([&](SqrtOp) { return Value(math::SqrtOp::create(b, loc, args[0])); })
      .Case([&](TanhOp) { return Value(math::TanhOp::create(b, loc, args[0])); })
      .Case([&](FloorOp) { return Value(math::FloorOp::create(b, loc, args[0])); })
      .Case([&](SigmoidOp) { return sigmoid(b, loc, args[0]); })
      .Case([&](SoftplusOp) { return softplus(b, loc, args[0]); })
      .Case([&](CastOp cast) {
        return buildScalarCast(b, loc, args[0], cast.getType().getElementType());
      })
      .Default([](Operation *) { return Value(); });
}

} // namespace theta
