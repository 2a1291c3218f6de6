//===- Profile.cpp --------------------------------------------------------===//
#include "runtime/Profile.h"

#include <algorithm>
#include <chrono>
#include <cstring>

namespace theta {
namespace profiling {
namespace {
thread_local CallRecord *current = nullptr;
} // namespace

int64_t nowNanoseconds() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

CallRecord *currentRecord() { return current; }

RecordScope::RecordScope(CallRecord &record) : outer(current) { current = &record; }

RecordScope::~RecordScope() { current = outer; }

void notePeakBytes(size_t bytes) {
  if (CallRecord *record = current)
    record->peakBytes = std::max(record->peakBytes, bytes);
}

SiteInfo parseSite(const char *text) {
  SiteInfo info;
  std::vector<std::string> lines;
  const char *at = text;
  while (*at) {
    const char *newline = std::strchr(at, '\n');
    size_t length = newline ? static_cast<size_t>(newline - at) : std::strlen(at);
    lines.emplace_back(at, length);
    at += length + (newline ? 1 : 0);
  }
  if (!lines.empty())
    info.className = lines[0];
  if (lines.size() > 1)
    info.op = lines[1];
  if (lines.size() > 2)
    info.shape = lines[2];
  // lines[3] numbers the site in its module (sites alike stay apart).
  for (size_t i = 4; i < lines.size(); ++i) {
    size_t tab = lines[i].find('\t');
    if (tab == std::string::npos)
      info.sources.emplace_back(lines[i], "");
    else
      info.sources.emplace_back(lines[i].substr(0, tab), lines[i].substr(tab + 1));
  }
  if (info.className.empty())
    info.className = "Unknown";
  if (info.op.empty())
    info.op = info.className;
  return info;
}

std::vector<std::pair<std::string, void *>> profileSymbols() {
  return {{"theta_profile_begin", reinterpret_cast<void *>(&theta_profile_begin)},
          {"theta_profile_end", reinterpret_cast<void *>(&theta_profile_end)}};
}

} // namespace profiling
} // namespace theta

extern "C" {

void theta_profile_begin(int64_t site) {
  if (theta::profiling::CallRecord *record = theta::profiling::current)
    record->begin(static_cast<intptr_t>(site));
}

void theta_profile_end(int64_t site) {
  if (theta::profiling::CallRecord *record = theta::profiling::current)
    record->end(static_cast<intptr_t>(site));
}

} // extern "C"
