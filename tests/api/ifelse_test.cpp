// ifelse: values of both branches, laziness (the branch not taken is not
// computed: an out-of-range index there raises nothing), promotion, errors
// and gradients against finite differences.
#include "TestUtil.h"

#include <theta/theta.h>

#include <gtest/gtest.h>

using namespace theta;
using theta_test::randomArray;
using theta_test::values;

TEST(IfElse, ReturnsTheTakenBranch) {
  Variable c = bscalar("c"), a = dvector("a"), b = dvector("b");
  std::vector<Variable> both = ifelse(c, {a * 2.0, sum(a)}, {b + 1.0, sum(b)});
  Function f = function({c, a, b}, {ifelse(c, a, b), both[0], both[1]});
  Array av = Array::fromVector<double>({1, 2}), bv = Array::fromVector<double>({5, 7});
  std::vector<Array> yes = f(true, av, bv), no = f(false, av, bv);
  EXPECT_EQ(values(yes[0]), (std::vector<double>{1, 2}));
  EXPECT_EQ(values(yes[1]), (std::vector<double>{2, 4}));
  EXPECT_EQ(yes[2].item<double>(), 3);
  EXPECT_EQ(values(no[0]), (std::vector<double>{5, 7}));
  EXPECT_EQ(values(no[1]), (std::vector<double>{6, 8}));
  EXPECT_EQ(no[2].item<double>(), 12);
}

TEST(IfElse, OnlyTheTakenBranchIsComputed) {
  // v[i] with i out of range raises IndexError when computed; Theano's
  // ifelse (unlike switch) never computes the other branch.
  Variable c = iscalar("c"), v = dvector("v"), i = lscalar("i");
  Function lazy = function({c, v, i}, ifelse(c, v[{i}] * 3.0, v.sum()));
  Array vv = Array::fromVector<double>({1, 2, 3});
  EXPECT_EQ(lazy(0, vv, 10)[0].item<double>(), 6); // the bad index is never read
  EXPECT_EQ(lazy(5, vv, 1)[0].item<double>(), 6);  // a non-zero int condition is true
  EXPECT_THROW(lazy(1, vv, 10), IndexError);
  // switch computes both sides: the same graph raises either way.
  Function eager = function({c, v, i}, switch_(c, v[{i}] * 3.0, v.sum()));
  EXPECT_THROW(eager(0, vv, 10), IndexError);
}

TEST(IfElse, PromotesDTypesAndChecksShapes) {
  Variable c = bscalar("c"), a = ivector("a"), b = dvector("b");
  Function f = function({c, a, b}, ifelse(c, a, b));
  Array r = f(true, Array::fromVector<int32_t>({1, 2}), Array::fromVector<double>({0.5, 1.5}))[0];
  EXPECT_EQ(r.dtype(), DType::Float64);
  EXPECT_EQ(values(r), (std::vector<double>{1, 2}));
  EXPECT_THROW(f(true, Array::fromVector<int32_t>({1, 2}), Array::fromVector<double>({1, 2, 3})),
               ShapeError);
  EXPECT_THROW(ifelse(c, {a}, {b, b}), ArgumentError);
  EXPECT_THROW(ifelse(dvector("v"), a, b), ShapeError); // the condition is a scalar
}

TEST(IfElse, GradientsFlowToTheTakenBranch) {
  Variable c = bscalar("c"), a = dvector("a"), b = dvector("b");
  Variable cost = sum(sqr(ifelse(c, tanh(a), b * b)));
  std::vector<Variable> g = grad(cost, std::vector<Variable>{a, b});
  Function f = function({c, a, b}, {g[0], g[1]});
  Array av = Array::fromVector<double>({0.3, -0.7}), bv = Array::fromVector<double>({1.5, 2.0});
  std::vector<Array> taken = f(true, av, bv), other = f(false, av, bv);
  for (int k = 0; k < 2; ++k) {
    double t = std::tanh(values(av)[k]);
    EXPECT_NEAR(values(taken[0])[k], 2 * t * (1 - t * t), 1e-12);
    EXPECT_EQ(values(taken[1])[k], 0.0);
    EXPECT_EQ(values(other[0])[k], 0.0);
    EXPECT_NEAR(values(other[1])[k], 4 * std::pow(values(bv)[k], 3), 1e-12);
  }
  for (bool condition : {true, false}) {
    VerifyGradReport report = verify_grad(
        [condition](const std::vector<Variable> &x) {
          return ifelse(condition ? 1 : 0, sin(x[0]) * x[1], x[0] * x[0] - x[1]);
        },
        {randomArray({3}, -1, 1, 1), randomArray({3}, -1, 1, 2)});
    EXPECT_GT(report.elements_checked, 0);
  }
}
