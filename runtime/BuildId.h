//===- BuildId.h - which build of Theta is running ------------------------===//
#ifndef THETA_RUNTIME_BUILDID_H
#define THETA_RUNTIME_BUILDID_H

#include <string>

namespace theta {

/// The GNU build ID (hexadecimal) of the executable or shared library that
/// holds Theta's compiler, or "" when it has none. Any change to the
/// compiler's code changes it, so it is part of the disk-cache key: objects
/// compiled by another build of the passes are never loaded.
const std::string &compilerBuildId();

} // namespace theta

#endif // THETA_RUNTIME_BUILDID_H
