// Type inference and shape arithmetic as the C++ API uses them: building ops
// programmatically, where a failure must come back as a diagnostic.
#include "dialect/GradientBuilder.h"
#include "dialect/ShapeUtils.h"
#include "dialect/ThetaOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"

#include <gtest/gtest.h>

using namespace mlir;

namespace {

constexpr int64_t kDyn = ShapedType::kDynamic;

TEST(ShapeUtils, BroadcastsSizeOneAndDynamic) {
  std::string why;
  SmallVector<int64_t> a{4, 1, kDyn}, b{1, 3, 5};
  auto shape = theta::broadcastShapes({a, b}, why);
  ASSERT_TRUE(shape.has_value()) << why;
  EXPECT_EQ(*shape, (SmallVector<int64_t>{4, 3, 5}));
}

TEST(ShapeUtils, ReportsTheDimensionThatDoesNotBroadcast) {
  std::string why;
  SmallVector<int64_t> a{2, 3}, b{2, 4};
  EXPECT_FALSE(theta::broadcastShapes({a, b}, why).has_value());
  EXPECT_EQ(why, "dimension 1 has sizes 3 and 4, which do not broadcast");
}

TEST(ShapeUtils, NormalizesAxesAndSlices) {
  EXPECT_EQ(theta::normalizeAxes(ArrayRef<int64_t>{-1, 0}, 3), (SmallVector<int64_t>{0, 2}));
  EXPECT_EQ(theta::normalizeAxes(std::nullopt, 2), (SmallVector<int64_t>{0, 1}));
  EXPECT_EQ(theta::sliceSizeToEnd(5, 1, 2), 2);
  EXPECT_EQ(theta::sliceSizeToEnd(5, -2, 1), 2);
  EXPECT_EQ(theta::sliceSizeToEnd(kDyn, 0, 1), kDyn);
  EXPECT_EQ(theta::shapeProduct({2, 3, 4}), 24);
  EXPECT_EQ(theta::shapeProduct({2, kDyn}), kDyn);
}

class InferenceTest : public ::testing::Test {
protected:
  InferenceTest() : builder(&context) {
    context.loadDialect<theta::ThetaDialect, func::FuncDialect>();
    module = ModuleOp::create(UnknownLoc::get(&context));
    builder.setInsertionPointToEnd(module->getBody());
  }

  Value argument(ArrayRef<int64_t> shape, Type element) {
    auto type = RankedTensorType::get(shape, element);
    if (!func) {
      func = func::FuncOp::create(builder, builder.getUnknownLoc(), "f",
                                  builder.getFunctionType({}, {}));
      builder.setInsertionPointToEnd(func.addEntryBlock());
    }
    return func.getBody().front().addArgument(type, builder.getUnknownLoc());
  }

  MLIRContext context;
  OpBuilder builder;
  OwningOpRef<ModuleOp> module;
  func::FuncOp func;
};

TEST_F(InferenceTest, BuildersInferBroadcastResults) {
  Value a = argument({4, 1}, builder.getF32Type());
  Value b = argument({1, 3}, builder.getF32Type());
  auto add = theta::AddOp::create(builder, builder.getUnknownLoc(), a, b);
  EXPECT_EQ(add.getType(), RankedTensorType::get({4, 3}, builder.getF32Type()));
  auto gt = theta::GtOp::create(builder, builder.getUnknownLoc(), a, b);
  EXPECT_EQ(gt.getType(), RankedTensorType::get({4, 3}, builder.getI1Type()));
}

TEST_F(InferenceTest, FailureIsADiagnosticAtTheNodesLocation) {
  Value a = argument({3}, builder.getF32Type());
  Value b = argument({4}, builder.getF32Type());
  std::string message;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    llvm::raw_string_ostream os(message);
    os << diag.getLocation() << ": " << diag;
    return success();
  });
  Location where = FileLineColLoc::get(&context, "model.cc", 42, 7);
  SmallVector<Type> types;
  SmallVector<Value> operands{a, b};
  theta::AddOp::Adaptor adaptor(operands);
  EXPECT_TRUE(failed(theta::AddOp::inferReturnTypes(&context, where, adaptor, types)));
  EXPECT_NE(message.find("\"model.cc\":42:7"), std::string::npos) << message;
  EXPECT_NE(message.find("'theta.add' op operands do not broadcast: tensor<3xf32>, tensor<4xf32>"),
            std::string::npos)
      << message;
}

// The generated inferring builders abort (report_fatal_error) where inference
// fails; tryCreate and GradientBuilder report it and build nothing.
TEST_F(InferenceTest, TryCreateReportsInsteadOfAborting) {
  Value a = argument({3}, builder.getF32Type());
  Value b = argument({4}, builder.getF32Type());
  std::vector<std::string> errors;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    errors.push_back(diag.str());
    return success();
  });
  Location where = FileLineColLoc::get(&context, "model.cc", 42, 7);
  Block *body = builder.getInsertionBlock();
  size_t before = body->getOperations().size();

  EXPECT_FALSE(theta::tryCreate<theta::AddOp>(builder, where, /*diagnose=*/false, a, b));
  EXPECT_TRUE(errors.empty());
  EXPECT_FALSE(theta::tryCreate<theta::SubtensorOp>(
      builder, where, /*diagnose=*/true, a, ValueRange(), ArrayRef<int64_t>{0},
      ArrayRef<int64_t>{-2}, ArrayRef<int64_t>{1}, ArrayRef<int64_t>{}));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("'theta.subtensor' op size -2 in dimension 0"), std::string::npos)
      << errors[0];

  theta::GradientBuilder gb(builder, where);
  Value sum = gb.add(a, a);
  EXPECT_TRUE(sum && succeeded(gb.status()));
  EXPECT_FALSE(gb.add(a, b));
  EXPECT_TRUE(failed(gb.status()));
  // Later builds, and helpers reading a failed value's type, do nothing.
  EXPECT_FALSE(gb.mul(sum, sum));
  EXPECT_FALSE(gb.unbroadcast(gb.neg(sum), cast<RankedTensorType>(a.getType())));
  EXPECT_EQ(errors.size(), 2u);
  EXPECT_EQ(body->getOperations().size(), before + 1); // only the first add
  auto good = theta::tryCreate<theta::SumOp>(builder, where, /*diagnose=*/true, sum,
                                             builder.getDenseI64ArrayAttr({0}), false);
  ASSERT_TRUE(good);
  EXPECT_EQ(good.getType(), RankedTensorType::get({}, builder.getF32Type()));
}

TEST_F(InferenceTest, ReductionsAndDot) {
  Value m = argument({8, 4}, builder.getF64Type());
  Value n = argument({4, kDyn}, builder.getF64Type());
  auto dot = theta::DotOp::create(builder, builder.getUnknownLoc(), m, n);
  EXPECT_EQ(dot.getType(), RankedTensorType::get({8, kDyn}, builder.getF64Type()));
  auto sum = theta::SumOp::create(builder, builder.getUnknownLoc(), dot.getResult(),
                                  builder.getDenseI64ArrayAttr({-1}), builder.getUnitAttr());
  EXPECT_EQ(sum.getType(), RankedTensorType::get({8, 1}, builder.getF64Type()));
  auto argmax = theta::ArgmaxOp::create(builder, builder.getUnknownLoc(), m,
                                        builder.getDenseI64ArrayAttr({1}), UnitAttr());
  EXPECT_EQ(argmax.getType(), RankedTensorType::get({8}, builder.getI64Type()));
}

} // namespace
