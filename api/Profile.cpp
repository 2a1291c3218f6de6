//===- Profile.cpp - ProfileStats, Theano's tables, the profiles at exit --===//
#include "api/ProfileImpl.h"
#include "theta/Config.h"

#include "runtime/Logging.h"
#include "runtime/Memory.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <ostream>

namespace theta {

std::string ProfileRow::apply() const { return shape.empty() ? op : op + " " + shape; }

std::string ProfileRow::where() const {
  std::string text;
  for (const auto &[name, place] : sources) {
    if (!text.empty())
      text += ", ";
    text += name.empty() ? "at " + place : place.empty() ? name : name + " at " + place;
  }
  return text;
}

double ProfileStats::piecesSeconds() const {
  double total = 0;
  for (const ProfileRow &row : rows)
    if (row.parent < 0)
      total += row.seconds;
  return total;
}

namespace {

std::vector<ProfileGroup> groupBy(const std::vector<ProfileRow> &rows,
                                  std::string ProfileRow::*key) {
  std::map<std::string, ProfileGroup> groups;
  for (const ProfileRow &row : rows) {
    if (row.parent >= 0)
      continue;
    ProfileGroup &group = groups[row.*key];
    group.name = row.*key;
    group.type = row.type;
    group.seconds += row.seconds;
    group.calls += row.calls;
    ++group.applies;
  }
  std::vector<ProfileGroup> sorted;
  for (auto &[name, group] : groups)
    sorted.push_back(group);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const ProfileGroup &a, const ProfileGroup &b) { return a.seconds > b.seconds; });
  return sorted;
}

std::string seconds(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3gs", value);
  return text;
}

std::string percent(double part, double whole) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", whole > 0 ? 100 * part / whole : 0.0);
  return text;
}

/// "<% time> <sum %> <apply time> <time per call>" of a row.
std::string timeColumns(double value, double cumulative, double whole, int64_t calls) {
  char text[96];
  double share = whole > 0 ? 100 * value / whole : 0;
  double sum = whole > 0 ? 100 * cumulative / whole : 0;
  std::snprintf(text, sizeof text, "  %5.1f%%   %5.1f%%   %9.3fs   %11.2es", share, sum, value,
                calls > 0 ? value / static_cast<double>(calls) : 0.0);
  return text;
}

void printGroups(std::ostream &out, const char *title, const char *what,
                 const std::vector<ProfileGroup> &groups, double whole) {
  out << "\n" << title << "\n---\n";
  out << "<% time> <sum %> <apply time> <time per call> <type> <#call> <#apply> <" << what
      << " name>\n";
  double cumulative = 0;
  for (const ProfileGroup &group : groups) {
    cumulative += group.seconds;
    char counts[64];
    std::snprintf(counts, sizeof counts, "     %c  %7lld  %6d   ", group.type,
                  static_cast<long long>(group.calls), group.applies);
    out << timeColumns(group.seconds, cumulative, whole, group.calls) << counts << group.name
        << "\n";
  }
  out << "   ... (remaining 0 " << what << (std::string(what) == "Class" ? "es" : "s")
      << " account for   0.00%(0.00s) of the runtime)\n";
}

void printApplies(std::ostream &out, const ProfileStats &stats, const std::vector<size_t> &rows,
                  double whole, size_t limit, const char *indent) {
  out << indent << "<% time> <sum %> <apply time> <time per call> <#call> <id> <Apply name>\n";
  double cumulative = 0, rest = 0;
  size_t shown = 0;
  for (size_t index : rows) {
    const ProfileRow &row = stats.rows[index];
    if (shown == limit) {
      rest += row.seconds;
      continue;
    }
    ++shown;
    cumulative += row.seconds;
    char counts[48];
    std::snprintf(counts, sizeof counts, "  %7lld  %4zu   ", static_cast<long long>(row.calls),
                  index);
    out << indent << timeColumns(row.seconds, cumulative, whole, row.calls) << counts
        << row.apply() << "\n";
    std::string where = row.where();
    if (!where.empty())
      out << indent << "    " << where << "\n";
  }
  out << indent << "   ... (remaining " << rows.size() - shown << " Apply instances account for "
      << percent(rest, whole) << "(" << seconds(rest) << ") of the runtime)\n";
}

std::string ms(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f ms", value * 1e3);
  return text;
}

std::string stageText(const ProfileCompile &compile) {
  if (compile.fromDiskCache)
    return "graph " + ms(compile.graphSeconds) + ", disk cache " +
           ms(compile.totalSeconds - compile.graphSeconds) + " (total " +
           ms(compile.totalSeconds) + ")";
  return "graph " + ms(compile.graphSeconds) + ", theta passes " + ms(compile.thetaSeconds) +
         ", lowering " + ms(compile.loweringSeconds) + ", LLVM " + ms(compile.llvmSeconds) +
         " (total " + ms(compile.totalSeconds) + ")";
}

} // namespace

std::vector<ProfileGroup> ProfileStats::classes() const {
  return groupBy(rows, &ProfileRow::className);
}

std::vector<ProfileGroup> ProfileStats::ops() const { return groupBy(rows, &ProfileRow::op); }

std::vector<size_t> ProfileStats::applies(int parent) const {
  std::vector<size_t> indices;
  for (size_t i = 0; i < rows.size(); ++i)
    if (rows[i].parent == parent)
      indices.push_back(i);
  std::stable_sort(indices.begin(), indices.end(),
                   [&](size_t a, size_t b) { return rows[a].seconds > rows[b].seconds; });
  return indices;
}

const ProfileRow *ProfileStats::find(const std::string &text) const {
  for (const ProfileRow &row : rows)
    if (row.className == text || row.op.find(text) != std::string::npos)
      return &row;
  return nullptr;
}

void ProfileStats::print(std::ostream &out, size_t applyLimit) const {
  out << "Function profiling\n==================\n";
  out << "  Message: " << name << "\n";
  if (!enabled) {
    out << "  (not profiled: pass FunctionOptions::profile = true or profile=true in "
           "THETA_FLAGS)\n";
    return;
  }
  double pieces = piecesSeconds();
  out << "  Time in " << calls << " calls to Function::operator(): " << seconds(callSeconds)
      << "\n";
  if (calls > 0)
    out << "  Time per call: " << seconds(callSeconds / static_cast<double>(calls)) << "\n";
  out << "  Time in compiled code: " << seconds(compiledSeconds) << " ("
      << percent(compiledSeconds, callSeconds) << ")\n";
  out << "  Time in pieces of compiled work: " << seconds(pieces) << " ("
      << percent(pieces, callSeconds) << " of the calls, " << percent(pieces, compiledSeconds)
      << " of compiled code; the rest allocates temporaries)\n";
  out << "  Time outside compiled code (arguments, results, updates): "
      << seconds(std::max(0.0, callSeconds - compiledSeconds)) << "\n";
  double compileTotal = buildSeconds;
  for (const ProfileCompile &compile : compiles)
    compileTotal += compile.totalSeconds;
  out << "  Total compile time: " << seconds(compileTotal) << " (" << compiles.size()
      << (compiles.size() == 1 ? " signature" : " signatures") << ")\n";
  out << "    Graph build in theta::function: " << ms(buildSeconds) << "\n";
  for (const ProfileCompile &compile : compiles)
    out << "    " << (compile.signature.empty() ? "()" : compile.signature) << ": "
        << stageText(compile) << "\n";
  out << "  Peak memory of a call: " << formatBytes(static_cast<double>(peakBytes))
      << " of temporaries, " << formatBytes(static_cast<double>(resultBytes))
      << " of results\n";

  printGroups(out, "Class", "Class", classes(), pieces);
  printGroups(out, "Ops", "Op", ops(), pieces);
  out << "\nApply\n------\n";
  printApplies(out, *this, applies(-1), pieces, applyLimit, "");

  // Scans: each step, and what a step spends its time on.
  for (size_t i = 0; i < rows.size(); ++i) {
    const ProfileRow &scan = rows[i];
    if (scan.className != "Scan")
      continue;
    for (size_t step : applies(static_cast<int>(i))) {
      const ProfileRow &stepRow = rows[step];
      out << "\nScan " << i << ": " << scan.apply() << (scan.where().empty() ? "" : ", ")
          << scan.where() << "\n-------\n";
      out << "  " << scan.calls << " runs, " << seconds(scan.seconds) << "; " << stepRow.calls
          << " steps, " << seconds(stepRow.seconds) << " ("
          << seconds(stepRow.calls ? stepRow.seconds / static_cast<double>(stepRow.calls) : 0)
          << " per step)\n";
      printApplies(out, *this, applies(static_cast<int>(step)), stepRow.seconds, applyLimit,
                   "  ");
    }
  }
}

namespace detail {

FunctionProfile::FunctionProfile(std::string name) {
  data.name = std::move(name);
  data.enabled = true;
}

void FunctionProfile::addBuild(double seconds) {
  std::lock_guard<std::mutex> lock(mutex);
  data.buildSeconds += seconds;
}

void FunctionProfile::addCompile(ProfileCompile compile) {
  std::lock_guard<std::mutex> lock(mutex);
  data.compiles.push_back(std::move(compile));
}

void FunctionProfile::addCall(const profiling::CallRecord &record, double callSeconds,
                              double compiledSeconds, size_t resultBytes) {
  std::lock_guard<std::mutex> lock(mutex);
  ++data.calls;
  data.callSeconds += callSeconds;
  data.compiledSeconds += compiledSeconds;
  data.peakBytes = std::max(data.peakBytes, record.peakBytes);
  data.resultBytes = std::max(data.resultBytes, resultBytes);
  for (const profiling::SiteTime &time : record.sites()) {
    auto found = rowOfSite.find(time.site);
    int row;
    if (found != rowOfSite.end()) {
      row = found->second;
    } else {
      const char *text = reinterpret_cast<const char *>(time.site);
      int parent = -1;
      if (time.parent)
        if (auto outer = rowOfSite.find(time.parent); outer != rowOfSite.end())
          parent = outer->second;
      std::string key = std::string(text) + "\x1f" + std::to_string(parent);
      auto [same, inserted] = rowOfText.try_emplace(key, static_cast<int>(data.rows.size()));
      if (inserted) {
        profiling::SiteInfo info = profiling::parseSite(text);
        ProfileRow added;
        added.className = std::move(info.className);
        added.op = std::move(info.op);
        added.shape = std::move(info.shape);
        added.sources = std::move(info.sources);
        added.parent = parent;
        bool library = added.op.find("BLAS") != std::string::npos ||
                       added.op.find("oneDNN") != std::string::npos ||
                       added.className == "Call";
        added.type = library ? 'L' : 'C';
        data.rows.push_back(std::move(added));
      }
      row = same->second;
      rowOfSite.emplace(time.site, row);
    }
    data.rows[row].seconds += static_cast<double>(time.nanoseconds) * 1e-9;
    data.rows[row].calls += time.calls;
  }
  if (record.unmatched)
    log().warn("profile of '{}': {} unmatched ends of pieces in a call", data.name,
               record.unmatched);
}

ProfileStats FunctionProfile::stats() const {
  std::lock_guard<std::mutex> lock(mutex);
  return data;
}

namespace {

struct Registry {
  std::mutex mutex;
  std::vector<std::shared_ptr<FunctionProfile>> profiles;
};

Registry &registry() {
  static Registry *instance = new Registry; // never destroyed: read at exit
  return *instance;
}

void printAtExit() {
  std::string destination = config().profiling_destination;
  if (destination.empty() || destination == "stderr") {
    profiling::printAll(std::cerr);
  } else if (destination == "stdout") {
    profiling::printAll(std::cout);
    std::cout.flush();
  } else {
    std::ofstream file(destination);
    if (file)
      profiling::printAll(file);
    else
      std::fprintf(stderr, "theta: cannot write the profile to %s\n", destination.c_str());
  }
}

} // namespace

std::shared_ptr<FunctionProfile> newFunctionProfile(const std::string &name) {
  auto profile = std::make_shared<FunctionProfile>(name);
  Registry &all = registry();
  std::lock_guard<std::mutex> lock(all.mutex);
  if (all.profiles.empty()) {
    (void)config(); // constructed before the handler is registered: alive when it runs
    std::atexit(printAtExit);
  }
  all.profiles.push_back(profile);
  return profile;
}

} // namespace detail

namespace profiling {

std::vector<ProfileStats> all() {
  detail::Registry &registry = detail::registry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  std::vector<ProfileStats> stats;
  for (const auto &profile : registry.profiles)
    stats.push_back(profile->stats());
  return stats;
}

void printAll(std::ostream &out) {
  for (const ProfileStats &stats : all()) {
    stats.print(out);
    out << "\n";
  }
}

} // namespace profiling

} // namespace theta
