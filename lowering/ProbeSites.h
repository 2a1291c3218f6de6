//===- ProbeSites.h - the contract between probe lowering and runtime -----===//
//
// theta.print and theta.check_values lower to `theta_probe(site, data)`
// (RuntimeProbes.cpp); runtime/Probes.cpp reads the site string, whose
// fields are separated by kProbeSeparator:
//   print <message> <attr,attr,...> <dtype> <shape: 2x3, empty for a scalar> <>
//   check <flags: any of n, i, b> <dtype> <shape> <origin: 'op' built at f:l>
//
//===----------------------------------------------------------------------===//
#ifndef THETA_LOWERING_PROBESITES_H
#define THETA_LOWERING_PROBESITES_H

namespace theta {

constexpr char kProbeSeparator = '\x1f';
constexpr const char *kProbeFunction = "theta_probe";

} // namespace theta

#endif // THETA_LOWERING_PROBESITES_H
