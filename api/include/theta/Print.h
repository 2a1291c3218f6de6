//===- theta/Print.h - printing values while a function runs -------------===//
//
// Theano's theano.printing.Print: an identity node that prints its value
// each time a computation that needs it runs.
//
//   Variable h = theta::Print("h", {"__str__", "shape"})(tanh(dot(x, w)));
//   // each call prints   h __str__ = [[0.1 0.2] ...]
//   //                    h shape = (2, 2)
//
// Only what an output needs is computed, so a Print whose result nothing
// uses prints nothing (as in Theano: add it to the outputs, or use its
// result). Its gradient is the identity. Output goes to the print stream,
// std::cout unless setPrintStream says otherwise, never through the logger.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_API_PRINT_H
#define THETA_API_PRINT_H

#include "theta/Variable.h"

#include <ostream>
#include <string>
#include <vector>

namespace theta {

class Print {
public:
  /// Attributes: __str__ (the values, as NumPy prints them), shape, dtype,
  /// ndim, size, min, max, argmin, argmax, sum, mean, std, var. Others
  /// throw ArgumentError listing these.
  explicit Print(std::string message = "", std::vector<std::string> attrs = {"__str__"},
                 SourceLocation where = SourceLocation::current());
  Variable operator()(const Variable &x, SourceLocation where = SourceLocation::current()) const;

private:
  std::string message;
  std::vector<std::string> attrs;
};

/// Where Print writes (std::cout when null). Not owned: keep it alive.
/// (Defined by the runtime, runtime/Probes.h.)
void setPrintStream(std::ostream *stream);

} // namespace theta

#endif // THETA_API_PRINT_H
