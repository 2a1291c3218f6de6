//===- ParserHazards.cpp --------------------------------------------------===//
#include "dialect/ParserHazards.h"

#include "llvm/ADT/StringExtras.h"

namespace theta {

std::optional<ParserHazard> findParserHazard(llvm::StringRef text) {
  // MLIR's lexer skips whitespace and NUL bytes between tokens.
  const llvm::StringRef skipped(" \t\r\n\0", 5);
  for (size_t at = text.find("array"); at != llvm::StringRef::npos;
       at = text.find("array", at + 1)) {
    llvm::StringRef rest = text.drop_front(at + 5).ltrim(skipped);
    if (!rest.consume_front("<"))
      continue;
    rest = rest.ltrim(skipped);
    // `index` as a whole word: `array<index: 1>`, `array<index-1>`.
    if (!rest.starts_with("index") ||
        (rest.size() > 5 && (llvm::isAlnum(rest[5]) || rest[5] == '_')))
      continue;
    llvm::StringRef before = text.take_front(at);
    unsigned line = 1 + static_cast<unsigned>(before.count('\n'));
    size_t lineStart = before.rfind('\n');
    unsigned column =
        static_cast<unsigned>(lineStart == llvm::StringRef::npos ? at + 1 : at - lineStart);
    return ParserHazard{line, column,
                        "a dense array of 'index' elements is not supported (MLIR 22's parser "
                        "crashes on it); use i64"};
  }
  return std::nullopt;
}

} // namespace theta
