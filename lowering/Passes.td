//===- Passes.td - theta lowering passes ----------------------*- tablegen -*-===//
#ifndef THETA_LOWERING_PASSES_TD
#define THETA_LOWERING_PASSES_TD

include "mlir/Pass/PassBase.td"

def ThetaToLinalg : Pass<"theta-to-linalg", "mlir::func::FuncOp"> {
  let summary = "Lower theta ops on static shapes to linalg, tensor, arith and math";
  let description = [{
    Elementwise ops (with broadcasting) and reductions become
    `linalg.generic`, so that `linalg-fuse-elementwise-ops` can fuse a chain
    into one loop nest; `dot` becomes `linalg.dot/matvec/vecmat/matmul/
    batch_matmul`; reshape, flatten and keepdims become
    `tensor.collapse_shape/expand_shape`; subtensor and its updates become
    `tensor.extract_slice/insert_slice` (dynamic starts wrap when negative and
    are clamped into range); take becomes a gather generic and index_add a
    scatter loop nest (scf.for over tensors); stop_gradient disappears.

    Tensor arguments are marked `bufferization.writable = false`: theta
    functions have value semantics and never write the caller's buffers.

    Shapes must be static (the runtime specializes them, see
    `--theta-refine-types`) and `theta.grad` must have been expanded.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::bufferization::BufferizationDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::math::MathDialect", "::mlir::scf::SCFDialect", "::mlir::tensor::TensorDialect"
  ];
}

def ThetaMathApproximation : Pass<"theta-math-approximation", "mlir::func::FuncOp"> {
  let summary = "Replace f32 exp/log/tanh/... by polynomial approximations";
  let description = [{
    Rewrites f32 transcendental math ops into arithmetic polynomial
    approximations (upstream's MathPolynomialApproximation patterns), so that
    loops containing them vectorize instead of calling libm per element.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
    "::mlir::vector::VectorDialect"
  ];
}

#endif // THETA_LOWERING_PASSES_TD
