//===- Passes.td - theta passes -------------------------------*- tablegen -*-===//
#ifndef THETA_PASSES_TD
#define THETA_PASSES_TD

include "mlir/Pass/PassBase.td"

def ThetaRefineTypes : Pass<"theta-refine-types", "mlir::func::FuncOp"> {
  let summary = "Re-infer every theta result type from the function's argument types";
  let description = [{
    After the argument types of a theta function change (the runtime
    specializes `tensor<?xf32>` to `tensor<1024xf32>` at call time), this pass
    walks the body in order, recomputes each theta op's result type with its
    type inference, and updates the function's result types to match. A graph
    whose shapes do not fit together is reported at the op that breaks.
  }];
  let dependentDialects = ["::theta::ThetaDialect"];
}

#endif // THETA_PASSES_TD
