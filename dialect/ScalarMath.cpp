//===- ScalarMath.cpp -----------------------------------------------------===//
#include "dialect/ScalarMath.h"

#include "dialect/ThetaOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;

namespace theta {

Value buildScalarConstant(OpBuilder &b, Location loc, Type type, double value) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(floatType, value));
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, static_cast<int64_t>(value)));
}

Value buildScalarCast(OpBuilder &b, Location loc, Value value, Type to, bool unsignedInput,
                      bool unsignedResult) {
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
    return unsignedResult ? Value(arith::FPToUIOp::create(b, loc, to, value))
                          : Value(arith::FPToSIOp::create(b, loc, to, value));
  bool fromBool = from.isInteger(1) || unsignedInput; // zero-extended
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

} // namespace theta

using namespace theta;
using FP = arith::CmpFPredicate;
using IP = arith::CmpIPredicate;

// The scalar bodies of the elementwise ops whose ODS does not generate one.
#define THETA_SCALAR(Op, body)                                                             \
  Value Op::buildScalar(OpBuilder &b, Location loc, ValueRange args) { return body; }

THETA_SCALAR(AddOp, (arithmetic<arith::AddFOp, arith::AddIOp>(b, loc, args)))
THETA_SCALAR(SubOp, (arithmetic<arith::SubFOp, arith::SubIOp>(b, loc, args)))
THETA_SCALAR(MulOp, (arithmetic<arith::MulFOp, arith::MulIOp>(b, loc, args)))
THETA_SCALAR(DivOp, (arithmetic<arith::DivFOp, arith::DivSIOp>(b, loc, args)))
THETA_SCALAR(MaximumOp, (arithmetic<arith::MaximumFOp, arith::MaxSIOp>(b, loc, args)))
THETA_SCALAR(MinimumOp, (arithmetic<arith::MinimumFOp, arith::MinSIOp>(b, loc, args)))
THETA_SCALAR(PowOp, math::PowFOp::create(b, loc, args[0], args[1]))
THETA_SCALAR(GtOp, compare(b, loc, args[0], args[1], FP::OGT, IP::sgt))
THETA_SCALAR(GeOp, compare(b, loc, args[0], args[1], FP::OGE, IP::sge))
THETA_SCALAR(LtOp, compare(b, loc, args[0], args[1], FP::OLT, IP::slt))
THETA_SCALAR(LeOp, compare(b, loc, args[0], args[1], FP::OLE, IP::sle))
THETA_SCALAR(EqOp, compare(b, loc, args[0], args[1], FP::OEQ, IP::eq))
THETA_SCALAR(NeOp, compare(b, loc, args[0], args[1], FP::UNE, IP::ne))
THETA_SCALAR(AndOp, arith::AndIOp::create(b, loc, args[0], args[1]))
THETA_SCALAR(OrOp, arith::OrIOp::create(b, loc, args[0], args[1]))
THETA_SCALAR(NotOp, arith::XOrIOp::create(b, loc, args[0],
                                          arith::ConstantOp::create(b, loc, b.getBoolAttr(true))))
THETA_SCALAR(SelectOp, arith::SelectOp::create(b, loc, args[0], args[1], args[2]))
THETA_SCALAR(SignOp, sign(b, loc, args[0]))
THETA_SCALAR(SigmoidOp, sigmoid(b, loc, args[0]))
THETA_SCALAR(SoftplusOp, softplus(b, loc, args[0]))
#undef THETA_SCALAR

Value NegOp::buildScalar(OpBuilder &b, Location loc, ValueRange args) {
  if (isa<FloatType>(args[0].getType()))
    return arith::NegFOp::create(b, loc, args[0]);
  Value zero = buildScalarConstant(b, loc, args[0].getType(), 0);
  return arith::SubIOp::create(b, loc, zero, args[0]);
}

Value AbsOp::buildScalar(OpBuilder &b, Location loc, ValueRange args) {
  if (isa<FloatType>(args[0].getType()))
    return math::AbsFOp::create(b, loc, args[0]);
  return math::AbsIOp::create(b, loc, args[0]);
}

Value CastOp::buildScalar(OpBuilder &b, Location loc, ValueRange args) {
  return buildScalarCast(b, loc, args[0], getType().getElementType(), getUnsignedInput(),
                         getUnsignedResult());
}

namespace theta {

Value buildScalarBody(OpBuilder &b, Location loc, Operation *op, ValueRange args) {
  if (auto elementwise = dyn_cast<ElementwiseOpInterface>(op))
    return elementwise.buildScalar(b, loc, args);
  return Value();
}

Value isNan(OpBuilder &b, Location loc, Value x) {
  return arith::CmpFOp::create(b, loc, FP::UNO, x, x);
}

Value isInf(OpBuilder &b, Location loc, Value x) {
  auto type = cast<FloatType>(x.getType());
  Value infinity = arith::ConstantOp::create(
      b, loc, b.getFloatAttr(type, APFloat::getInf(type.getFloatSemantics())));
  return arith::CmpFOp::create(b, loc, FP::OEQ, math::AbsFOp::create(b, loc, x), infinity);
}

/// erfinv(y): Giles' single-precision approximation ("Approximating the
/// erfinv function", GPU Computing Gems, 2011), then Newton steps on
/// erf(x) = y (two for float64, one for float32), which bring it to the
/// type's precision. NaN outside [-1, 1], +-inf at +-1.
Value erfinv(OpBuilder &b, Location loc, Value y) {
  Type type = y.getType();
  auto constant = [&](double value) { return buildScalarConstant(b, loc, type, value); };
  auto add = [&](Value l, Value r) { return arith::AddFOp::create(b, loc, l, r).getResult(); };
  auto mul = [&](Value l, Value r) { return arith::MulFOp::create(b, loc, l, r).getResult(); };
  auto polynomial = [&](Value t, std::initializer_list<double> coefficients) {
    Value result;
    for (double c : coefficients)
      result = result ? add(mul(result, t), constant(c)) : constant(c);
    return result;
  };
  // w = -log((1 - y)(1 + y))
  Value one = constant(1);
  Value w = arith::NegFOp::create(
      b, loc,
      math::LogOp::create(b, loc,
                          mul(arith::SubFOp::create(b, loc, one, y), add(one, y))));
  Value central = polynomial(
      arith::SubFOp::create(b, loc, w, constant(2.5)),
      {2.81022636e-08, 3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087,
       -0.00125372503, -0.00417768164, 0.246640727, 1.50140941});
  Value tail = polynomial(
      arith::SubFOp::create(b, loc, math::SqrtOp::create(b, loc, w), constant(3)),
      {-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773,
       -0.0076224613, 0.00943887047, 1.00167406, 2.83297682});
  Value small = arith::CmpFOp::create(b, loc, FP::OLT, w, constant(5));
  Value x = mul(arith::SelectOp::create(b, loc, small, central, tail), y);
  // Newton: x -= (erf(x) - y) / (2/sqrt(pi) exp(-x^2)).
  int steps = type.isF64() ? 2 : 1;
  for (int i = 0; i < steps; ++i) {
    Value error = arith::SubFOp::create(b, loc, math::ErfOp::create(b, loc, x), y);
    Value slope = mul(constant(1.1283791670955126),
                      math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, mul(x, x))));
    x = arith::SubFOp::create(b, loc, x, arith::DivFOp::create(b, loc, error, slope));
  }
  // At |y| = 1 the Newton step divides inf by 0: the limits are +-inf.
  Value infinity = arith::ConstantOp::create(
      b, loc,
      b.getFloatAttr(type, APFloat::getInf(cast<FloatType>(type).getFloatSemantics())));
  Value atOne = arith::CmpFOp::create(b, loc, FP::OEQ, math::AbsFOp::create(b, loc, y), one);
  Value signedInfinity = math::CopySignOp::create(b, loc, infinity, y);
  return arith::SelectOp::create(b, loc, atOne, signedInfinity, x);
}

} // namespace theta
