//===- ScanOps.td - loops over time (Theano's scan) -----------*- tablegen -*-===//
//
// theta.scan applies its body once per step, threading recurrent state and
// collecting every step's outputs along a new leading (time) axis. It is
// differentiable (backpropagation through time is another, reversed scan,
// see ScanGradient.cpp) and lowers to an scf loop writing each step's
// values in place into preallocated histories (lowering/ScanLowering.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef THETA_SCAN_OPS_TD
#define THETA_SCAN_OPS_TD

include "mlir/Interfaces/ControlFlowInterfaces.td"

def Theta_ScanOp : Theta_Op<"scan", [AttrSizedOperandSegments, IsolatedFromAbove,
    RecursiveMemoryEffects, SingleBlock, Theta_InferType, Theta_Differentiable]> {
  let summary = "a loop over time with recurrent state (Theano's scan)";
  let description = [{
    Runs the body once per step `t` and returns, per recurrent state and per
    output, the values of every step stacked along a new leading axis.

    Operands:
    - `sequences`: tensors of rank >= 1 whose leading axis is time; step `t`
      sees `sequence[t]`.
    - `initial`: one tensor per recurrent state, of shape `[K] + state shape`
      where `K = -min(taps)`: `initial[K - k]` is the state's value `k` steps
      before the first step (Theano's `outputs_info`, with a leading axis
      also for the default tap `-1`).
    - `non_sequences`: tensors every step sees unchanged.
    - `n_steps`: optional rank-0 integer; without it the step count is the
      sequences' length. Sequences must be at least `n_steps` long.

    Attributes: `taps`, one list of negative offsets per state, sorted
    ascending without repeats (Theano's `taps`); `reverse` runs the steps
    from last to first (time-aligned: step `t` still reads `sequence[t]` and
    writes result row `t`; reverse states must use the tap `-1` only);
    `until` marks a body whose last yielded value is a rank-0 `i1`
    condition: the loop stops after the first step where it is true (a
    while loop bounded by the step count), and every result's leading size
    is the number of steps run. `truncate_gradient` (Theano's; -1 for
    none) limits backpropagation through time to the last that many steps:
    earlier steps' sequence rows get no gradient, and, as in Theano, the
    initial states get the adjoint of the state before those steps.

    The body's block arguments are, in order: one slice per sequence, the
    tap values of each state (state by state, in `taps` order), then the
    non-sequences. It yields each state's new value, then the outputs
    without feedback (Theano's `None` in `outputs_info`), then the `until`
    condition. Results: per state, its value at every step (`[T] + state
    shape`, the initial values not included), then per output its values at
    every step.

    ```mlir
    %acc = theta.scan sequences(%x : tensor<5xf32>) initial(%zero : tensor<1xf32>)
             non_sequences(%n : tensor<f32>) {taps = [array<i64: -1>]} -> (tensor<5xf32>) {
    ^bb0(%xt: tensor<f32>, %prev: tensor<f32>, %nn: tensor<f32>):
      %p = theta.mul %xt, %nn : (tensor<f32>, tensor<f32>) -> tensor<f32>
      %s = theta.add %prev, %p : (tensor<f32>, tensor<f32>) -> tensor<f32>
      theta.yield %s : tensor<f32>
    }
    ```
  }];
  let arguments = (ins Variadic<Theta_Tensor>:$sequences, Variadic<Theta_Tensor>:$initial,
                       Variadic<Theta_Tensor>:$non_sequences,
                       Optional<Theta_IntScalar>:$n_steps,
                       TypedArrayAttrBase<DenseI64ArrayAttr, "tap lists">:$taps,
                       UnitAttr:$reverse, UnitAttr:$until,
                       DefaultValuedAttr<I64Attr, "-1">:$truncate_gradient);
  let results = (outs Variadic<Theta_Tensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    (`steps` `(` $n_steps^ `:` type($n_steps) `)`)?
    (`sequences` `(` $sequences^ `:` type($sequences) `)`)?
    (`initial` `(` $initial^ `:` type($initial) `)`)?
    (`non_sequences` `(` $non_sequences^ `:` type($non_sequences) `)`)?
    attr-dict-with-keyword `->` `(` type($results) `)` $body
  }];
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    unsigned getNumStates() { return getInitial().size(); }
    /// Outputs without feedback.
    unsigned getNumOutputs() { return getNumResults() - getNumStates(); }
    /// Taps of state `state` (negative, ascending).
    ::llvm::ArrayRef<int64_t> getTapsOf(unsigned state) {
      return ::llvm::cast<::mlir::DenseI64ArrayAttr>(getTaps()[state]).asArrayRef();
    }
    /// Steps of history a state keeps before the current one (-min(taps)).
    int64_t getDepthOf(unsigned state) { return -getTapsOf(state).front(); }
    ::mlir::Block &getBodyBlock() { return getBody().front(); }
    /// The body's terminator.
    ::mlir::Operation *getYield() { return getBodyBlock().getTerminator(); }
    /// Block arguments of the sequence slices, the state taps and the
    /// non-sequences.
    ::mlir::Block::BlockArgListType getSequenceArguments();
    ::mlir::Block::BlockArgListType getTapArguments();
    ::mlir::Block::BlockArgListType getNonSequenceArguments();
    /// The body's argument types that the operands imply.
    ::llvm::SmallVector<::mlir::Type> getBodyArgumentTypes();
    /// The tap arguments of state `state`.
    ::mlir::Block::BlockArgListType getTapArgumentsOf(unsigned state);
  }];
}

def Theta_YieldOp : Theta_Op<"yield", [Pure, ReturnLike, Terminator, HasParent<"ScanOp">]> {
  let summary = "the values a scan step produces";
  let description = [{
    Terminates a `theta.scan` body: the new value of each recurrent state,
    then each output without feedback, then (for an `until` scan) the
    rank-0 `i1` stop condition.

    ```mlir
    theta.yield %h, %y : tensor<4xf32>, tensor<f32>
    ```
  }];
  let arguments = (ins Variadic<Theta_Tensor>:$values);
  let assemblyFormat = "attr-dict ($values^ `:` type($values))?";
}

#endif // THETA_SCAN_OPS_TD
