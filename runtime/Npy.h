//===- Npy.h - one array as a NumPy .npy file -----------------------------===//
#ifndef THETA_RUNTIME_NPY_H
#define THETA_RUNTIME_NPY_H

#include "runtime/Array.h"

#include <string>

namespace theta {

/// NPY 1.0 bytes of a host array (data 64-byte aligned, C order).
std::string npyBytes(const Array &array);

/// The array an .npy file holds (C or Fortran order; float32/64, int32/64,
/// bool). `context` names the file and entry in the IOError of a bad one.
Array parseNpy(const std::string &npy, const std::string &context);

} // namespace theta

#endif // THETA_RUNTIME_NPY_H
