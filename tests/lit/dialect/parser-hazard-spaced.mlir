// RUN: not theta-opt %s 2>&1 | FileCheck %s
// The lexer skips whitespace (and NUL bytes, as a fuzzer found) between
// `array`, `<` and `index`: the guard does too.
// CHECK: parser-hazard-spaced.mlir:[[@LINE+1]]:{{[0-9]+}}: error: a dense array of 'index' elements is not supported
func.func @taps() attributes {taps = [array  <  index: -1>]} {
  return
}
