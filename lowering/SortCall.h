//===- SortCall.h - the contract between argsort lowering and runtime -----===//
//
// theta.argsort lowers to theta_argsort(element, input, indices, rows,
// length) (SortLowering.cpp); runtime/Sort.cpp sorts. `element` is one of:
//
//===----------------------------------------------------------------------===//
#ifndef THETA_LOWERING_SORTCALL_H
#define THETA_LOWERING_SORTCALL_H

#include <cstdint>

namespace theta {

enum class SortElement : int64_t { Float32 = 0, Float64 = 1, Int32 = 2, Int64 = 3 };
constexpr const char *kArgsortFunction = "theta_argsort";

} // namespace theta

#endif // THETA_LOWERING_SORTCALL_H
