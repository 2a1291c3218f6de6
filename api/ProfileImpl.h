//===- ProfileImpl.h - a profiled function's records ----------------------===//
#ifndef THETA_API_PROFILEIMPL_H
#define THETA_API_PROFILEIMPL_H

#include "theta/Profile.h"

#include "runtime/Profile.h"

#include <memory>
#include <mutex>
#include <unordered_map>

namespace theta {
namespace detail {

/// What the calls and compiles of one profiled function recorded; kept
/// (for the tables at exit) after the function is gone.
class FunctionProfile {
public:
  explicit FunctionProfile(std::string name);

  void addBuild(double seconds);
  void addCompile(ProfileCompile compile);
  /// One call: what its compiled code recorded, the seconds in the call
  /// and in its compiled code, the bytes of its results.
  void addCall(const profiling::CallRecord &record, double callSeconds, double compiledSeconds,
               size_t resultBytes);
  ProfileStats stats() const;

private:
  mutable std::mutex mutex;
  ProfileStats data;
  /// Row of each site address seen (sites live as long as the function's
  /// executables, which its cache keeps); rows of the same text are one.
  std::unordered_map<intptr_t, int> rowOfSite;
  std::unordered_map<std::string, int> rowOfText;
};

/// A profile for a function built with profiling on; printed at exit.
std::shared_ptr<FunctionProfile> newFunctionProfile(const std::string &name);

} // namespace detail
} // namespace theta

#endif // THETA_API_PROFILEIMPL_H
