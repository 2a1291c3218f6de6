//===- theta-cache.cpp - inspect and clear the disk cache of compiled code ===//
//
//   theta-cache [--dir D] list     one line per entry: key, bytes, age, state
//   theta-cache [--dir D] du       the entry count and total bytes
//   theta-cache [--dir D] clear    removes every entry and stray temporaries
//   theta-cache [--dir D] verify   lists damaged entries; exit status 1 if any
//
// The directory is D, else THETA_CACHE_DIR, else ~/.cache/theta.
//
//===----------------------------------------------------------------------===//
#include "runtime/ObjectCache.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

using theta::ObjectCache;

namespace {

int usage(std::FILE *to, int status) {
  std::fprintf(to, "usage: theta-cache [--dir DIR] list|du|clear|verify\n"
                   "  list    one line per entry: key, bytes, age, and ok or what is wrong\n"
                   "  du      the number of entries and their total bytes\n"
                   "  clear   remove every entry (and temporaries of interrupted stores)\n"
                   "  verify  print the damaged entries; exit status 1 if there are any\n"
                   "DIR defaults to $THETA_CACHE_DIR, else ~/.cache/theta.\n");
  return status;
}

std::string age(std::chrono::system_clock::time_point modified) {
  auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now() - modified)
          .count();
  if (seconds < 0)
    seconds = 0;
  if (seconds < 120)
    return std::to_string(seconds) + "s";
  if (seconds < 2 * 3600)
    return std::to_string(seconds / 60) + "m";
  if (seconds < 2 * 86400)
    return std::to_string(seconds / 3600) + "h";
  return std::to_string(seconds / 86400) + "d";
}

} // namespace

int main(int argc, char **argv) {
  std::string dir = ObjectCache::defaultDirectory();
  std::string command;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--dir" && i + 1 < argc)
      dir = argv[++i];
    else if (arg.rfind("--dir=", 0) == 0)
      dir = arg.substr(6);
    else if (arg == "-h" || arg == "--help")
      return usage(stdout, 0);
    else if (command.empty() && arg[0] != '-')
      command = arg;
    else
      return usage(stderr, 2);
  }
  if (command != "list" && command != "du" && command != "clear" && command != "verify")
    return usage(stderr, 2);
  if (dir.empty()) {
    std::fprintf(stderr, "theta-cache: the cache directory is empty (the disk cache is off)\n");
    return 2;
  }
  ObjectCache cache(dir, /*maxBytes=*/0);

  if (command == "clear") {
    std::printf("removed %zu files from %s\n", cache.clear(), dir.c_str());
    return 0;
  }
  if (command == "du") {
    std::vector<ObjectCache::Entry> entries = cache.entries();
    unsigned long long total = 0;
    for (const ObjectCache::Entry &entry : entries)
      total += entry.bytes;
    std::printf("%zu %s, %llu bytes in %s\n", entries.size(),
                entries.size() == 1 ? "entry" : "entries", total, dir.c_str());
    return 0;
  }
  int damaged = 0;
  for (const ObjectCache::Entry &entry : cache.entries()) {
    std::string problem = cache.verify(entry.key);
    damaged += !problem.empty();
    if (command == "list")
      std::printf("%s %llu %s %s\n", entry.key.c_str(),
                  static_cast<unsigned long long>(entry.bytes), age(entry.modified).c_str(),
                  problem.empty() ? "ok" : ("damaged: " + problem).c_str());
    else if (!problem.empty())
      std::printf("%s %s\n", entry.path.c_str(), problem.c_str());
  }
  return command == "verify" && damaged > 0 ? 1 : 0;
}
