// The practical guide's snippets (shared/seeds/theano-practical-guide.txt),
// ported line by line to C++, each with the result Theano gives.
#include "TestUtil.h"

#include <theta/theta.h>

#include <gtest/gtest.h>

#include <cmath>

using namespace theta;
using theta_test::randomArray;
using theta_test::values;

TEST(SeedSnippets, FirstExample) {
  // x = T.scalar(); y = T.scalar(); z = x + y; f = theano.function([x,y],z)
  Variable x = scalar(), y = scalar();
  Variable z = x + y;
  Function f = function({x, y}, z);
  EXPECT_EQ(f(2, 8)[0].item<double>(), 10); // f(2,8) # 10
}

TEST(SeedSnippets, FiveLineNeuralNetwork) {
  // z = T.nnet.softmax(T.dot(x,W) + b); f = theano.function([x,W,b],z)
  Variable x = vector("x");
  Variable W = matrix("weights");
  Variable b = vector("bias");
  Variable z = nnet::softmax(dot(x, W) + b);
  Function f = function({x, W, b}, z);
  Array out = f(Array::fromVector<float>({1, 2}), Array::fromVector<float>({1, 0, 0, 1}, {2, 2}),
                Array::fromVector<float>({0, 0}))[0];
  // Theano 1.0 returns a (1, 2) row for a vector; Theta keeps the vector
  // (README, "differences that remain").
  ASSERT_EQ(out.shape(), (Shape{2}));
  double e = std::exp(1.0);
  EXPECT_NEAR(out.at(0), 1 / (1 + e), 1e-6);
  EXPECT_NEAR(out.at(1), e / (1 + e), 1e-6);
}

TEST(SeedSnippets, PartOfTheGraph) {
  // full_fun = theano.function([a],d); part_fun = theano.function([c],d)
  Variable a = vector();
  Variable b = exp(a), c = b * 2.0, d = sum(c);
  Function full_fun = function({a}, d); // h(g(f(a)))
  Function part_fun = function({c}, d); // h(c)
  EXPECT_NEAR(full_fun(Array::fromVector<float>({0, 0}))[0].item<double>(), 4, 1e-6);
  EXPECT_NEAR(part_fun(Array::fromVector<float>({1, 2}))[0].item<double>(), 3, 1e-6);
}

TEST(SeedSnippets, GradOfSquare) {
  // y = x ** 2; g = T.grad(y, x) # 2*x
  Variable x = scalar();
  Variable y = pow(x, 2);
  Variable g = grad(y, x);
  EXPECT_EQ(function({x}, g)(3)[0].item<double>(), 6);
}

TEST(SeedSnippets, SharedVariablesAndUpdates) {
  // W = theano.shared(value=initial_W, name="W"); prediction = T.dot(x,W) + b
  // cost = T.sum((prediction - target)**2); update_list = [(W, W - lr * gradient)]
  SharedVariable W = shared(randomArray({3, 2}, -0.5, 0.5, 1).astype(DType::Float32), "W");
  SharedVariable b = shared(Array::zeros(DType::Float32, {2}), "b");
  Variable x = matrix("x"), target = matrix("target"), lr = scalar("lr");
  Variable prediction = dot(x, W) + b;
  Variable cost = sum(pow(prediction - target, 2));
  Variable gradient = grad(cost, W);
  std::vector<Update> update_list = {{W, W - lr * gradient}};
  Function f = function({x, target, lr}, cost, {.updates = update_list});
  Array X = randomArray({4, 3}, -1, 1, 2).astype(DType::Float32);
  Array T = randomArray({4, 2}, -1, 1, 3).astype(DType::Float32);
  double first = f(X, T, 0.05)[0].item<double>(); // this updates W
  double later = first;
  for (int i = 0; i < 50; ++i)
    later = f(X, T, 0.05)[0].item<double>();
  EXPECT_LT(later, first);
}

TEST(SeedSnippets, DatasetInSharedVariablesWithGivensAndSlices) {
  // index = T.iscalar(); X = theano.shared(data['X']); givens={x:X[index], y:Y[index]}
  Variable index = iscalar();
  SharedVariable X = shared(Array::fromVector<float>({1, 2, 3, 4, 5, 6}, {3, 2}), "X");
  SharedVariable Y = shared(Array::fromVector<float>({10, 20, 30}), "Y");
  Variable x = vector("x"), y = scalar("y");
  Function f = function({index}, sum(x) * y, {.givens = {{x, X[index]}, {y, Y[index]}}});
  EXPECT_EQ(f(1)[0].item<double>(), 7 * 20);
  // You can also take slices: X[idx:idx+n]
  Function g = function({index}, sum(X[{Slice::from(index, 2)}]));
  EXPECT_EQ(g(1)[0].item<double>(), 3 + 4 + 5 + 6);
}

TEST(SeedSnippets, ScanSumOfNTimesX) {
  // def inside_loop(x_t, acc, n): return acc + x_t * n
  // values, _ = theano.scan(fn=inside_loop, sequences=[x], outputs_info=[T.zeros(1)], non_sequences=[n])
  Variable x = vector("x");
  Variable n = scalar("n");
  auto inside_loop = [](const std::vector<Variable> &a) { return a[1] + a[0] * a[2]; };
  ScanResult values = scan(inside_loop, {x}, {zeros({})}, {n});
  Variable sum_of_n_times_x = values[0][-1];
  Function f = function({x, n}, sum_of_n_times_x);
  EXPECT_EQ(f(Array::fromVector<float>({1, 2, 3}), 2)[0].item<double>(), 12);
}

TEST(SeedSnippets, SimpleRnnOverMinibatches) {
  // def loop(x_t, h_tm1, W_x, W_h, b_h): return T.tanh(T.dot(x_t, W_x) + T.dot(h_tm1, W_h) + b_h)
  // x = T.tensor3('x')  # (batch size, sequence length, k); scan over x.dimshuffle(1, 0, 2)
  const int64_t n_hidden = 4;
  SharedVariable W_x = shared(randomArray({3, n_hidden}, -0.5, 0.5, 4).astype(DType::Float32));
  SharedVariable W_h = shared(randomArray({n_hidden, n_hidden}, -0.5, 0.5, 5).astype(DType::Float32));
  SharedVariable b_h = shared(Array::zeros(DType::Float32, {n_hidden}));
  auto loop = [](const std::vector<Variable> &a) {
    return tanh(dot(a[0], a[2]) + dot(a[1], a[3]) + a[4]);
  };
  Variable x = tensor3("x");
  ScanResult v = scan(loop, {x.dimshuffle({1, 0, 2})}, {zeros({2, n_hidden})}, {W_x, W_h, b_h});
  Variable y_hat = nnet::softmax(v[0][-1]);
  Array out = function({x}, y_hat)(randomArray({2, 5, 3}, -1, 1, 6).astype(DType::Float32))[0];
  ASSERT_EQ(out.shape(), (Shape{2, n_hidden}));
  EXPECT_NEAR(out.at(0) + out.at(1) + out.at(2) + out.at(3), 1.0, 1e-5);
}

TEST(SeedSnippets, ConvolutionsPoolingAndFlatten) {
  // x = x.reshape((mbsize, 32, 32, 3)); x = x.dimshuffle(0,3,1,2)
  // W = theano.shared(randoms((16,3,5,5))); output_1 = conv2d(x, W)
  // W = theano.shared(randoms((32,16,5,5))); output_2 = conv2d(output_1, W)  # (mb, 32, 24, 24)
  // pooled = max_pool_2d(output_2, (2,2))  # (mb, 32, 12, 12); flattened = pooled.flatten(ndim=2)
  const int64_t mbsize = 2;
  Variable flat = matrix("flat");
  Variable x = reshape(flat, {mbsize, 32, 32, 3}).dimshuffle({0, 3, 1, 2});
  SharedVariable W1 = shared(randomArray({16, 3, 5, 5}, -0.1, 0.1, 7).astype(DType::Float32));
  Variable output_1 = nnet::conv2d(x, W1);
  SharedVariable W2 = shared(randomArray({32, 16, 5, 5}, -0.1, 0.1, 8).astype(DType::Float32));
  Variable output_2 = nnet::conv2d(output_1, W2);
  Variable pooled = nnet::max_pool_2d(output_2, {2, 2});
  Variable flattened = flatten(pooled, 2);
  Function f = function({flat}, {output_2, pooled, flattened});
  std::vector<Array> out = f(randomArray({mbsize, 32 * 32 * 3}, 0, 1, 9).astype(DType::Float32));
  EXPECT_EQ(out[0].shape(), (Shape{mbsize, 32, 24, 24}));
  EXPECT_EQ(out[1].shape(), (Shape{mbsize, 32, 12, 12}));
  EXPECT_EQ(out[2].shape(), (Shape{mbsize, 32 * 12 * 12}));
}

TEST(SeedSnippets, PrintAndTestValues) {
  // theano.config.compute_test_value = 'raise'; x.tag.test_value = numpy.ones((mbs, n_in))
  config().compute_test_value = "raise";
  Variable x = matrix();
  x.set_test_value(Array::full(DType::Float32, {3, 2}, 1.0));
  Variable h = dot(x, shared(Array::full(DType::Float32, {2, 4}, 0.5)));
  EXPECT_EQ(h.test_value().shape(), (Shape{3, 4}));
  config().compute_test_value = "off";
  // a = Print("a",["__str__","shape"])(a): the identity when computed.
  Variable a = nnet::sigmoid(h);
  Variable printed = Print("a", {"__str__", "shape"})(a);
  Function f = function({x}, sum(printed));
  EXPECT_NEAR(f(Array::full(DType::Float32, {3, 2}, 0.0))[0].item<double>(), 12 * 0.5, 1e-6);
}
