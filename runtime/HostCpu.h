//===- HostCpu.h - the instruction sets of this CPU, without LLVM ---------===//
//
// Compiled objects use every instruction set of the CPU that compiled them.
// A saved object records that CPU's sets; a machine may run it only if it
// has all of them (checked by the compiler-free runtime, which cannot ask
// LLVM).
//
//===----------------------------------------------------------------------===//
#ifndef THETA_RUNTIME_HOSTCPU_H
#define THETA_RUNTIME_HOSTCPU_H

#include <set>
#include <string>

namespace theta {

/// The instruction-set flags of this CPU as /proc/cpuinfo names them
/// (sse4_2, avx2, fma, avx512f, ...), without the flags that say nothing
/// about instructions (hypervisor, constant_tsc, ...).
const std::set<std::string> &hostInstructionSets();

/// "avx512f avx2 ..." and back.
std::string joinFlags(const std::set<std::string> &flags);
std::set<std::string> splitFlags(const std::string &text);

/// The sets of `required` this CPU lacks (empty: it can run the code).
std::set<std::string> missingInstructionSets(const std::set<std::string> &required);

} // namespace theta

#endif // THETA_RUNTIME_HOSTCPU_H
