// RUN: theta-opt %s -split-input-file --theta-to-linalg -mlir-print-local-scope | FileCheck %s

// Reductions become a linalg.generic with "reduction" iterators over the
// reduced axes, accumulating into a linalg.fill of the identity; products
// become linalg named ops on a zero-filled accumulator.

// CHECK-LABEL: func.func @sum_axis
// CHECK-SAME:    (%[[X:[a-z0-9_]+]]: tensor<8x4xf32>{{.*}}) -> tensor<8xf32>
// CHECK:       %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:       %[[EMPTY:.*]] = tensor.empty() : tensor<8xf32>
// CHECK:       %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<8xf32>)
// CHECK:       %[[R:.*]] = linalg.generic
// CHECK-SAME:    indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>]
// CHECK-SAME:    iterator_types = ["parallel", "reduction"]
// CHECK-SAME:    ins(%[[X]] : tensor<8x4xf32>) outs(%[[INIT]] : tensor<8xf32>)
// CHECK-NEXT:  ^bb0(%[[IN:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:    %[[S:.*]] = arith.addf %[[IN]], %[[ACC]] fastmath<reassoc> : f32
// CHECK-NEXT:    linalg.yield %[[S]] : f32
// CHECK:       return %[[R]] : tensor<8xf32>
func.func @sum_axis(%x: tensor<8x4xf32>) -> tensor<8xf32> {
  %0 = theta.sum %x axes [1] : (tensor<8x4xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// keepdims: reduce to 8, then expand to 8x1.
// CHECK-LABEL: func.func @sum_keepdims
// CHECK:       %[[R:.*]] = linalg.generic
// CHECK-SAME:    iterator_types = ["parallel", "reduction"]
// CHECK:       } -> tensor<8xf32>
// CHECK:       %[[E:.*]] = tensor.expand_shape %[[R]] {{\[}}[0, 1]] output_shape [8, 1] : tensor<8xf32> into tensor<8x1xf32>
// CHECK:       return %[[E]] : tensor<8x1xf32>
func.func @sum_keepdims(%x: tensor<8x4xf32>) -> tensor<8x1xf32> {
  %0 = theta.sum %x axes [1] keepdims : (tensor<8x4xf32>) -> tensor<8x1xf32>
  return %0 : tensor<8x1xf32>
}

// -----

// All axes of an integer tensor, kept as 1x1.
// CHECK-LABEL: func.func @sum_all_keepdims_int
// CHECK:       %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK:       linalg.fill ins(%[[ZERO]] : i32) outs(%{{.*}} : tensor<i32>)
// CHECK:       %[[R:.*]] = linalg.generic
// CHECK-SAME:    indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> ()>]
// CHECK-SAME:    iterator_types = ["reduction", "reduction"]
// CHECK:         arith.addi %{{.*}}, %{{.*}} : i32
// CHECK:       tensor.expand_shape %[[R]] [] output_shape [1, 1] : tensor<i32> into tensor<1x1xi32>
func.func @sum_all_keepdims_int(%x: tensor<8x4xi32>) -> tensor<1x1xi32> {
  %0 = theta.sum %x keepdims : (tensor<8x4xi32>) -> tensor<1x1xi32>
  return %0 : tensor<1x1xi32>
}

// -----

// prod: init 1, multiply; axis -1 is the last one.
// CHECK-LABEL: func.func @prod_last_axis
// CHECK:       %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK:       linalg.fill ins(%[[ONE]] : f32) outs(%{{.*}} : tensor<8xf32>)
// CHECK:       linalg.generic
// CHECK-SAME:    indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>]
// CHECK-SAME:    iterator_types = ["parallel", "reduction"]
// CHECK:         arith.mulf %{{.*}}, %{{.*}} : f32
func.func @prod_last_axis(%x: tensor<8x4xf32>) -> tensor<8xf32> {
  %0 = theta.prod %x axes [-1] : (tensor<8x4xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// mean over axes [0, 1] of 5x8x4: a sum, then a division by 5 * 8 = 40.
// CHECK-LABEL: func.func @mean
// CHECK:       %[[SUM:.*]] = linalg.generic
// CHECK-SAME:    indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d2)>]
// CHECK-SAME:    iterator_types = ["reduction", "reduction", "parallel"]
// CHECK:         arith.addf %{{.*}}, %{{.*}} fastmath<reassoc> : f64
// CHECK:       %[[N:.*]] = arith.constant 4.000000e+01 : f64
// CHECK:       %[[R:.*]] = linalg.generic
// CHECK-SAME:    iterator_types = ["parallel"]
// CHECK-SAME:    ins(%[[SUM]] : tensor<4xf64>)
// CHECK-NEXT:  ^bb0(%[[IN:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:    %[[Q:.*]] = arith.divf %[[IN]], %[[N]] : f64
// CHECK-NEXT:    linalg.yield %[[Q]] : f64
// CHECK:       return %[[R]] : tensor<4xf64>
func.func @mean(%x: tensor<5x8x4xf64>) -> tensor<4xf64> {
  %0 = theta.mean %x axes [0, 1] : (tensor<5x8x4xf64>) -> tensor<4xf64>
  return %0 : tensor<4xf64>
}

// -----

// CHECK-LABEL: func.func @mean_keepdims
// CHECK:       arith.constant 6.000000e+00 : f32
// CHECK:       %[[R:.*]] = linalg.generic
// CHECK:         arith.divf
// CHECK:       tensor.expand_shape %[[R]] {{\[}}[0, 1]] output_shape [1, 4] : tensor<4xf32> into tensor<1x4xf32>
func.func @mean_keepdims(%x: tensor<6x4xf32>) -> tensor<1x4xf32> {
  %0 = theta.mean %x axes [0] keepdims : (tensor<6x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

// max of floats starts from -inf and uses the NaN-propagating maximumf.
// CHECK-LABEL: func.func @max
// CHECK:       %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK:       linalg.fill ins(%[[NINF]] : f32) outs(%{{.*}} : tensor<f32>)
// CHECK:       linalg.generic
// CHECK-SAME:    iterator_types = ["reduction", "reduction"]
// CHECK:         arith.maximumf %{{.*}}, %{{.*}} : f32
func.func @max(%x: tensor<8x4xf32>) -> tensor<f32> {
  %0 = theta.max %x : (tensor<8x4xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// min of integers starts from the largest signed value.
// CHECK-LABEL: func.func @min_int
// CHECK:       %[[MAX:.*]] = arith.constant 2147483647 : i32
// CHECK:       linalg.fill ins(%[[MAX]] : i32) outs(%{{.*}} : tensor<4xi32>)
// CHECK:       linalg.generic
// CHECK-SAME:    indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>]
// CHECK-SAME:    iterator_types = ["reduction", "parallel"]
// CHECK:         arith.minsi %{{.*}}, %{{.*}} : i32
func.func @min_int(%x: tensor<8x4xi32>) -> tensor<4xi32> {
  %0 = theta.min %x axes [0] : (tensor<8x4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// argmax: one generic with two outputs (best value, its index); the index is
// linalg.index of the reduced axis; the strict > keeps the first maximum, and
// the first NaN wins (ugt: greater or NaN; ord: unless the best is NaN
// already), as in NumPy.
// CHECK-LABEL: func.func @argmax
// CHECK-SAME:    (%[[X:[a-z0-9_]+]]: tensor<6x4xf32>{{.*}}) -> tensor<6xi64>
// CHECK:       %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK:       %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK:       %[[BEST0:.*]] = linalg.fill ins(%[[NINF]] : f32) outs(%{{.*}} : tensor<6xf32>)
// CHECK:       %[[IDX0:.*]] = linalg.fill ins(%[[ZERO]] : i64) outs(%{{.*}} : tensor<6xi64>)
// CHECK:       %[[R:.*]]:2 = linalg.generic
// CHECK-SAME:    indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0)>]
// CHECK-SAME:    iterator_types = ["parallel", "reduction"]
// CHECK-SAME:    ins(%[[X]] : tensor<6x4xf32>) outs(%[[BEST0]], %[[IDX0]] : tensor<6xf32>, tensor<6xi64>)
// CHECK-NEXT:  ^bb0(%[[IN:.*]]: f32, %[[BEST:.*]]: f32, %[[IDX:.*]]: i64):
// CHECK-NEXT:    %[[I:.*]] = linalg.index 1 : index
// CHECK-NEXT:    %[[I64:.*]] = arith.index_cast %[[I]] : index to i64
// CHECK-NEXT:    %[[UGT:.*]] = arith.cmpf ugt, %[[IN]], %[[BEST]] : f32
// CHECK-NEXT:    %[[ORD:.*]] = arith.cmpf ord, %[[BEST]], %[[BEST]] : f32
// CHECK-NEXT:    %[[GT:.*]] = arith.andi %[[UGT]], %[[ORD]] : i1
// CHECK-NEXT:    %[[NB:.*]] = arith.select %[[GT]], %[[IN]], %[[BEST]] : f32
// CHECK-NEXT:    %[[NI:.*]] = arith.select %[[GT]], %[[I64]], %[[IDX]] : i64
// CHECK-NEXT:    linalg.yield %[[NB]], %[[NI]] : f32, i64
// CHECK-NEXT:  } -> (tensor<6xf32>, tensor<6xi64>)
// CHECK:       return %[[R]]#1 : tensor<6xi64>
func.func @argmax(%x: tensor<6x4xf32>) -> tensor<6xi64> {
  %0 = theta.argmax %x axes [1] : (tensor<6x4xf32>) -> tensor<6xi64>
  return %0 : tensor<6xi64>
}

// -----

// argmax over all axes: the index into the flattened input; integers start
// from the smallest signed value and compare with sgt.
// CHECK-LABEL: func.func @argmax_all_int
// CHECK:       %[[FLAT:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0, 1]] : tensor<6x4xi32> into tensor<24xi32>
// CHECK:       %[[MIN:.*]] = arith.constant -2147483648 : i32
// CHECK:       linalg.fill ins(%[[MIN]] : i32) outs(%{{.*}} : tensor<i32>)
// CHECK:       %[[R:.*]]:2 = linalg.generic
// CHECK-SAME:    indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> ()>, affine_map<(d0) -> ()>]
// CHECK-SAME:    iterator_types = ["reduction"]
// CHECK-SAME:    ins(%[[FLAT]] : tensor<24xi32>)
// CHECK:         linalg.index 0 : index
// CHECK:         arith.cmpi sgt
// CHECK:       tensor.expand_shape %[[R]]#1 [] output_shape [1, 1] : tensor<i64> into tensor<1x1xi64>
func.func @argmax_all_int(%x: tensor<6x4xi32>) -> tensor<1x1xi64> {
  %0 = theta.argmax %x keepdims : (tensor<6x4xi32>) -> tensor<1x1xi64>
  return %0 : tensor<1x1xi64>
}

// -----

// dot, after the operand ranks: vector.vector, matrix.matrix, matrix.vector,
// vector.matrix and batched; each accumulates into a zero fill.
// CHECK-LABEL: func.func @dots
// CHECK-SAME:    (%[[M:[a-z0-9_]+]]: tensor<8x6xf32>{{.*}}, %[[N:[a-z0-9_]+]]: tensor<6x2xf32>{{.*}}, %[[V:[a-z0-9_]+]]: tensor<6xf32>{{.*}}, %[[B1:[a-z0-9_]+]]: tensor<5x8x4xf64>{{.*}}, %[[B2:[a-z0-9_]+]]: tensor<5x4x3xf64>{{.*}})
// CHECK:       %[[Z0:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:       %[[F0:.*]] = linalg.fill ins(%[[Z0]] : f32) outs(%{{.*}} : tensor<f32>)
// CHECK:       %[[VV:.*]] = linalg.dot ins(%[[V]], %[[V]] : tensor<6xf32>, tensor<6xf32>) outs(%[[F0]] : tensor<f32>)
// CHECK:       %[[Z1:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:       %[[F1:.*]] = linalg.fill ins(%[[Z1]] : f32) outs(%{{.*}} : tensor<8x2xf32>)
// CHECK:       %[[MM:.*]] = linalg.matmul ins(%[[M]], %[[N]] : tensor<8x6xf32>, tensor<6x2xf32>) outs(%[[F1]] : tensor<8x2xf32>)
// CHECK:       %[[Z2:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:       %[[F2:.*]] = linalg.fill ins(%[[Z2]] : f32) outs(%{{.*}} : tensor<8xf32>)
// CHECK:       %[[MV:.*]] = linalg.matvec ins(%[[M]], %[[V]] : tensor<8x6xf32>, tensor<6xf32>) outs(%[[F2]] : tensor<8xf32>)
// CHECK:       %[[Z3:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:       %[[F3:.*]] = linalg.fill ins(%[[Z3]] : f32) outs(%{{.*}} : tensor<2xf32>)
// CHECK:       %[[VM:.*]] = linalg.vecmat ins(%[[V]], %[[N]] : tensor<6xf32>, tensor<6x2xf32>) outs(%[[F3]] : tensor<2xf32>)
// CHECK:       %[[Z4:.*]] = arith.constant 0.000000e+00 : f64
// CHECK:       %[[F4:.*]] = linalg.fill ins(%[[Z4]] : f64) outs(%{{.*}} : tensor<5x8x3xf64>)
// CHECK:       %[[BB:.*]] = linalg.batch_matmul ins(%[[B1]], %[[B2]] : tensor<5x8x4xf64>, tensor<5x4x3xf64>) outs(%[[F4]] : tensor<5x8x3xf64>)
// CHECK:       return %[[VV]], %[[MM]], %[[MV]], %[[VM]], %[[BB]]
func.func @dots(%m: tensor<8x6xf32>, %n: tensor<6x2xf32>, %v: tensor<6xf32>,
                %b1: tensor<5x8x4xf64>, %b2: tensor<5x4x3xf64>)
    -> (tensor<f32>, tensor<8x2xf32>, tensor<8xf32>, tensor<2xf32>, tensor<5x8x3xf64>) {
  %vv = theta.dot %v, %v : (tensor<6xf32>, tensor<6xf32>) -> tensor<f32>
  %mm = theta.dot %m, %n : (tensor<8x6xf32>, tensor<6x2xf32>) -> tensor<8x2xf32>
  %mv = theta.dot %m, %v : (tensor<8x6xf32>, tensor<6xf32>) -> tensor<8xf32>
  %vm = theta.dot %v, %n : (tensor<6xf32>, tensor<6x2xf32>) -> tensor<2xf32>
  %bb = theta.dot %b1, %b2 : (tensor<5x8x4xf64>, tensor<5x4x3xf64>) -> tensor<5x8x3xf64>
  return %vv, %mm, %mv, %vm, %bb : tensor<f32>, tensor<8x2xf32>, tensor<8xf32>, tensor<2xf32>, tensor<5x8x3xf64>
}

// -----

// Integer matmul: zero of the integer type. (Products of at most 4 terms per
// element are unrolled instead; see fusion.mlir.)
// CHECK-LABEL: func.func @dot_int
// CHECK:       %[[Z:.*]] = arith.constant 0 : i32
// CHECK:       %[[F:.*]] = linalg.fill ins(%[[Z]] : i32) outs(%{{.*}} : tensor<2x2xi32>)
// CHECK:       linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<2x6xi32>, tensor<6x2xi32>) outs(%[[F]] : tensor<2x2xi32>)
func.func @dot_int(%a: tensor<2x6xi32>, %b: tensor<6x2xi32>) -> tensor<2x2xi32> {
  %0 = theta.dot %a, %b : (tensor<2x6xi32>, tensor<6x2xi32>) -> tensor<2x2xi32>
  return %0 : tensor<2x2xi32>
}

// -----

// A bias gradient (NCHW summed over N, H and W): the kept channel axis
// becomes the outer loop (distributed over threads) and the reduced axes the
// inner ones, W innermost, so each inner loop reads contiguous memory.
// CHECK-LABEL: func.func @sum_nchw_to_channels
// CHECK:       linalg.generic
// CHECK-SAME:    indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1, d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0)>]
// CHECK-SAME:    iterator_types = ["parallel", "reduction", "reduction", "reduction"]
func.func @sum_nchw_to_channels(%x: tensor<8x4x6x6xf32>) -> tensor<4xf32> {
  %0 = theta.sum %x axes [0, 2, 3] : (tensor<8x4x6x6xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Column sums keep the input's order: rows outer, the kept axis innermost.
// CHECK-LABEL: func.func @sum_columns
// CHECK:       linalg.generic
// CHECK-SAME:    indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>]
// CHECK-SAME:    iterator_types = ["reduction", "parallel"]
func.func @sum_columns(%x: tensor<8x4xf32>) -> tensor<4xf32> {
  %0 = theta.sum %x axes [0] : (tensor<8x4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
