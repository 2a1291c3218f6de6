// RUN: theta-opt %s -split-input-file --theta-to-linalg -mlir-print-local-scope | FileCheck %s

// Shape ops: reshapes become tensor reshapes, dimshuffle a permuting copy,
// slicing tensor slices, take a gathering generic, creation ops fills.

// CHECK-LABEL: func.func @reshape_expand
// CHECK-SAME:    (%[[X:[a-z0-9_]+]]: tensor<6xf32>{{.*}})
// CHECK-NEXT:    %[[R:.*]] = tensor.expand_shape %[[X]] {{\[}}[0, 1]] output_shape [2, 3] : tensor<6xf32> into tensor<2x3xf32>
// CHECK-NEXT:    return %[[R]]
func.func @reshape_expand(%x: tensor<6xf32>) -> tensor<2x3xf32> {
  %0 = theta.reshape %x [2, -1] : tensor<6xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Same rank, different shape: through a rank-1 view.
// CHECK-LABEL: func.func @reshape_general
// CHECK-SAME:    (%[[X:[a-z0-9_]+]]: tensor<2x3xf32>{{.*}})
// CHECK-NEXT:    %[[F:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1]] : tensor<2x3xf32> into tensor<6xf32>
// CHECK-NEXT:    %[[R:.*]] = tensor.expand_shape %[[F]] {{\[}}[0, 1]] output_shape [3, 2] : tensor<6xf32> into tensor<3x2xf32>
// CHECK-NEXT:    return %[[R]]
func.func @reshape_general(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %0 = theta.reshape %x [3, 2] : tensor<2x3xf32> -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_scalar
// CHECK:       tensor.expand_shape %{{.*}} [] output_shape [1, 1] : tensor<f32> into tensor<1x1xf32>
// CHECK:       tensor.collapse_shape %{{.*}} [] : tensor<1x1xf32> into tensor<f32>
func.func @reshape_scalar(%x: tensor<f32>, %y: tensor<1x1xf32>) -> (tensor<1x1xf32>, tensor<f32>) {
  %0 = theta.reshape %x [1, 1] : tensor<f32> -> tensor<1x1xf32>
  %1 = theta.reshape %y [] : tensor<1x1xf32> -> tensor<f32>
  return %0, %1 : tensor<1x1xf32>, tensor<f32>
}

// -----

// CHECK-LABEL: func.func @flatten
// CHECK-SAME:    (%[[T:[a-z0-9_]+]]: tensor<8x3x4x4xf32>{{.*}})
// CHECK-NEXT:    %[[R:.*]] = tensor.collapse_shape %[[T]] {{\[}}[0], [1, 2, 3]] : tensor<8x3x4x4xf32> into tensor<8x48xf32>
// CHECK-NEXT:    return %[[R]]
func.func @flatten(%t: tensor<8x3x4x4xf32>) -> tensor<8x48xf32> {
  %0 = theta.flatten %t ndim 2 : tensor<8x3x4x4xf32> -> tensor<8x48xf32>
  return %0 : tensor<8x48xf32>
}

// -----

// dimshuffle [1, x, 0]: result (d0, d1, d2) reads input (d2, d0).
// CHECK-LABEL: func.func @dimshuffle
// CHECK-SAME:    (%[[M:[a-z0-9_]+]]: tensor<4x3xf32>{{.*}})
// CHECK:       %[[INIT:.*]] = tensor.empty() : tensor<3x1x4xf32>
// CHECK:       %[[R:.*]] = linalg.generic
// CHECK-SAME:    indexing_maps = [affine_map<(d0, d1, d2) -> (d2, d0)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>]
// CHECK-SAME:    iterator_types = ["parallel", "parallel", "parallel"]
// CHECK-SAME:    ins(%[[M]] : tensor<4x3xf32>) outs(%[[INIT]] : tensor<3x1x4xf32>)
// CHECK-NEXT:  ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:    linalg.yield %[[IN]] : f32
// CHECK:       return %[[R]]
func.func @dimshuffle(%m: tensor<4x3xf32>) -> tensor<3x1x4xf32> {
  %0 = theta.dimshuffle %m [1, x, 0] : tensor<4x3xf32> -> tensor<3x1x4xf32>
  return %0 : tensor<3x1x4xf32>
}

// -----

// dimshuffle [2, 0] drops the size-1 dimension 1: it is read at index 0.
// CHECK-LABEL: func.func @dimshuffle_drop
// CHECK:       linalg.generic
// CHECK-SAME:    indexing_maps = [affine_map<(d0, d1) -> (d1, 0, d0)>, affine_map<(d0, d1) -> (d0, d1)>]
// CHECK-SAME:    ins(%{{.*}} : tensor<3x1x4xf32>) outs(%{{.*}} : tensor<4x3xf32>)
func.func @dimshuffle_drop(%m: tensor<3x1x4xf32>) -> tensor<4x3xf32> {
  %0 = theta.dimshuffle %m [2, 0] : tensor<3x1x4xf32> -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Each input goes in at the running offset along the axis.
// CHECK-LABEL: func.func @concatenate
// CHECK-SAME:    (%[[A:[a-z0-9_]+]]: tensor<4x3xf32>{{.*}}, %[[B:[a-z0-9_]+]]: tensor<2x3xf32>{{.*}}, %[[C:[a-z0-9_]+]]: tensor<1x3xf32>{{.*}})
// CHECK:       %[[E:.*]] = tensor.empty() : tensor<7x3xf32>
// CHECK:       %[[I0:.*]] = tensor.insert_slice %[[A]] into %[[E]][0, 0] [4, 3] [1, 1] : tensor<4x3xf32> into tensor<7x3xf32>
// CHECK:       %[[I1:.*]] = tensor.insert_slice %[[B]] into %[[I0]][4, 0] [2, 3] [1, 1] : tensor<2x3xf32> into tensor<7x3xf32>
// CHECK:       %[[I2:.*]] = tensor.insert_slice %[[C]] into %[[I1]][6, 0] [1, 3] [1, 1] : tensor<1x3xf32> into tensor<7x3xf32>
// CHECK:       return %[[I2]]
func.func @concatenate(%a: tensor<4x3xf32>, %b: tensor<2x3xf32>, %c: tensor<1x3xf32>) -> tensor<7x3xf32> {
  %0 = theta.concatenate %a, %b, %c axis 0 : (tensor<4x3xf32>, tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<7x3xf32>
  return %0 : tensor<7x3xf32>
}

// -----

// axis -1 is the last axis.
// CHECK-LABEL: func.func @concatenate_last_axis
// CHECK-SAME:    (%[[A:[a-z0-9_]+]]: tensor<4x3xf32>{{.*}}, %[[B:[a-z0-9_]+]]: tensor<4x2xf32>{{.*}})
// CHECK:       %[[I0:.*]] = tensor.insert_slice %[[A]] into %{{.*}}[0, 0] [4, 3] [1, 1] : tensor<4x3xf32> into tensor<4x5xf32>
// CHECK:       tensor.insert_slice %[[B]] into %[[I0]][0, 3] [4, 2] [1, 1] : tensor<4x2xf32> into tensor<4x5xf32>
func.func @concatenate_last_axis(%a: tensor<4x3xf32>, %b: tensor<4x2xf32>) -> tensor<4x5xf32> {
  %0 = theta.concatenate %a, %b axis -1 : (tensor<4x3xf32>, tensor<4x2xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

// Static starts: negative ones count from the end (-4 of 784 is 780), -1
// sizes run to the end, dropped dimensions make a rank-reduced slice.
// CHECK-LABEL: func.func @subtensor_static
// CHECK-SAME:    (%[[X:[a-z0-9_]+]]: tensor<1000x784xf32>{{.*}}, %[[V:[a-z0-9_]+]]: tensor<5xf32>{{.*}})
// CHECK-NOT:   tensor.extract %
// CHECK:       %[[R:.*]] = tensor.extract_slice %[[X]][2, 780] [1, 2] [1, 2] : tensor<1000x784xf32> to tensor<2xf32>
// CHECK:       %[[ODD:.*]] = tensor.extract_slice %[[V]][1] [2] [2] : tensor<5xf32> to tensor<2xf32>
// CHECK:       %[[TAIL:.*]] = tensor.extract_slice %[[V]][3] [2] [1] : tensor<5xf32> to tensor<2xf32>
// CHECK:       return %[[R]], %[[ODD]], %[[TAIL]]
func.func @subtensor_static(%X: tensor<1000x784xf32>, %v: tensor<5xf32>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %r = theta.subtensor %X[2, -4] sizes [1, 2] steps [1, 2] drop [0] : tensor<1000x784xf32> -> tensor<2xf32>
  %odd = theta.subtensor %v[1] sizes [-1] steps [2] : tensor<5xf32> -> tensor<2xf32>
  %tail = theta.subtensor %v[-2] sizes [-1] steps [1] : tensor<5xf32> -> tensor<2xf32>
  return %r, %odd, %tail : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
}

// -----

// A dynamic start is read from its rank-0 tensor, wrapped when negative and
// clamped to [0, 1000 - 16] so that the 16 rows stay inside the tensor.
// CHECK-LABEL: func.func @subtensor_dynamic
// CHECK-SAME:    (%[[X:[a-z0-9_]+]]: tensor<1000x784xf32>{{.*}}, %[[IDX:[a-z0-9_]+]]: tensor<i64>{{.*}})
// CHECK:       %[[S:.*]] = tensor.extract %[[IDX]][] : tensor<i64>
// CHECK:       %[[I:.*]] = arith.index_cast %[[S]] : i64 to index
// CHECK-DAG:   %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:   %[[DIM:.*]] = arith.constant 1000 : index
// CHECK:       %[[NEG:.*]] = arith.cmpi slt, %[[I]], %[[C0]] : index
// CHECK:       %[[ADD:.*]] = arith.addi %[[I]], %[[DIM]] : index
// CHECK:       %[[W:.*]] = arith.select %[[NEG]], %[[ADD]], %[[I]] : index
// CHECK:       %[[LAST:.*]] = arith.constant 984 : index
// CHECK:       %[[LO:.*]] = arith.maxsi %[[W]], %[[C0]] : index
// CHECK:       %[[OFF:.*]] = arith.minsi %[[LO]], %[[LAST]] : index
// CHECK:       %[[R:.*]] = tensor.extract_slice %[[X]][%[[OFF]], 0] [16, 784] [1, 1] : tensor<1000x784xf32> to tensor<16x784xf32>
// CHECK:       return %[[R]]
func.func @subtensor_dynamic(%X: tensor<1000x784xf32>, %idx: tensor<i64>) -> tensor<16x784xf32> {
  %b = theta.subtensor %X[%idx : tensor<i64>, 0] sizes [16, -1] steps [1, 1] : tensor<1000x784xf32> -> tensor<16x784xf32>
  return %b : tensor<16x784xf32>
}

// -----

// With a step, the last valid start is 10 - (3 - 1) * 3 - 1 = 3.
// CHECK-LABEL: func.func @subtensor_dynamic_step
// CHECK:       %[[LAST:.*]] = arith.constant 3 : index
// CHECK:       %[[LO:.*]] = arith.maxsi
// CHECK:       %[[OFF:.*]] = arith.minsi %[[LO]], %[[LAST]] : index
// CHECK:       tensor.extract_slice %{{.*}}[%[[OFF]]] [3] [3] : tensor<10xf32> to tensor<3xf32>
func.func @subtensor_dynamic_step(%v: tensor<10xf32>, %i: tensor<i64>) -> tensor<3xf32> {
  %0 = theta.subtensor %v[%i : tensor<i64>] sizes [3] steps [3] : tensor<10xf32> -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// set_subtensor at a dynamic i32 start: the value is copied and inserted at
// the clamped offset.
// CHECK-LABEL: func.func @set_subtensor
// CHECK-SAME:    (%[[V:[a-z0-9_]+]]: tensor<5xf32>{{.*}}, %[[IDX:[a-z0-9_]+]]: tensor<i32>{{.*}}, %[[E:[a-z0-9_]+]]: tensor<f32>{{.*}})
// CHECK:       %[[S:.*]] = tensor.extract %[[IDX]][] : tensor<i32>
// CHECK:       arith.index_cast %[[S]] : i32 to index
// CHECK:       %[[LAST:.*]] = arith.constant 4 : index
// CHECK:       %[[LO:.*]] = arith.maxsi
// CHECK:       %[[OFF:.*]] = arith.minsi %[[LO]], %[[LAST]] : index
// CHECK:       %[[COPY:.*]] = linalg.generic
// CHECK-SAME:    ins(%[[E]] : tensor<f32>)
// CHECK:       %[[R:.*]] = tensor.insert_slice %[[COPY]] into %[[V]][%[[OFF]]] [1] [1] : tensor<f32> into tensor<5xf32>
// CHECK:       return %[[R]]
func.func @set_subtensor(%v: tensor<5xf32>, %i32: tensor<i32>, %e: tensor<f32>) -> tensor<5xf32> {
  %s = theta.set_subtensor %v[%i32 : tensor<i32>] sizes [1] steps [1] drop [0], %e : (tensor<5xf32>, tensor<f32>) -> tensor<5xf32>
  return %s : tensor<5xf32>
}

// -----

// inc_subtensor: extract the strided slice, add, insert it back at the same place.
// CHECK-LABEL: func.func @inc_subtensor
// CHECK-SAME:    (%[[V:[a-z0-9_]+]]: tensor<5xf32>{{.*}}, %[[U:[a-z0-9_]+]]: tensor<2xf32>{{.*}})
// CHECK:       %[[CUR:.*]] = tensor.extract_slice %[[V]][1] [2] [2] : tensor<5xf32> to tensor<2xf32>
// CHECK:       %[[SUM:.*]] = linalg.generic
// CHECK-SAME:    ins(%[[CUR]], %[[U]] : tensor<2xf32>, tensor<2xf32>)
// CHECK:         arith.addf
// CHECK:       %[[R:.*]] = tensor.insert_slice %[[SUM]] into %[[V]][1] [2] [2] : tensor<2xf32> into tensor<5xf32>
// CHECK:       return %[[R]]
func.func @inc_subtensor(%v: tensor<5xf32>, %u: tensor<2xf32>) -> tensor<5xf32> {
  %i = theta.inc_subtensor %v[1] sizes [2] steps [2], %u : (tensor<5xf32>, tensor<2xf32>) -> tensor<5xf32>
  return %i : tensor<5xf32>
}

// -----

// Integer increment at a dynamic start: one clamped offset for both slices.
// CHECK-LABEL: func.func @inc_subtensor_dynamic_int
// CHECK-SAME:    (%[[V:[a-z0-9_]+]]: tensor<4xi32>{{.*}}, %{{.*}}: tensor<i64>{{.*}}, %[[U:[a-z0-9_]+]]: tensor<i32>{{.*}})
// CHECK:       %[[OFF:.*]] = arith.minsi
// CHECK:       %[[CUR:.*]] = tensor.extract_slice %[[V]][%[[OFF]]] [1] [1] : tensor<4xi32> to tensor<i32>
// CHECK:       %[[SUM:.*]] = linalg.generic
// CHECK-SAME:    ins(%[[CUR]], %[[U]] : tensor<i32>, tensor<i32>)
// CHECK:         arith.addi
// CHECK:       tensor.insert_slice %[[SUM]] into %[[V]][%[[OFF]]] [1] [1] : tensor<i32> into tensor<4xi32>
func.func @inc_subtensor_dynamic_int(%m: tensor<4xi32>, %i: tensor<i64>, %u: tensor<i32>) -> tensor<4xi32> {
  %0 = theta.inc_subtensor %m[%i : tensor<i64>] sizes [1] steps [1] drop [0], %u : (tensor<4xi32>, tensor<i32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// take along axis 0: one reduction finds the smallest and largest index,
// and the runtime is told if either is out of range; then each result element
// reads its index (wrapped, and clamped to [0, 999] so that nothing is read
// out of bounds) and extracts the row element.
// CHECK-LABEL: func.func @take
// CHECK-SAME:    (%[[X:[a-z0-9_]+]]: tensor<1000x784xf32>{{.*}}, %[[IDS:[a-z0-9_]+]]: tensor<8xi64>{{.*}})
// CHECK:       %[[EXT:.*]]:2 = linalg.generic {{.*}}iterator_types = ["reduction"]{{.*}}ins(%[[IDS]] : tensor<8xi64>)
// CHECK:         arith.minsi
// CHECK:         arith.maxsi
// CHECK:       %[[LOW:.*]] = tensor.extract %[[EXT]]#0
// CHECK:       %[[HIGH:.*]] = tensor.extract %[[EXT]]#1
// CHECK:       scf.if
// CHECK:         func.call @theta_index_error
// CHECK:       linalg.generic
// CHECK-SAME:    indexing_maps = [affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>]
// CHECK-SAME:    ins(%[[IDS]] : tensor<8xi64>) outs(%{{.*}} : tensor<8x784xf32>)
// CHECK-NEXT:  ^bb0(%[[ID:.*]]: i64, %{{.*}}: f32):
// CHECK-NEXT:    %[[I:.*]] = arith.index_cast %[[ID]] : i64 to index
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[DIM:.*]] = arith.constant 1000 : index
// CHECK:         %[[NEG:.*]] = arith.cmpi slt, %[[I]], %[[C0]] : index
// CHECK:         %[[ADD:.*]] = arith.addi %[[I]], %[[DIM]] : index
// CHECK:         %[[W:.*]] = arith.select %[[NEG]], %[[ADD]], %[[I]] : index
// CHECK:         %[[LAST:.*]] = arith.constant 999 : index
// CHECK:         %[[LO:.*]] = arith.maxsi %[[W]], %[[C0]] : index
// CHECK:         %[[ROW:.*]] = arith.minsi %[[LO]], %[[LAST]] : index
// CHECK:         %[[COL:.*]] = linalg.index 1 : index
// CHECK:         %[[E:.*]] = tensor.extract %[[X]][%[[ROW]], %[[COL]]] : tensor<1000x784xf32>
// CHECK:         linalg.yield %[[E]] : f32
func.func @take(%X: tensor<1000x784xf32>, %ids: tensor<8xi64>) -> tensor<8x784xf32> {
  %t = theta.take %X, %ids axis 0 : (tensor<1000x784xf32>, tensor<8xi64>) -> tensor<8x784xf32>
  return %t : tensor<8x784xf32>
}

// -----

// take along axis 1 with 2-D indices: result 4x2x5x3 reads the indices at
// (d1, d2) and the input at (d0, index, d3).
// CHECK-LABEL: func.func @take_axis1
// CHECK-SAME:    (%[[X:[a-z0-9_]+]]: tensor<4x10x3xf32>{{.*}}, %[[IDS:[a-z0-9_]+]]: tensor<2x5xi32>{{.*}})
// CHECK:       linalg.generic {{.*}}iterator_types = ["reduction", "reduction"]{{.*}}ins(%[[IDS]] : tensor<2x5xi32>)
// CHECK:       func.call @theta_index_error
// CHECK:       linalg.generic
// CHECK-SAME:    indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>]
// CHECK-SAME:    ins(%[[IDS]] : tensor<2x5xi32>) outs(%{{.*}} : tensor<4x2x5x3xf32>)
// CHECK:         arith.constant 9 : index
// CHECK:         %[[ROW:.*]] = arith.minsi
// CHECK:         %[[D0:.*]] = linalg.index 0 : index
// CHECK:         %[[D3:.*]] = linalg.index 3 : index
// CHECK:         tensor.extract %[[X]][%[[D0]], %[[ROW]], %[[D3]]] : tensor<4x10x3xf32>
func.func @take_axis1(%X: tensor<4x10x3xf32>, %ids: tensor<2x5xi32>) -> tensor<4x2x5x3xf32> {
  %t = theta.take %X, %ids axis 1 : (tensor<4x10x3xf32>, tensor<2x5xi32>) -> tensor<4x2x5x3xf32>
  return %t : tensor<4x2x5x3xf32>
}

// -----

// alloc broadcasts its value (a row, a column, a scalar); zeros, ones and fill
// are linalg.fill.
// CHECK-LABEL: func.func @creation
// CHECK-SAME:    (%[[ROW:[a-z0-9_]+]]: tensor<3xf32>{{.*}}, %[[COL:[a-z0-9_]+]]: tensor<2x1xf32>{{.*}}, %[[K:[a-z0-9_]+]]: tensor<f32>{{.*}}, %[[X:[a-z0-9_]+]]: tensor<4x3xf32>{{.*}}, %[[S:[a-z0-9_]+]]: tensor<f64>{{.*}})
// CHECK:       linalg.generic
// CHECK-SAME:    indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>]
// CHECK-SAME:    ins(%[[ROW]] : tensor<3xf32>) outs(%{{.*}} : tensor<2x3xf32>)
// CHECK:       linalg.generic
// CHECK-SAME:    indexing_maps = [affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (d0, d1)>]
// CHECK-SAME:    ins(%[[COL]] : tensor<2x1xf32>) outs(%{{.*}} : tensor<2x3xf32>)
// CHECK:       linalg.generic
// CHECK-SAME:    indexing_maps = [affine_map<(d0, d1) -> ()>, affine_map<(d0, d1) -> (d0, d1)>]
// CHECK-SAME:    ins(%[[K]] : tensor<f32>) outs(%{{.*}} : tensor<2x3xf32>)
// CHECK:       %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:       linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<2x3xf32>)
// CHECK:       %[[ONE:.*]] = arith.constant 1 : i64
// CHECK:       linalg.fill ins(%[[ONE]] : i64) outs(%{{.*}} : tensor<4xi64>)
// CHECK:       %[[V:.*]] = tensor.extract %[[S]][] : tensor<f64>
// CHECK:       linalg.fill ins(%[[V]] : f64) outs(%{{.*}} : tensor<4x3xf64>)
func.func @creation(%row: tensor<3xf32>, %col: tensor<2x1xf32>, %k: tensor<f32>, %x: tensor<4x3xf32>, %s: tensor<f64>)
    -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<4xi64>, tensor<4x3xf64>) {
  %a = theta.alloc %row [2, 3] : tensor<3xf32> -> tensor<2x3xf32>
  %b = theta.alloc %col [2, 3] : tensor<2x1xf32> -> tensor<2x3xf32>
  %c = theta.alloc %k [2, 3] : tensor<f32> -> tensor<2x3xf32>
  %z = theta.zeros [2, 3] : f32 -> tensor<2x3xf32>
  %o = theta.ones [4] : i64 -> tensor<4xi64>
  %f = theta.fill %x, %s : (tensor<4x3xf32>, tensor<f64>) -> tensor<4x3xf64>
  return %a, %b, %c, %z, %o, %f : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<4xi64>, tensor<4x3xf64>
}

// -----

// A static shape is a constant.
// CHECK-LABEL: func.func @shape
// CHECK-NEXT:    %[[C:.*]] = arith.constant dense<[4, 3]> : tensor<2xi64>
// CHECK-NEXT:    return %[[C]] : tensor<2xi64>
func.func @shape(%x: tensor<4x3xf32>) -> tensor<2xi64> {
  %s = theta.shape %x : tensor<4x3xf32> -> tensor<2xi64>
  return %s : tensor<2xi64>
}

// -----

// A Python slice becomes the clipped static extract_slice; an empty one reads nothing.
// CHECK-LABEL: func.func @python_slice
//       CHECK:   tensor.extract_slice %arg0[1] [3] [1] : tensor<5xf32> to tensor<3xf32>
//       CHECK:   tensor.empty() : tensor<0xf32>
func.func @python_slice(%v: tensor<5xf32>) -> (tensor<3xf32>, tensor<0xf32>) {
  %a = theta.subtensor %v [1] sizes [-1] steps [1] stops [-1] : tensor<5xf32> -> tensor<3xf32>
  %b = theta.subtensor %v [7] sizes [-1] steps [1] stops [100] : tensor<5xf32> -> tensor<0xf32>
  return %a, %b : tensor<3xf32>, tensor<0xf32>
}
