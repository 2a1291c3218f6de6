//===- Sort.h - sorting for compiled code ---------------------------------===//
//
// theta.argsort lowers to a call of theta_argsort (lowering/SortLowering.cpp):
// the indices that stably sort each of `rows` contiguous rows of `length`
// elements, NaNs last, as numpy.argsort(kind="stable").
//
//===----------------------------------------------------------------------===//
#ifndef THETA_RUNTIME_SORT_H
#define THETA_RUNTIME_SORT_H

#include "lowering/SortCall.h"

#include <cstdint>

extern "C" void theta_argsort(int64_t element, intptr_t input, intptr_t indices, int64_t rows,
                              int64_t length);

#endif // THETA_RUNTIME_SORT_H
