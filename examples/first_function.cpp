// The seed's first example:
//   x = T.scalar('x'); y = T.scalar('y'); f = theano.function([x, y], x + y); f(2, 8)  # 10
#include <theta/theta.h>

#include <iostream>

int main() {
  theta::Variable x = theta::scalar("x");
  theta::Variable y = theta::scalar("y");
  theta::Variable z = x + y;
  theta::Function f = theta::function({x, y}, z);
  std::cout << f(2, 8)[0] << std::endl; // 10
  return 0;
}
