// RUN: theta-opt %s -split-input-file --theta-to-linalg | FileCheck %s
// RUN: theta-opt %s -split-input-file --theta-to-linalg | python3 -c "import re,sys; [print(bytes(int(v) for v in m.split(',')).decode().replace(chr(31), '|').rstrip(chr(0))) for m in re.findall(r'dense<\[([0-9, ]+)\]>', sys.stdin.read())]" | FileCheck %s --check-prefix=SITE

// theta.print and theta.check_values hand their value to the runtime:
// theta_probe(site, address of a read-only buffer of the value), the site a
// constant string "<kind>\x1f<fields>" (lowering/ProbeSites.h; the SITE run
// decodes it, \x1f shown as |). print returns its operand, so what uses it
// reads the same tensor; the call's side effect keeps it in program order.

// CHECK-DAG: func.func private @theta_probe(i64, i64)
// CHECK-DAG: memref.global "private" constant @[[GLOBAL:theta_site_[0-9]+]] : memref<35xi8>
// CHECK-LABEL: func.func @printed
//       CHECK:   %[[E:.*]] = linalg.generic
//       CHECK:     math.exp
//       CHECK:   %[[B:.*]] = bufferization.to_buffer %[[E]] read_only : tensor<2x3xf32> to memref<2x3xf32>
//  CHECK-NEXT:   %[[P:.*]] = memref.extract_aligned_pointer_as_index %[[B]]
//  CHECK-NEXT:   %[[PI:.*]] = arith.index_cast %[[P]] : index to i64
//  CHECK-NEXT:   %[[G:.*]] = memref.get_global @[[GLOBAL]]
//  CHECK-NEXT:   %[[S:.*]] = memref.extract_aligned_pointer_as_index %[[G]]
//  CHECK-NEXT:   %[[SI:.*]] = arith.index_cast %[[S]] : index to i64
//  CHECK-NEXT:   call @theta_probe(%[[SI]], %[[PI]]) : (i64, i64) -> ()
//       CHECK:   linalg.generic {{.*}} ins(%[[E]] : tensor<2x3xf32>)
//       CHECK:     math.tanh
// SITE: print|e|__str__,shape|float32|2x3|
func.func @printed(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %e = theta.exp %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %p = theta.print "e" %e {attrs = ["__str__", "shape"]} : tensor<2x3xf32>
  %t = theta.tanh %p : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %t : tensor<2x3xf32>
}

// -----

// Two prints of one value stay two calls, in order.
// CHECK-LABEL: func.func @twice
//       CHECK:   call @theta_probe
//       CHECK:   call @theta_probe
//   CHECK-NOT:   call @theta_probe
// SITE-DAG: print|first|__str__|float64||
// SITE-DAG: print|second|mean|float64||
func.func @twice(%x: tensor<f64>) -> tensor<f64> {
  %a = theta.print "first" %x {attrs = ["__str__"]} : tensor<f64>
  %b = theta.print "second" %a {attrs = ["mean"]} : tensor<f64>
  return %b : tensor<f64>
}

// -----

// A check: its flags, the value's type and shape, and the origin. An empty
// value, or a check of nothing, needs no call.
// CHECK-LABEL: func.func @checked
//       CHECK:   call @theta_probe
//   CHECK-NOT:   call @theta_probe
//       CHECK:   return
// SITE: check|ni|float32|4|'theta.log' built at model.cc:12
func.func @checked(%x: tensor<4xf32>, %empty: tensor<0xf32>) -> tensor<4xf32> {
  theta.check_values %x {origin = "'theta.log' built at model.cc:12", nan, inf} : tensor<4xf32>
  theta.check_values %empty {origin = "empty", nan} : tensor<0xf32>
  theta.check_values %x {origin = "nothing"} : tensor<4xf32>
  return %x : tensor<4xf32>
}
