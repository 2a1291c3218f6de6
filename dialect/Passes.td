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

def ThetaAutodiff : Pass<"theta-autodiff", "mlir::func::FuncOp"> {
  let summary = "Expand theta.grad and theta.jacobian by reverse-mode accumulation";
  let description = [{
    Replaces every `theta.grad` in the function by ordinary theta ops, in
    program order, so an inner gradient is expanded before a gradient that
    differentiates it (Hessians, gradient penalties). Each op on the path from
    a `wrt` to the cost builds its operands' gradients through
    DifferentiableOpInterface; contributions along several paths are summed,
    broadcasting is undone, and every gradient has exactly its `wrt`'s type.
    A `wrt` the cost does not depend on is an error unless the op says
    `disconnected = "zero"`. `theta.jacobian` becomes one sweep per element of
    its expression. Finally `theta.stop_gradient` ops are replaced by their
    inputs.
  }];
  let dependentDialects = ["::theta::ThetaDialect", "::mlir::tensor::TensorDialect"];
}

def ThetaBatchStepProducts : Pass<"theta-batch-step-products", "mlir::func::FuncOp"> {
  let summary = "Multiply every step's input slice by a loop-invariant weight before a scan";
  let description = [{
    In a `theta.scan` body, a `theta.dot` of a sequence's slice (a vector or
    a matrix) by a non-sequence matrix (an RNN's `dot(x_t, W_x)`) is the
    same product at every step with a different slice. The pass computes it
    for all steps at once before the scan — the sequence reshaped to rows,
    one matrix product, reshaped back to `[T, ...]` — and hands it to the
    body as a new sequence whose slice replaces the dot. Run before
    `--theta-autodiff`, the backward pass then gets one large product for
    the weight's gradient instead of one per step (cuDNN's RNNs batch the
    input projection the same way). Needs static shapes.
  }];
  let dependentDialects = ["::theta::ThetaDialect"];
}

def ThetaStabilize : Pass<"theta-stabilize", "mlir::func::FuncOp"> {
  let summary = "Rewrite logs of sigmoids and softmaxes into forms that cannot overflow";
  let description = [{
    Theano's stabilization rewrites, run before autodiff so that gradients
    are built from the stable forms too:
      - `log(sigmoid(z))` becomes `-softplus(-z)`;
      - `log(1 - sigmoid(z))` becomes `-softplus(z)`;
      - `log(exp(a) / b)` becomes `a - log(b)` (log-softmax from softmax).
    Without them a saturated sigmoid or an underflowed softmax gives
    `log(0) = -inf`, and `0 * -inf` turns a cross-entropy and its gradient
    into NaN.
  }];
  let dependentDialects = ["::theta::ThetaDialect"];
}

def ThetaNanGuard : Pass<"theta-nan-guard", "mlir::func::FuncOp"> {
  let summary = "Check every floating-point value for NaN, infinities and huge values";
  let description = [{
    Theano's NanGuardMode: after every op with a floating-point tensor result
    (and for every floating-point argument) inserts a `theta.check_values`
    naming the op and its `file:line`, inside scan bodies too. Checking each
    op's own result names the op that produced a NaN, not one of the ops a
    fused kernel would later combine it with; the checked values are
    materialized, so the mode is slower, by design.
  }];
  let options = [
    Option<"nan", "nan", "bool", /*default=*/"true", "Raise on NaN">,
    Option<"inf", "inf", "bool", /*default=*/"true", "Raise on +-infinity">,
    Option<"big", "big", "bool", /*default=*/"true", "Raise on values of magnitude > 1e10">,
  ];
  let dependentDialects = ["::theta::ThetaDialect"];
}

def ThetaExpandGroups : Pass<"theta-expand-groups", "mlir::func::FuncOp"> {
  let summary = "Rewrite grouped convolutions into one convolution per group";
  let description = [{
    A `theta.conv2d`, `theta.conv2d_grad_input` or `theta.conv2d_grad_filters`
    with `groups = G > 1` and static channel counts becomes G ungrouped ops on
    channel slices (`theta.subtensor`) joined by `theta.concatenate`, so the
    library calls and loop lowerings only ever see ungrouped convolutions. A
    grouped op whose channel counts are still unknown is an error.
  }];
  let dependentDialects = ["::theta::ThetaDialect"];
}

def ThetaLazyBranches : Pass<"theta-lazy-branches", "mlir::func::FuncOp"> {
  let summary = "Make theta.ifelse lazy: an scf.if computing each branch's own ops";
  let description = [{
    Replaces every `theta.ifelse` by an `scf.if` on its condition and moves
    into each branch the side-effect-free ops whose results only that
    branch uses (transitively), so a call computes the taken branch only.
    Ops both branches, or anything else, use stay before the `scf.if`.
  }];
  let dependentDialects = ["::theta::ThetaDialect", "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect"];
}

def ThetaSignlessIntegers : Pass<"theta-signless-integers", "mlir::func::FuncOp"> {
  let summary = "Hold uint8 (ui8) tensors as i8, with unsigned arithmetic where it matters";
  let description = [{
    linalg, arith and the LLVM lowering take signless integers only. This
    pass rewrites every `ui8` tensor of the function (arguments, results,
    op results, scan bodies, dtype attributes, constants) as `i8`, which has
    the same bits. Sums, differences, products, negation, equality, sum and
    product reductions, matrix products, selects and every move or copy
    give the same bits either way and are only retyped. Any other use of a
    uint8 value — order (comparisons, max/min, argmax, argsort), division,
    abs/sign, an index, a size or a step count — gets it zero-extended to
    `i16` by a `theta.cast {unsigned_input}` first; the op computes on i16
    and a uint8 result is cast back (`unsigned_result`), which keeps its
    value. Casts from and to uint8 get the same flags, so they zero-extend
    or convert unsigned to and from floats. Runs last in the theta half.
  }];
  let dependentDialects = ["::theta::ThetaDialect"];
}

#endif // THETA_PASSES_TD
