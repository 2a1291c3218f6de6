// RUN: not theta-opt %s 2>&1 | FileCheck %s
// RUN: not theta-opt < %s 2>&1 | FileCheck %s --check-prefix=STDIN

// MLIR 22's parser crashes on a dense array of index elements (a fuzzer
// finding, from a mutated tap list); theta-opt refuses it with a diagnostic
// before parsing, from a file or from standard input.
// CHECK: parser-hazard.mlir:[[@LINE+2]]:{{[0-9]+}}: error: a dense array of 'index' elements is not supported
// STDIN: -:[[@LINE+1]]:{{[0-9]+}}: error: a dense array of 'index' elements is not supported
func.func @taps() attributes {taps = [array<index: -1>]} {
  return
}

// Whitespace between the tokens does not hide it.
// CHECK-NOT: Stack dump
