//===- HostCpu.cpp --------------------------------------------------------===//
#include "runtime/HostCpu.h"

#include <fstream>
#include <sstream>

namespace theta {
namespace {

/// Flags naming instructions code generation may use.
bool isInstructionSet(const std::string &flag) {
  static const char *const prefixes[] = {"sse", "ssse", "avx", "fma", "f16c", "bmi", "popcnt",
                                         "lzcnt", "abm", "movbe", "adx", "aes", "pclmul",
                                         "sha", "vaes", "vpclmul", "gfni", "amx", "cx16",
                                         "xsave", "rdrand", "rdseed", "clflushopt", "clwb",
                                         "movdir", "serialize", "prefetchw", "mmx"};
  for (const char *prefix : prefixes)
    if (flag.compare(0, std::char_traits<char>::length(prefix), prefix) == 0)
      return true;
  return false;
}

} // namespace

const std::set<std::string> &hostInstructionSets() {
  static const std::set<std::string> sets = [] {
    std::set<std::string> flags;
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string line;
    while (std::getline(cpuinfo, line)) {
      if (line.compare(0, 5, "flags") != 0)
        continue;
      std::istringstream words(line.substr(line.find(':') + 1));
      std::string flag;
      while (words >> flag)
        if (isInstructionSet(flag))
          flags.insert(flag);
      break; // every core reports the same
    }
    return flags;
  }();
  return sets;
}

std::string joinFlags(const std::set<std::string> &flags) {
  std::string text;
  for (const std::string &flag : flags)
    text += (text.empty() ? "" : " ") + flag;
  return text;
}

std::set<std::string> splitFlags(const std::string &text) {
  std::set<std::string> flags;
  std::istringstream words(text);
  std::string flag;
  while (words >> flag)
    flags.insert(flag);
  return flags;
}

std::set<std::string> missingInstructionSets(const std::set<std::string> &required) {
  std::set<std::string> missing;
  for (const std::string &flag : required)
    if (!hostInstructionSets().count(flag))
      missing.insert(flag);
  return missing;
}

} // namespace theta
