//===- Error.h - the exceptions Theta throws ------------------------------===//
//
// Every error a user can cause is a theta::Error; the subclass says what kind.
// Messages name the op, the shapes and dtypes involved, and the file:line of
// the user's code that built the node.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_RUNTIME_ERROR_H
#define THETA_RUNTIME_ERROR_H

#include <stdexcept>
#include <string>

namespace theta {

class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// A wrong dtype (of an argument, or of operands that cannot be combined).
class TypeError : public Error {
public:
  using Error::Error;
};

/// Shapes or ranks that do not fit together.
class ShapeError : public Error {
public:
  using Error::Error;
};

/// A call with the wrong number of arguments, or an input the graph needs but
/// the function was not given.
class ArgumentError : public Error {
public:
  using Error::Error;
};

/// The compiler failed on a graph that verified (a bug in Theta).
class CompileError : public Error {
public:
  using Error::Error;
};

/// A gradient that cannot be taken (a cost the wrt does not reach), or one
/// that verify_grad found to disagree with finite differences.
class GradientError : public Error {
public:
  using Error::Error;
};

/// A file that could not be read or written.
class IOError : public Error {
public:
  using Error::Error;
};

/// Memory that could not be allocated: "cannot allocate 4.0 TB for an array
/// of shape (1048576, 1048576) and dtype float32", also when the size does
/// not even fit in 64 bits.
class MemoryError : public Error {
public:
  using Error::Error;
};

/// An index or slice out of range, found when a compiled function ran:
/// "index 100 is out of bounds for axis 0 with size 3 in 'theta.subtensor'
/// built at model.cc:12". The call changed no shared variable.
class IndexError : public Error {
public:
  using Error::Error;
};

/// A NaN, an infinity or a huge value where NanGuardMode forbids one:
/// "NanGuardMode: NaN in the result of 'theta.log' built at model.cc:12
/// (shape (3, 4), first at [1, 2])". The call changed no shared variable.
class NumericError : public Error {
public:
  using Error::Error;
};

/// DebugMode found the compiled code disagreeing with its float64 op-by-op
/// reference, naming the op, its line, the shape and the largest difference.
class DebugModeError : public Error {
public:
  using Error::Error;
};

/// A device that cannot be used or failed: "device=cuda: no NVIDIA driver
/// (libcuda.so.1: cannot open shared object file)", or a CUDA call's error
/// name and what was being done.
class DeviceError : public Error {
public:
  using Error::Error;
};

} // namespace theta

#endif // THETA_RUNTIME_ERROR_H
