//===- ObjectLoader.h - relocatable objects loaded without LLVM -----------===//
//
// The runtime half of Theta runs code that the compiler half wrote as
// relocatable x86-64 ELF objects (Jit::emitObject: the disk cache's and the
// saved functions' objects) with no LLVM in the process: it lays the
// allocated sections out in one mapping, resolves undefined symbols (Theta's
// runtime entries by name, then the process: libc, libm, libomp), gives
// far calls and GOT references a stub and a slot next to the code, applies
// the relocations and protects each part (code RX, constants R, data RW).
// A malformed object or an unknown relocation is an error naming it, never
// a jump into garbage.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_RUNTIME_OBJECTLOADER_H
#define THETA_RUNTIME_OBJECTLOADER_H

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

namespace theta {

/// The address of an undefined symbol, or nullptr when unknown.
using SymbolResolver = std::function<void *(const std::string &name)>;

class LoadedObject {
public:
  /// Loads `object`; throws CompileError naming `context` when it is not a
  /// loadable x86-64 ELF relocatable object or a symbol cannot be resolved.
  static std::shared_ptr<LoadedObject> load(const std::string &object,
                                            const SymbolResolver &resolve,
                                            const std::string &context);
  ~LoadedObject();
  LoadedObject(const LoadedObject &) = delete;
  LoadedObject &operator=(const LoadedObject &) = delete;

  /// A global symbol the object defines, or nullptr.
  void *symbol(const std::string &name) const;

private:
  LoadedObject() = default;
  void *mapping = nullptr;
  size_t mappingBytes = 0;
  std::unordered_map<std::string, void *> globals;
  friend class ObjectLinker;
};

/// Theta's runtime entries (BLAS, allocation, checks, profiling, CUDA) by
/// name, then the process's symbols (libc, libm, libomp).
void *resolveRuntimeSymbol(const std::string &name);

} // namespace theta

#endif // THETA_RUNTIME_OBJECTLOADER_H
