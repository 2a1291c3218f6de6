//===- NumpyFormat.h - arrays and scalars as NumPy's str() writes them ----===//
//
// What Print shows: Theano's Print calls str() on NumPy arrays, so Theta
// follows NumPy's default print options (precision 8, shortest digits that
// identify the value, one format for all elements, scientific notation when
// values span more than 1000x or leave [1e-4, 1e8), 75 columns, more than
// 1000 elements summarized with "...").
//
//===----------------------------------------------------------------------===//
#ifndef THETA_RUNTIME_NUMPYFORMAT_H
#define THETA_RUNTIME_NUMPYFORMAT_H

#include "runtime/Array.h"

#include <string>

namespace theta {

/// str(array): "[1.5  2.25 3.  ]", "[[1 2]\n [3 4]]", "[ True False]".
std::string numpyStr(const Array &array);
/// str() of a NumPy scalar of `dtype`: "1.0", "0.1", "1e-05", "3", "True".
std::string numpyScalarStr(double value, DType dtype);
/// The shape as a Python tuple: "()", "(3,)", "(2, 3)".
std::string shapeTuple(const Shape &shape);

} // namespace theta

#endif // THETA_RUNTIME_NUMPYFORMAT_H
