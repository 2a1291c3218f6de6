//===- ElementwiseOpInterface.td - ops computed element by element --------===//
#ifndef THETA_ELEMENTWISE_OP_INTERFACE_TD
#define THETA_ELEMENTWISE_OP_INTERFACE_TD

include "mlir/IR/OpBase.td"

def Theta_ElementwiseOpInterface : OpInterface<"ElementwiseOpInterface"> {
  let cppNamespace = "::theta";
  let description = [{
    An op computed element by element, its operands broadcasting together
    (sizes of 1 stretch). The linalg lowering turns every such op into one
    linalg.generic whose body is `buildScalar`, and the graph printers and
    the fusion of elementwise chains recognise it by this interface: a new
    elementwise op needs no lowering code of its own, only its scalar body
    (see docs/adding-an-op.md).
  }];
  let methods = [
    InterfaceMethod<[{
        Builds, with arith/math ops at `builder`'s insertion point, the
        result for one element from `args` (one scalar per operand, of the
        operands' element types) and returns it.
      }],
      "::mlir::Value", "buildScalar",
      (ins "::mlir::OpBuilder &":$builder, "::mlir::Location":$loc,
           "::mlir::ValueRange":$args)>,
  ];
}

#endif // THETA_ELEMENTWISE_OP_INTERFACE_TD
