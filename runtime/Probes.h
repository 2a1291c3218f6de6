//===- Probes.h - values compiled code shows the runtime ------------------===//
//
// theta.print and NanGuardMode's theta.check_values lower to one call,
// `theta_probe(site, data)`: `site` is the address of a constant string the
// lowering wrote (lowering/RuntimeProbes.cpp), saying what to do, the
// value's dtype and static shape, and which op, built where; `data` is the
// value's contiguous buffer. Prints go to the print stream (stdout unless
// set); failed checks are reported to the call (see reportNumericError).
//
//===----------------------------------------------------------------------===//
#ifndef THETA_RUNTIME_PROBES_H
#define THETA_RUNTIME_PROBES_H

#include "lowering/ProbeSites.h"

#include <cstdint>
#include <ostream>
#include <string>

extern "C" {
void theta_probe(intptr_t site, intptr_t data);
}

namespace theta {

/// Where Print writes (std::cout unless set; not owned). Thread-safe: each
/// print is written whole under a lock.
void setPrintStream(std::ostream *stream);
std::ostream &printStream();

/// Magnitude above which NanGuardMode calls a value big (Theano's 1e10).
constexpr double kBigValue = 1e10;

} // namespace theta

#endif // THETA_RUNTIME_PROBES_H
