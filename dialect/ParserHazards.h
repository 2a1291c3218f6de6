//===- ParserHazards.h - text MLIR 22's parser crashes on -----------------===//
//
// Debian's MLIR 22 parser dereferences a null FloatType on a dense array of
// `index` elements (`array<index: 1>`), which no dialect accepts anyway.
// theta-opt and the fuzzer refuse such text with a diagnostic before parsing
// it, so malformed input never crashes them.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_DIALECT_PARSERHAZARDS_H
#define THETA_DIALECT_PARSERHAZARDS_H

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace theta {

struct ParserHazard {
  unsigned line, column; // 1-based
  std::string message;
};

/// The first construct in `text` that would crash MLIR's parser, if any.
std::optional<ParserHazard> findParserHazard(llvm::StringRef text);

} // namespace theta

#endif // THETA_DIALECT_PARSERHAZARDS_H
