//===- DifferentiableOpInterface.td - Theano's Op.grad -------*- tablegen -*-===//
//
// Each differentiable theta op builds the gradients of its operands from the
// gradients of its results; --theta-autodiff only walks the graph.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_DIFFERENTIABLE_OP_INTERFACE_TD
#define THETA_DIFFERENTIABLE_OP_INTERFACE_TD

include "mlir/IR/OpBase.td"

def Theta_DifferentiableOpInterface : OpInterface<"DifferentiableOpInterface"> {
  let cppNamespace = "::theta";
  let description = [{
    An op through which gradients flow (Theano's `Op.grad`). Given the
    gradient of the cost with respect to each result, the op builds, with
    ordinary theta ops, the gradient with respect to each operand. A gradient
    has exactly its operand's type: broadcasting in the forward op is undone
    by summing over the broadcast dimensions.

    Only floating-point values carry gradients. An op that is not
    differentiable in a floating-point operand (floor, sign) returns a null
    value there, which the autodiff pass reads as a zero gradient that is
    still connected. Ops without this interface (comparisons, argmax, shape,
    stop_gradient) disconnect their operands from the cost.
  }];
  let methods = [
    InterfaceMethod<[{
        Appends to `operandGrads` one value per operand: its gradient, or null
        for a zero gradient. `resultGrads` has one value per result (null when
        the cost does not depend on that result). New ops are built with
        `builder` at its insertion point; on failure an error has been emitted.
      }],
      "::llvm::LogicalResult", "buildGradients",
      (ins "::mlir::OpBuilder &":$builder,
           "::llvm::ArrayRef<::mlir::Value>":$resultGrads,
           "::llvm::SmallVectorImpl<::mlir::Value> &":$operandGrads)>,
  ];
}

#endif // THETA_DIFFERENTIABLE_OP_INTERFACE_TD
