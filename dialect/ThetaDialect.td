//===- ThetaDialect.td - the theta dialect --------------------*- tablegen -*-===//
//
// Theta's user-level dialect: Theano's tensor operations on builtin ranked
// tensors. One theta func is one user graph; autodiff and lowering are passes.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_DIALECT_TD
#define THETA_DIALECT_TD

include "mlir/IR/OpBase.td"

def Theta_Dialect : Dialect {
  let name = "theta";
  let cppNamespace = "::theta";
  let summary = "Symbolic tensor graphs in the style of Theano";
  let description = [{
    The theta dialect holds a user's symbolic tensor graph: elementwise math
    with broadcasting, products and reductions, shape manipulation, indexing,
    `theta.grad` (expanded by `--theta-autodiff`) and `theta.print`.

    Values are builtin ranked tensors of f16, f32, f64, i8, ui8, i16, i32, i64
    or i1; a scalar is a
    rank-0 tensor. Dimensions may be dynamic (`?`); the runtime specializes a
    function to concrete shapes before lowering. Operands of elementwise ops
    have equal rank and broadcast along dimensions of static size 1 (rank
    alignment, Theano's left-padding, is done by the C++ API).
  }];
  let hasConstantMaterializer = 1;
}

class Theta_Op<string mnemonic, list<Trait> traits = []>
    : Op<Theta_Dialect, mnemonic, traits>;

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

// float16 and the narrow integers are storage types with the same ops;
// float16 arithmetic is carried out in float32 where the CPU has none. ui8
// (uint8, images) is the one unsigned type: --theta-signless-integers turns
// it into i8 with unsigned arithmetic where it matters, before lowering.
def Theta_Tensor : RankedTensorOf<[F16, F32, F64, I8, UI8, I16, I32, I64, I1]>;
def Theta_NumericTensor : RankedTensorOf<[F16, F32, F64, I8, UI8, I16, I32, I64]>;
def Theta_FloatTensor : RankedTensorOf<[F16, F32, F64]>;
def Theta_BoolTensor : RankedTensorOf<[I1]>;
def Theta_IntTensor : RankedTensorOf<[I8, UI8, I16, I32, I64]>;
def Theta_IntScalar : TensorRankOf<[I8, UI8, I16, I32, I64], [0]>;
def Theta_ElementType : TypeAttrOf<AnyTypeOf<[F16, F32, F64, I8, UI8, I16, I32, I64, I1]>>;

#endif // THETA_DIALECT_TD
