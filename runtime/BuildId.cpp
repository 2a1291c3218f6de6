//===- BuildId.cpp --------------------------------------------------------===//
//
// Finds the loaded object containing this file's code with dl_iterate_phdr
// and reads the NT_GNU_BUILD_ID note from its PT_NOTE segments (the linker
// writes one by default on Debian).
//
//===----------------------------------------------------------------------===//
#include "runtime/BuildId.h"

#include "runtime/Logging.h"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <elf.h>
#include <link.h>

namespace theta {
namespace {

struct Search {
  uintptr_t address;
  std::string buildId;
};

uintptr_t alignUp(uintptr_t value, uintptr_t alignment) {
  return (value + alignment - 1) & ~(alignment - 1);
}

/// The build ID in one PT_NOTE segment, or "". Name and descriptor are
/// padded to the segment's alignment (4, or 8 for GNU property notes).
std::string buildIdInNotes(const char *begin, const char *end, uintptr_t alignment) {
  while (begin + sizeof(ElfW(Nhdr)) <= end) {
    const auto *note = reinterpret_cast<const ElfW(Nhdr) *>(begin);
    const char *name = begin + sizeof(ElfW(Nhdr));
    const char *desc =
        reinterpret_cast<const char *>(alignUp(uintptr_t(name) + note->n_namesz, alignment));
    const char *next =
        reinterpret_cast<const char *>(alignUp(uintptr_t(desc) + note->n_descsz, alignment));
    if (desc + note->n_descsz > end)
      break;
    if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0) {
      std::string hex;
      char digits[3];
      for (unsigned i = 0; i < note->n_descsz; ++i) {
        std::snprintf(digits, sizeof digits, "%02x", static_cast<unsigned char>(desc[i]));
        hex += digits;
      }
      return hex;
    }
    begin = next;
  }
  return "";
}

int visitObject(dl_phdr_info *info, size_t, void *data) {
  auto *search = static_cast<Search *>(data);
  bool contains = false;
  for (int i = 0; i < info->dlpi_phnum && !contains; ++i) {
    const ElfW(Phdr) &segment = info->dlpi_phdr[i];
    uintptr_t start = info->dlpi_addr + segment.p_vaddr;
    contains = segment.p_type == PT_LOAD && search->address >= start &&
               search->address < start + segment.p_memsz;
  }
  if (!contains)
    return 0;
  for (int i = 0; i < info->dlpi_phnum && search->buildId.empty(); ++i) {
    const ElfW(Phdr) &segment = info->dlpi_phdr[i];
    if (segment.p_type != PT_NOTE)
      continue;
    const char *begin = reinterpret_cast<const char *>(info->dlpi_addr + segment.p_vaddr);
    search->buildId =
        buildIdInNotes(begin, begin + segment.p_memsz, segment.p_align == 8 ? 8 : 4);
  }
  return 1; // found the object; stop
}

} // namespace

const std::string &compilerBuildId() {
  static const std::string id = [] {
    Search search{reinterpret_cast<uintptr_t>(&compilerBuildId), ""};
    dl_iterate_phdr(visitObject, &search);
    if (search.buildId.empty())
      log().warn("this build of Theta has no GNU build ID: the disk cache cannot tell "
                 "objects compiled by other builds apart");
    return search.buildId;
  }();
  return id;
}

} // namespace theta
