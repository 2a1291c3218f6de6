//===- ObjectLoader.cpp ---------------------------------------------------===//
#include "runtime/ObjectLoader.h"

#include "runtime/Blas.h"
#include "runtime/CudaSymbols.h"
#include "runtime/Error.h"
#include "runtime/Execution.h"
#include "runtime/Logging.h"
#include "runtime/Profile.h"

#include <cstdint>
#include <cstring>
#include <dlfcn.h>
#include <elf.h>
#include <mutex>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>

namespace theta {
namespace {

uint64_t alignTo(uint64_t value, uint64_t alignment) {
  return alignment <= 1 ? value : (value + alignment - 1) / alignment * alignment;
}

/// A far call goes through `jmp *slot(%rip)` with the target in the slot.
constexpr size_t kStubBytes = 16;
constexpr unsigned char kStubCode[6] = {0xff, 0x25, 0, 0, 0, 0};

} // namespace

/// Lays out, links and protects one object (friend of LoadedObject).
class ObjectLinker {
public:
  ObjectLinker(const std::string &bytes, const SymbolResolver &resolve, std::string context)
      : bytes(bytes), resolve(resolve), context(std::move(context)) {}

  std::shared_ptr<LoadedObject> link() {
    readHeaders();
    layOut();
    auto loaded = std::shared_ptr<LoadedObject>(new LoadedObject);
    void *memory = mmap(nullptr, totalBytes, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED)
      fail("cannot map " + std::to_string(totalBytes) + " bytes for its code");
    loaded->mapping = memory;
    loaded->mappingBytes = totalBytes;
    base = static_cast<char *>(memory);
    for (size_t i = 0; i < sections.size(); ++i)
      if (placed[i] != kNotPlaced && sections[i].sh_type != SHT_NOBITS)
        std::memcpy(base + placed[i], span(sections[i].sh_offset, sections[i].sh_size),
                    sections[i].sh_size);
    resolveSymbols();
    relocate();
    for (size_t i = 1; i < symbols.size(); ++i) {
      const Elf64_Sym &symbol = symbols[i];
      unsigned binding = ELF64_ST_BIND(symbol.st_info);
      if (symbol.st_shndx != SHN_UNDEF && (binding == STB_GLOBAL || binding == STB_WEAK))
        loaded->globals[name(symbol)] = reinterpret_cast<void *>(addresses[i]);
    }
    protect(0, codeBytes, PROT_READ | PROT_EXEC);
    protect(codeBytes, constantBytes, PROT_READ);
    __builtin___clear_cache(base, base + codeBytes);
    return loaded;
  }

private:
  static constexpr uint64_t kNotPlaced = ~uint64_t(0);

  [[noreturn]] void fail(const std::string &why) const {
    throw CompileError(context + ": " + why);
  }
  const char *span(uint64_t offset, uint64_t size) const {
    if (offset > bytes.size() || size > bytes.size() - offset)
      fail("not a loadable object: truncated (" + std::to_string(bytes.size()) + " bytes)");
    return bytes.data() + offset;
  }
  template <typename T> T at(uint64_t offset) const {
    T value;
    std::memcpy(&value, span(offset, sizeof(T)), sizeof(T));
    return value;
  }
  std::string name(const Elf64_Sym &symbol) const {
    const Elf64_Shdr &table = sections[symbolNames];
    if (symbol.st_name >= table.sh_size)
      fail("not a loadable object: a symbol name is out of range");
    const char *begin = span(table.sh_offset, table.sh_size) + symbol.st_name;
    return std::string(begin, strnlen(begin, table.sh_size - symbol.st_name));
  }
  std::string sectionName(size_t index) const {
    const Elf64_Shdr &table = sections[header.e_shstrndx];
    if (sections[index].sh_name >= table.sh_size)
      return "#" + std::to_string(index);
    const char *begin = span(table.sh_offset, table.sh_size) + sections[index].sh_name;
    return std::string(begin, strnlen(begin, table.sh_size - sections[index].sh_name));
  }

  void readHeaders() {
    header = at<Elf64_Ehdr>(0);
    if (std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0)
      fail("not a loadable object: no ELF header");
    if (header.e_ident[EI_CLASS] != ELFCLASS64 || header.e_ident[EI_DATA] != ELFDATA2LSB ||
        header.e_machine != EM_X86_64)
      fail("not a loadable object: compiled for another machine than x86-64 (ELF machine " +
           std::to_string(header.e_machine) + ")");
    if (header.e_type != ET_REL)
      fail("not a loadable object: not a relocatable object (ELF type " +
           std::to_string(header.e_type) + ")");
    if (header.e_shentsize != sizeof(Elf64_Shdr) || header.e_shnum == 0 ||
        header.e_shstrndx >= header.e_shnum)
      fail("not a loadable object: bad section header table");
    for (unsigned i = 0; i < header.e_shnum; ++i)
      sections.push_back(at<Elf64_Shdr>(header.e_shoff + uint64_t(i) * sizeof(Elf64_Shdr)));
    for (size_t i = 0; i < sections.size(); ++i) {
      const Elf64_Shdr &section = sections[i];
      if (section.sh_type != SHT_NOBITS)
        span(section.sh_offset, section.sh_size); // in bounds
      if (section.sh_type != SHT_SYMTAB)
        continue;
      if (section.sh_entsize != sizeof(Elf64_Sym) || section.sh_link >= sections.size())
        fail("not a loadable object: bad symbol table");
      symbolNames = section.sh_link;
      for (uint64_t k = 0; k < section.sh_size / sizeof(Elf64_Sym); ++k)
        symbols.push_back(at<Elf64_Sym>(section.sh_offset + k * sizeof(Elf64_Sym)));
    }
    if (symbols.empty())
      fail("not a loadable object: no symbol table");
  }

  /// Code, stubs | constants, GOT | data, bss: three page-aligned parts.
  void layOut() {
    placed.assign(sections.size(), kNotPlaced);
    long page = sysconf(_SC_PAGESIZE);
    uint64_t offset = 0;
    auto place = [&](bool wantCode, bool wantWritable) {
      for (size_t i = 0; i < sections.size(); ++i) {
        const Elf64_Shdr &section = sections[i];
        if (!(section.sh_flags & SHF_ALLOC) || section.sh_size == 0)
          continue;
        bool code = section.sh_flags & SHF_EXECINSTR, writable = section.sh_flags & SHF_WRITE;
        if (section.sh_flags & SHF_TLS)
          fail("thread-local data in section " + sectionName(i) + " is not supported");
        if (code != wantCode || (!code && writable != wantWritable))
          continue;
        if (section.sh_addralign > uint64_t(page))
          fail("section " + sectionName(i) + " needs an alignment above a page");
        offset = alignTo(offset, section.sh_addralign);
        placed[i] = offset;
        offset += section.sh_size;
      }
    };
    // One stub and one GOT slot per symbol at most.
    size_t slots = symbols.size();
    place(true, false);
    stubsAt = alignTo(offset, 16);
    offset = stubsAt + slots * kStubBytes;
    codeBytes = alignTo(offset, page);
    offset = codeBytes;
    place(false, false);
    gotAt = alignTo(offset, 8);
    offset = gotAt + slots * 8;
    constantBytes = alignTo(offset, page) - codeBytes;
    offset = codeBytes + constantBytes;
    place(false, true);
    totalBytes = alignTo(std::max<uint64_t>(offset, 1), page);
  }

  void resolveSymbols() {
    addresses.assign(symbols.size(), 0);
    external.assign(symbols.size(), false);
    for (size_t i = 1; i < symbols.size(); ++i) {
      const Elf64_Sym &symbol = symbols[i];
      if (symbol.st_shndx == SHN_UNDEF) {
        std::string symbolName = name(symbol);
        if (symbolName.empty())
          continue;
        if (symbolName == "_GLOBAL_OFFSET_TABLE_") { // the large code model's base
          addresses[i] = reinterpret_cast<uint64_t>(base + gotAt);
          continue;
        }
        void *address = resolve(symbolName);
        if (!address && ELF64_ST_BIND(symbol.st_info) != STB_WEAK)
          fail("undefined symbol '" + symbolName +
               "': neither Theta's runtime nor the process defines it");
        addresses[i] = reinterpret_cast<uint64_t>(address);
        external[i] = true;
      } else if (symbol.st_shndx == SHN_ABS) {
        addresses[i] = symbol.st_value;
      } else if (symbol.st_shndx == SHN_COMMON || symbol.st_shndx >= sections.size()) {
        fail("symbol '" + name(symbol) + "' is in an unsupported section");
      } else {
        uint64_t sectionAt = placed[symbol.st_shndx];
        if (sectionAt == kNotPlaced) // a symbol of a section not loaded (debug info)
          continue;
        addresses[i] = reinterpret_cast<uint64_t>(base + sectionAt) + symbol.st_value;
      }
    }
  }

  uint64_t stubFor(size_t symbol) {
    auto [found, inserted] = stubs.emplace(symbol, stubs.size());
    char *stub = base + stubsAt + found->second * kStubBytes;
    if (inserted) {
      std::memcpy(stub, kStubCode, sizeof kStubCode);
      uint64_t target = addresses[symbol];
      std::memcpy(stub + sizeof kStubCode, &target, 8); // jmp *0(%rip): the slot follows
    }
    return reinterpret_cast<uint64_t>(stub);
  }
  uint64_t gotSlotFor(size_t symbol) {
    auto [found, inserted] = gotSlots.emplace(symbol, gotSlots.size());
    char *slot = base + gotAt + found->second * 8;
    if (inserted)
      std::memcpy(slot, &addresses[symbol], 8);
    return reinterpret_cast<uint64_t>(slot);
  }

  void write32(char *where, int64_t value, bool isSigned, uint32_t type) {
    bool fits = isSigned ? value >= INT32_MIN && value <= INT32_MAX
                         : value >= 0 && value <= int64_t(UINT32_MAX);
    if (!fits)
      fail("relocation type " + std::to_string(type) +
           " does not reach its target (the object was not compiled position-independent)");
    uint32_t bits = static_cast<uint32_t>(value);
    std::memcpy(where, &bits, 4);
  }

  void relocate() {
    for (const Elf64_Shdr &table : sections) {
      if (table.sh_type == SHT_REL)
        fail("REL relocations are not supported (x86-64 objects use RELA)");
      if (table.sh_type != SHT_RELA)
        continue;
      if (table.sh_info >= sections.size() || table.sh_entsize != sizeof(Elf64_Rela))
        fail("not a loadable object: bad relocation section");
      uint64_t targetAt = placed[table.sh_info];
      if (targetAt == kNotPlaced)
        continue; // relocations of debug info
      const Elf64_Shdr &target = sections[table.sh_info];
      for (uint64_t k = 0; k < table.sh_size / sizeof(Elf64_Rela); ++k) {
        auto rela = at<Elf64_Rela>(table.sh_offset + k * sizeof(Elf64_Rela));
        uint32_t type = ELF64_R_TYPE(rela.r_info);
        size_t symbol = ELF64_R_SYM(rela.r_info);
        if (symbol >= symbols.size())
          fail("not a loadable object: a relocation names symbol " + std::to_string(symbol));
        bool wide = type == R_X86_64_64 || type == R_X86_64_PC64 ||
                    type == R_X86_64_GOTOFF64 || type == R_X86_64_GOTPC64 ||
                    type == R_X86_64_GOT64 || type == R_X86_64_GOTPCREL64;
        uint64_t width = wide ? 8 : 4;
        if (rela.r_offset > target.sh_size || width > target.sh_size - rela.r_offset)
          fail("not a loadable object: a relocation is outside its section");
        char *where = base + targetAt + rela.r_offset;
        auto P = reinterpret_cast<int64_t>(where);
        int64_t S = static_cast<int64_t>(addresses[symbol]), A = rela.r_addend;
        auto GOT = reinterpret_cast<int64_t>(base + gotAt);
        auto write64 = [&](int64_t value) { std::memcpy(where, &value, 8); };
        switch (type) {
        case R_X86_64_NONE:
          break;
        case R_X86_64_64: {
          int64_t value = S + A;
          std::memcpy(where, &value, 8);
          break;
        }
        case R_X86_64_PC64: {
          int64_t value = S + A - P;
          std::memcpy(where, &value, 8);
          break;
        }
        case R_X86_64_PC32:
        case R_X86_64_PLT32: {
          int64_t value = S + A - P;
          bool far = value < INT32_MIN || value > INT32_MAX;
          if (far && external[symbol] && type == R_X86_64_PLT32) // a call: through a stub
            value = static_cast<int64_t>(stubFor(symbol)) + A - P;
          write32(where, value, true, type);
          break;
        }
        // The large code model (what the JIT's objects use): 64-bit offsets
        // from the GOT's base, to it, and of its slots.
        case R_X86_64_GOTOFF64:
          write64(S + A - GOT);
          break;
        case R_X86_64_GOTPC64:
          write64(GOT + A - P);
          break;
        case R_X86_64_GOTPC32:
          write32(where, GOT + A - P, true, type);
          break;
        case R_X86_64_GOT64:
          write64(static_cast<int64_t>(gotSlotFor(symbol)) - GOT + A);
          break;
        case R_X86_64_GOTPCREL64:
          write64(static_cast<int64_t>(gotSlotFor(symbol)) + A - P);
          break;
        case R_X86_64_GOTPCREL:
        case R_X86_64_GOTPCRELX:
        case R_X86_64_REX_GOTPCRELX:
          write32(where, static_cast<int64_t>(gotSlotFor(symbol)) + A - P, true, type);
          break;
        case R_X86_64_32:
          write32(where, S + A, false, type);
          break;
        case R_X86_64_32S:
          write32(where, S + A, true, type);
          break;
        default:
          fail("unsupported relocation type " + std::to_string(type) + " in section " +
               sectionName(table.sh_info));
        }
      }
    }
  }

  void protect(uint64_t offset, uint64_t size, int protection) {
    if (size && mprotect(base + offset, size, protection) != 0)
      fail("cannot protect its code");
  }

  const std::string &bytes;
  const SymbolResolver &resolve;
  std::string context;
  Elf64_Ehdr header{};
  std::vector<Elf64_Shdr> sections;
  std::vector<Elf64_Sym> symbols;
  size_t symbolNames = 0;
  std::vector<uint64_t> placed;
  std::vector<uint64_t> addresses;
  std::vector<bool> external;
  uint64_t stubsAt = 0, gotAt = 0, codeBytes = 0, constantBytes = 0, totalBytes = 0;
  std::unordered_map<size_t, size_t> stubs, gotSlots;
  char *base = nullptr;
};

std::shared_ptr<LoadedObject> LoadedObject::load(const std::string &object,
                                                 const SymbolResolver &resolve,
                                                 const std::string &context) {
  return ObjectLinker(object, resolve, context).link();
}

LoadedObject::~LoadedObject() {
  if (mapping)
    munmap(mapping, mappingBytes);
}

void *LoadedObject::symbol(const std::string &name) const {
  auto found = globals.find(name);
  return found == globals.end() ? nullptr : found->second;
}

void *resolveRuntimeSymbol(const std::string &name) {
  static const std::unordered_map<std::string, void *> table = [] {
    std::unordered_map<std::string, void *> symbols;
    for (auto list : {runtimeSymbols(), executionSymbols(), profiling::profileSymbols(),
                      cudaSymbols()})
      for (auto &[symbolName, address] : list)
        symbols.emplace(symbolName, address);
    return symbols;
  }();
  if (auto found = table.find(name); found != table.end())
    return found->second;
  if (void *address = dlsym(RTLD_DEFAULT, name.c_str()))
    return address;
  // OpenMP's entries, for a program that links no libomp itself.
  if (name.compare(0, 7, "__kmpc_") == 0 || name.compare(0, 4, "omp_") == 0) {
    static void *openmp = [] {
      void *library = dlopen("libomp.so.5", RTLD_NOW | RTLD_GLOBAL);
      if (!library)
        library = dlopen("/usr/lib/llvm-22/lib/libomp.so.5", RTLD_NOW | RTLD_GLOBAL);
      return library;
    }();
    if (openmp)
      return dlsym(openmp, name.c_str());
  }
  return nullptr;
}

} // namespace theta
