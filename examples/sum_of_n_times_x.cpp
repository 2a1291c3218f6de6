// The seed's first scan: an accumulator over a vector, as in the Theano
// tutorial,
//
//   def inside_loop(x_t, acc, n):
//     return acc + x_t * n
//   values, _ = theano.scan(fn=inside_loop, sequences=[x],
//                           outputs_info=[T.zeros(1)], non_sequences=[n])
//   sum_of_n_times_x = values[-1]
//
// It prints every value through time and the final sum, and checks them
// against a plain C++ loop (exit status 1 on a mismatch).
#include <theta/theta.h>

#include <cmath>
#include <cstdio>
#include <vector>

int main() {
  using namespace theta;
  Variable x = vector("x"), n = scalar("n");
  auto inside_loop = [](const std::vector<Variable> &args) {
    const Variable &x_t = args[0], &acc = args[1], &n = args[2];
    return acc + x_t * n;
  };
  ScanResult values = scan(inside_loop, {x}, {zeros({})}, {n});
  Variable sum_of_n_times_x = subtensor(values[0], {-1});
  Function f = function({x, n}, {values[0], sum_of_n_times_x});

  std::vector<float> data{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  const float times = 3;
  std::vector<Array> out = f(Array::fromVector(data, {static_cast<int64_t>(data.size())}), times);

  std::printf("values through time:");
  for (int64_t t = 0; t < out[0].size(); ++t)
    std::printf(" %g", out[0].at(t));
  std::printf("\nsum_of_n_times_x = %g\n", out[1].item<double>());

  bool right = out[0].size() == static_cast<int64_t>(data.size());
  float acc = 0;
  for (size_t t = 0; t < data.size() && right; ++t) {
    acc += data[t] * times;
    right = std::fabs(out[0].at(static_cast<int64_t>(t)) - acc) < 1e-4;
  }
  right = right && std::fabs(out[1].item<double>() - acc) < 1e-4;
  std::printf("%s (a C++ loop gives %g)\n", right ? "matches" : "MISMATCH", acc);
  return right ? 0 : 1;
}
