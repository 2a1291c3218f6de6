//===- Profile.h - what profiled compiled code records --------------------===//
//
// Compiled with profiling (PipelineOptions::profile), a function calls
// theta_profile_begin(site) and theta_profile_end(site) around every piece of
// work (see lowering/ProfileInstrumentation.cpp); `site` is the address of a
// constant string describing the piece. The calls add to the CallRecord of
// the calling thread, set by the caller around the call (RecordScope); with
// none set they do nothing. Pieces nest: a scan's loop holds its steps, a
// step holds the pieces it runs.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_RUNTIME_PROFILE_H
#define THETA_RUNTIME_PROFILE_H


#include "runtime/Device.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <unordered_map>
#include <vector>

extern "C" {
/// A piece of work starts / ends (`site`: the address of its description).
void theta_profile_begin(int64_t site);
void theta_profile_end(int64_t site);
}

namespace theta {
namespace profiling {

/// A monotonic clock in nanoseconds (steady_clock: a vDSO read, ~20 ns).
int64_t nowNanoseconds();

/// One site's time within a call.
struct SiteTime {
  intptr_t site = 0;
  /// The site that was open when it began (its scan or step), 0 at the top.
  intptr_t parent = 0;
  int64_t nanoseconds = 0;
  int64_t calls = 0;
};

/// What one call of compiled code recorded.
class CallRecord {
public:
  /// A GPU call: pieces are timed from the host, so the device's queued
  /// work is waited for when a piece begins and when it ends (as Theano's
  /// profiler asks for CUDA_LAUNCH_BLOCKING=1).
  void synchronizeWith(Device *device) { gpu = device; }

  void begin(intptr_t site) {
    if (gpu)
      gpu->synchronize();
    auto [slot, inserted] = slots.try_emplace(site, static_cast<unsigned>(times.size()));
    if (inserted)
      times.push_back({site, open.empty() ? 0 : times[open.back().slot].site, 0, 0});
    open.push_back({slot->second, nowNanoseconds()});
  }
  void end(intptr_t site) {
    if (gpu)
      gpu->synchronize();
    int64_t now = nowNanoseconds();
    if (open.empty() || times[open.back().slot].site != site) {
      ++unmatched;
      return;
    }
    SiteTime &time = times[open.back().slot];
    time.nanoseconds += now - open.back().start;
    ++time.calls;
    open.pop_back();
  }
  /// Every site that ran, in the order each first began (a parent before
  /// what it contains).
  const std::vector<SiteTime> &sites() const { return times; }

  /// The most bytes of temporaries the compiled code held at once.
  size_t peakBytes = 0;
  /// Ends that did not match the innermost open piece (none, unless the
  /// code was not instrumented as expected).
  int64_t unmatched = 0;

private:
  struct Open {
    unsigned slot;
    int64_t start;
  };
  std::vector<SiteTime> times;
  std::unordered_map<intptr_t, unsigned> slots;
  std::vector<Open> open;
  Device *gpu = nullptr;
};

/// The record compiled code on this thread reports to, or null.
CallRecord *currentRecord();

/// Makes `record` the current one for its lifetime.
class RecordScope {
public:
  explicit RecordScope(CallRecord &record);
  ~RecordScope();
  RecordScope(const RecordScope &) = delete;
  RecordScope &operator=(const RecordScope &) = delete;

private:
  CallRecord *outer;
};

/// runExecutable reports the peak bytes of a call's temporaries.
void notePeakBytes(size_t bytes);

/// A site's description, parsed: "<class>\n<op>\n<shape>\n<id>\n" then
/// one "<theta op>\t<file:line>\n" per source.
struct SiteInfo {
  std::string className;
  std::string op;
  std::string shape;
  std::vector<std::pair<std::string, std::string>> sources;
};
SiteInfo parseSite(const char *text);

/// The entries compiled code calls, by name, for the JIT.
std::vector<std::pair<std::string, void *>> profileSymbols();

} // namespace profiling
} // namespace theta

#endif // THETA_RUNTIME_PROFILE_H
