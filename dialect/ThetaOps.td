//===- ThetaOps.td - theta operations -------------------------*- tablegen -*-===//
//
// Every op infers its result type from its operands and attributes
// (InferTypeOpAdaptor); the inference doubles as the verifier, so a bad graph is
// reported with the op, the operand types and the reason.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_OPS_TD
#define THETA_OPS_TD

include "dialect/ThetaDialect.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "dialect/DifferentiableOpInterface.td"
include "dialect/ElementwiseOpInterface.td"

// Ops through which gradients flow build them themselves (Gradients.cpp).
def Theta_Differentiable : DeclareOpInterfaceMethods<Theta_DifferentiableOpInterface>;

// Elementwise ops lower through their scalar body (ElementwiseOpInterface).
def Theta_Elementwise : DeclareOpInterfaceMethods<Theta_ElementwiseOpInterface>;

// The definition of buildScalar from an op's `scalar` code (which sees the
// builder `b`, the location `loc` and one scalar per operand in `args`),
// or nothing when the op defines it in ScalarMath.cpp.
class Theta_ScalarDefinition<code scalar> {
  code definition = !if(!empty(scalar), "", [{
    ::mlir::Value $cppClass::buildScalar(::mlir::OpBuilder &b, ::mlir::Location loc,
                                        ::mlir::ValueRange args) {
      (void)loc;
  }] # scalar # [{
    }
  }]);
}

// Type inference whose result may be declared less precisely than inferred
// (a `?` where the inference knows the size): IR written before shapes are
// known stays valid, and --theta-refine-types makes it precise.
def Theta_InferType : InferTypeOpAdaptorBase<[{
  static bool isCompatibleReturnTypes(::mlir::TypeRange declared,
                                      ::mlir::TypeRange inferred) {
    return ::theta::areCompatibleTypes(declared, inferred);
  }
}]>;

//===----------------------------------------------------------------------===//
// Constant
//===----------------------------------------------------------------------===//

def Theta_ConstantOp : Theta_Op<"constant",
    [ConstantLike, Pure, Theta_InferType]> {
  let summary = "a constant tensor";
  let description = [{
    A dense constant, e.g. the `1.5` in `sigmoid(a*x + 1.5)` or a literal
    array. The result type is the attribute's type.

    ```mlir
    %c = theta.constant dense<1.5> : tensor<f32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Theta_Tensor:$result);
  let assemblyFormat = "$value attr-dict";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise binary ops (broadcasting between operands of equal rank)
//===----------------------------------------------------------------------===//

class Theta_BinaryOp<string mnemonic, Type operandType, string what,
                     list<Trait> traits = [], bit predicate = 0, code scalar = "">
    : Theta_Op<mnemonic, !listconcat(traits, [Pure, Theta_InferType, Theta_Elementwise])> {
  let summary = "elementwise " # what;
  let description = [{
    Elementwise }] # what # [{ of two tensors with the same element type and
    the same rank. A dimension of static size 1 in one operand broadcasts
    against the other operand's size in that dimension; any other pair of
    static sizes must be equal.

    ```mlir
    %r = theta.}] # mnemonic # [{ %a, %b : (tensor<4x1xf32>, tensor<1x3xf32>) -> tensor<4x3xf32>
    ```
  }];
  let arguments = (ins operandType:$lhs, operandType:$rhs);
  let results = (outs Theta_Tensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(::mlir::MLIRContext *context,
        ::std::optional<::mlir::Location> loc, Adaptor adaptor,
        ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return ::theta::inferElementwise(context, loc, getOperationName(), adaptor.getOperands(),
                                       /*predicate=*/}] # !if(predicate, "true", "false") # [{,
                                       inferred);
    }
  }] # Theta_ScalarDefinition<scalar>.definition;
}

def Theta_AddOp : Theta_BinaryOp<"add", Theta_NumericTensor, "sum", [Commutative, Theta_Differentiable]> {
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}
def Theta_SubOp : Theta_BinaryOp<"sub", Theta_NumericTensor, "difference", [Theta_Differentiable]> {
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}
def Theta_MulOp : Theta_BinaryOp<"mul", Theta_NumericTensor, "product", [Commutative, Theta_Differentiable]> {
  let hasFolder = 1;
}
def Theta_DivOp : Theta_BinaryOp<"div", Theta_NumericTensor,
    "quotient (truncating for integers)", [Theta_Differentiable]> {
  let hasFolder = 1;
}
def Theta_PowOp : Theta_BinaryOp<"pow", Theta_FloatTensor, "power `lhs ** rhs`", [Theta_Differentiable]> {
  let hasFolder = 1;
}
def Theta_MaximumOp : Theta_BinaryOp<"maximum", Theta_NumericTensor, "maximum", [Commutative, Theta_Differentiable]>;
def Theta_MinimumOp : Theta_BinaryOp<"minimum", Theta_NumericTensor, "minimum", [Commutative, Theta_Differentiable]>;

// Comparisons produce i1 tensors.
def Theta_GtOp : Theta_BinaryOp<"gt", Theta_NumericTensor, "comparison `lhs > rhs` (i1 result)", [], 1>;
def Theta_GeOp : Theta_BinaryOp<"ge", Theta_NumericTensor, "comparison `lhs >= rhs` (i1 result)", [], 1>;
def Theta_LtOp : Theta_BinaryOp<"lt", Theta_NumericTensor, "comparison `lhs < rhs` (i1 result)", [], 1>;
def Theta_LeOp : Theta_BinaryOp<"le", Theta_NumericTensor, "comparison `lhs <= rhs` (i1 result)", [], 1>;
def Theta_EqOp : Theta_BinaryOp<"eq", Theta_Tensor, "comparison `lhs == rhs` (i1 result)", [Commutative], 1>;
def Theta_NeOp : Theta_BinaryOp<"ne", Theta_Tensor, "comparison `lhs != rhs` (i1 result)", [Commutative], 1>;

// Logic on i1 tensors.
def Theta_AndOp : Theta_BinaryOp<"and", Theta_BoolTensor, "logical and", [Commutative]>;
def Theta_OrOp : Theta_BinaryOp<"or", Theta_BoolTensor, "logical or", [Commutative]>;

def Theta_SelectOp : Theta_Op<"select", [Pure, Theta_InferType, Theta_Differentiable,
                                          Theta_Elementwise]> {
  let summary = "elementwise choice between two tensors (Theano's switch)";
  let description = [{
    `select(cond, a, b)` takes `a` where `cond` is true and `b` elsewhere.
    The three operands have equal rank and broadcast together; `a` and `b`
    have the same element type, `cond` is i1.

    ```mlir
    %r = theta.select %c, %a, %b : (tensor<3xi1>, tensor<3xf32>, tensor<1xf32>) -> tensor<3xf32>
    ```
  }];
  let arguments = (ins Theta_BoolTensor:$condition, Theta_Tensor:$true_value,
                       Theta_Tensor:$false_value);
  let results = (outs Theta_Tensor:$result);
  let assemblyFormat = [{
    $condition `,` $true_value `,` $false_value attr-dict `:` functional-type(operands, results)
  }];
  let hasFolder = 1;
}

def Theta_IfElseOp : Theta_Op<"ifelse", [Pure, Theta_InferType, Theta_Differentiable,
                                          AttrSizedOperandSegments]> {
  let summary = "one of two lists of values, chosen by a scalar (Theano's lazy ifelse)";
  let description = [{
    `ifelse(cond, then, else)` returns the `then_values` when the rank-0
    `condition` is true and the `else_values` otherwise; the two lists have
    the same length, and paired values the same element type and rank (and
    shape once the call's shapes are known). Unlike `theta.select` it is
    lazy: `--theta-lazy-branches` moves the ops only one branch needs into
    the branches of an `scf.if`, so only the taken branch is computed.

    ```mlir
    %r = theta.ifelse %c then(%a : tensor<3xf32>) else(%b : tensor<3xf32>)
           : tensor<i1> -> tensor<3xf32>
    ```
  }];
  let arguments = (ins Theta_BoolTensor:$condition, Variadic<Theta_Tensor>:$then_values,
                       Variadic<Theta_Tensor>:$else_values);
  let results = (outs Variadic<Theta_Tensor>:$results);
  let assemblyFormat = [{
    $condition `then` `(` $then_values `:` type($then_values) `)`
    `else` `(` $else_values `:` type($else_values) `)` attr-dict `:` type($condition) `->`
    type($results)
  }];
}

def Theta_ArgsortOp : Theta_Op<"argsort", [Pure, Theta_InferType]> {
  let summary = "indices that sort each row along the last axis";
  let description = [{
    For a tensor of rank >= 1, the int64 indices that sort every row along
    the last axis in ascending order, as `numpy.argsort(x, kind="stable")`:
    equal values keep their order and NaNs go last. The API builds `sort`
    and `argsort` along any axis from it (moving the axis last), and sort's
    gradient from the gather it becomes. Not differentiable: indices are
    integers. Lowered to a call of the runtime's `theta_argsort`.

    ```mlir
    %i = theta.argsort %x : (tensor<4x5xf32>) -> tensor<4x5xi64>
    ```
  }];
  let arguments = (ins Theta_NumericTensor:$input);
  let results = (outs Theta_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Elementwise unary ops
//===----------------------------------------------------------------------===//

class Theta_UnaryOp<string mnemonic, Type operandType, string what,
                    list<Trait> traits = [], code scalar = "">
    : Theta_Op<mnemonic, !listconcat(traits, [Pure, Theta_InferType, Theta_Elementwise])> {
  let summary = "elementwise " # what;
  let description = [{
    Elementwise }] # what # [{; the result has the operand's type.

    ```mlir
    %r = theta.}] # mnemonic # [{ %x : (tensor<3xf32>) -> tensor<3xf32>
    ```
  }];
  let arguments = (ins operandType:$input);
  let results = (outs Theta_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(::mlir::MLIRContext *context,
        ::std::optional<::mlir::Location> loc, Adaptor adaptor,
        ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return ::theta::inferElementwise(context, loc, getOperationName(), adaptor.getOperands(),
                                       /*predicate=*/false, inferred);
    }
  }] # Theta_ScalarDefinition<scalar>.definition;
}

// A float op whose scalar body is one math dialect op, e.g. math::SinOp;
// its gradient is in Gradients.cpp.
class Theta_MathUnaryOp<string mnemonic, string mathOp, string what>
    : Theta_UnaryOp<mnemonic, Theta_FloatTensor, what, [Theta_Differentiable],
                    "return ::mlir::math::" # mathOp # "::create(b, loc, args[0]);">;

// A test of each element (i1 result), not differentiable.
class Theta_PredicateUnaryOp<string mnemonic, string what, code scalar>
    : Theta_Op<mnemonic, [Pure, Theta_InferType, Theta_Elementwise]> {
  let summary = "elementwise test: " # what;
  let description = [{
    Elementwise test: }] # what # [{; an i1 tensor of the operand's shape.

    ```mlir
    %r = theta.}] # mnemonic # [{ %x : (tensor<3xf32>) -> tensor<3xi1>
    ```
  }];
  let arguments = (ins Theta_FloatTensor:$input);
  let results = (outs Theta_BoolTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(::mlir::MLIRContext *context,
        ::std::optional<::mlir::Location> loc, Adaptor adaptor,
        ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return ::theta::inferElementwise(context, loc, getOperationName(), adaptor.getOperands(),
                                       /*predicate=*/true, inferred);
    }
  }] # Theta_ScalarDefinition<scalar>.definition;
}

def Theta_NegOp : Theta_UnaryOp<"neg", Theta_NumericTensor, "negation", [Theta_Differentiable]> {
  let hasFolder = 1;
}
def Theta_AbsOp : Theta_UnaryOp<"abs", Theta_NumericTensor, "absolute value", [Theta_Differentiable]>;
def Theta_SignOp : Theta_UnaryOp<"sign", Theta_NumericTensor, "sign (-1, 0 or 1)", [Theta_Differentiable]>;
def Theta_ExpOp : Theta_MathUnaryOp<"exp", "ExpOp", "exponential">;
def Theta_LogOp : Theta_MathUnaryOp<"log", "LogOp", "natural logarithm">;
def Theta_Log1pOp : Theta_MathUnaryOp<"log1p", "Log1pOp", "`log(1 + x)`, accurate near 0">;
def Theta_SqrtOp : Theta_MathUnaryOp<"sqrt", "SqrtOp", "square root">;
def Theta_TanhOp : Theta_MathUnaryOp<"tanh", "TanhOp", "hyperbolic tangent">;
def Theta_SigmoidOp : Theta_UnaryOp<"sigmoid", Theta_FloatTensor, "logistic sigmoid `1 / (1 + exp(-x))`", [Theta_Differentiable]>;
def Theta_SoftplusOp : Theta_UnaryOp<"softplus", Theta_FloatTensor, "softplus `log(1 + exp(x))`", [Theta_Differentiable]>;
def Theta_FloorOp : Theta_MathUnaryOp<"floor", "FloorOp", "floor">;

// Trigonometric, hyperbolic and special functions (Theano's T.sin ... T.erfinv).
def Theta_SinOp : Theta_MathUnaryOp<"sin", "SinOp", "sine">;
def Theta_CosOp : Theta_MathUnaryOp<"cos", "CosOp", "cosine">;
def Theta_TanOp : Theta_MathUnaryOp<"tan", "TanOp", "tangent">;
def Theta_AsinOp : Theta_MathUnaryOp<"asin", "AsinOp", "arcsine (NaN outside [-1, 1])">;
def Theta_AcosOp : Theta_MathUnaryOp<"acos", "AcosOp", "arccosine (NaN outside [-1, 1])">;
def Theta_AtanOp : Theta_MathUnaryOp<"atan", "AtanOp", "arctangent">;
def Theta_SinhOp : Theta_MathUnaryOp<"sinh", "SinhOp", "hyperbolic sine">;
def Theta_CoshOp : Theta_MathUnaryOp<"cosh", "CoshOp", "hyperbolic cosine">;
def Theta_Expm1Op : Theta_MathUnaryOp<"expm1", "ExpM1Op", "`exp(x) - 1`, accurate near 0">;
def Theta_ErfOp : Theta_MathUnaryOp<"erf", "ErfOp", "error function">;
def Theta_ErfinvOp : Theta_UnaryOp<"erfinv", Theta_FloatTensor,
    "inverse error function (NaN outside [-1, 1], +-inf at +-1)", [Theta_Differentiable],
    "return ::theta::erfinv(b, loc, args[0]);">;
def Theta_IsNanOp : Theta_PredicateUnaryOp<"isnan", "`x` is NaN",
    "return ::theta::isNan(b, loc, args[0]);">;
def Theta_IsInfOp : Theta_PredicateUnaryOp<"isinf", "`x` is +inf or -inf",
    "return ::theta::isInf(b, loc, args[0]);">;
def Theta_NotOp : Theta_UnaryOp<"not", Theta_BoolTensor, "logical negation"> {
  let hasFolder = 1;
}

def Theta_CastOp : Theta_Op<"cast", [Pure, Theta_InferType, Theta_Differentiable,
                                      Theta_Elementwise]> {
  let summary = "elementwise conversion to another element type";
  let description = [{
    Converts every element to `dtype` with C semantics (float to integer
    truncates toward zero; anything to i1 is `!= 0`). The shape is kept.
    `unsigned_input` / `unsigned_result` say that the i8 input or result holds
    uint8 values (set by --theta-signless-integers, which rewrites ui8 as i8):
    the conversion then zero-extends (or converts unsigned to or from float).

    ```mlir
    %r = theta.cast %x : tensor<3xf32> to i32
    %w = theta.cast %b {unsigned_input} : tensor<3xi8> to i16
    ```
  }];
  let arguments = (ins Theta_Tensor:$input, Theta_ElementType:$dtype,
                       UnitAttr:$unsigned_input, UnitAttr:$unsigned_result);
  let results = (outs Theta_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` $dtype";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Products and reductions
//===----------------------------------------------------------------------===//

def Theta_DotOp : Theta_Op<"dot", [Pure, Theta_InferType, Theta_Differentiable]> {
  let summary = "inner, matrix-vector, matrix-matrix or batched product";
  let description = [{
    Theano's `dot` for operands of the same element type:
    vector·vector gives a scalar, matrix·vector and vector·matrix a vector,
    matrix·matrix a matrix, and two rank-3 tensors a batched matrix product
    (`bij,bjk->bik`, the API's `batched_dot`; the API's `dot` of higher
    ranks follows `np.dot` through reshapes to a matrix product). The
    contracted dimensions must agree.

    ```mlir
    %r = theta.dot %a, %b : (tensor<8x4xf32>, tensor<4x2xf32>) -> tensor<8x2xf32>
    ```
  }];
  let arguments = (ins Theta_NumericTensor:$lhs, Theta_NumericTensor:$rhs);
  let results = (outs Theta_NumericTensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}

class Theta_ReductionOp<string mnemonic, Type operandType, string what,
                        list<Trait> traits = []>
    : Theta_Op<mnemonic, !listconcat(traits, [Pure, Theta_InferType])> {
  let summary = what # " over a list of axes";
  let description = [{
    Reduces the input by }] # what # [{ over `axes` (all axes when the list
    is absent; no axis when it is empty). With `keepdims` the reduced axes
    stay as size-1 dimensions. Negative axes count from the end.

    ```mlir
    %r = theta.}] # mnemonic # [{ %x axes [1] keepdims : (tensor<4x3xf32>) -> tensor<4x1xf32>
    ```
  }];
  let arguments = (ins operandType:$input,
                       OptionalAttr<DenseI64ArrayAttr>:$axes,
                       UnitAttr:$keepdims);
  let results = (outs Theta_Tensor:$result);
  let assemblyFormat = [{
    $input (`axes` $axes^)? (`keepdims` $keepdims^)? attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// The normalized (non-negative, sorted) reduced axes.
    ::llvm::SmallVector<int64_t> getReducedAxes();
  }];
  let extraClassDefinition = [{
    ::llvm::SmallVector<int64_t> $cppClass::getReducedAxes() {
      return ::theta::normalizeAxes(getAxes(),
          ::llvm::cast<::mlir::RankedTensorType>(getInput().getType()).getRank());
    }
  }];
  let hasFolder = 1;
}

def Theta_SumOp : Theta_ReductionOp<"sum", Theta_NumericTensor, "sum", [Theta_Differentiable]>;
def Theta_ProdOp : Theta_ReductionOp<"prod", Theta_NumericTensor, "product", [Theta_Differentiable]>;
def Theta_MaxOp : Theta_ReductionOp<"max", Theta_NumericTensor, "maximum", [Theta_Differentiable]>;
def Theta_MinOp : Theta_ReductionOp<"min", Theta_NumericTensor, "minimum", [Theta_Differentiable]>;
def Theta_MeanOp : Theta_ReductionOp<"mean", Theta_FloatTensor, "mean", [Theta_Differentiable]>;
def Theta_ArgmaxOp : Theta_ReductionOp<"argmax", Theta_NumericTensor,
    "index of the maximum (i64; one axis, or all axes of a flattened input)">;

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

def Theta_ReshapeOp : Theta_Op<"reshape", [Pure, Theta_InferType, Theta_Differentiable]> {
  let summary = "reshape to a new shape with the same number of elements";
  let description = [{
    The new shape mixes static sizes, one `-1` (inferred from the element
    count, as in NumPy) and rank-0 integer tensors for sizes known only at run
    time.

    ```mlir
    %r = theta.reshape %x [2, -1] : tensor<6xf32> -> tensor<2x3xf32>
    %s = theta.reshape %x [%n : tensor<i64>, 3] : tensor<?xf32> -> tensor<?x3xf32>
    ```
  }];
  let arguments = (ins Theta_Tensor:$input, Variadic<Theta_IntScalar>:$dynamic_shape,
                       DenseI64ArrayAttr:$static_shape);
  let results = (outs Theta_Tensor:$result);
  let assemblyFormat = [{
    $input custom<ThetaIndexList>($dynamic_shape, $static_shape, type($dynamic_shape))
    attr-dict `:` type($input) `->` type($result)
  }];
  let hasFolder = 1;
}

def Theta_DimShuffleOp : Theta_Op<"dimshuffle", [Pure, Theta_InferType, Theta_Differentiable]> {
  let summary = "permute dimensions, insert and drop broadcastable ones";
  let description = [{
    Theano's `dimshuffle`: the pattern lists, for each result dimension, the
    input dimension it takes or `x` for a new size-1 (broadcastable)
    dimension. Input dimensions left out must have static size 1.

    ```mlir
    %r = theta.dimshuffle %x [1, x, 0] : tensor<4x3xf32> -> tensor<3x1x4xf32>
    ```
  }];
  let arguments = (ins Theta_Tensor:$input, DenseI64ArrayAttr:$pattern);
  let results = (outs Theta_Tensor:$result);
  let assemblyFormat = [{
    $input custom<ShufflePattern>($pattern) attr-dict `:` type($input) `->` type($result)
  }];
  let hasFolder = 1;
}

def Theta_FlattenOp : Theta_Op<"flatten", [Pure, Theta_InferType, Theta_Differentiable]> {
  let summary = "collapse trailing dimensions to reach a given rank";
  let description = [{
    Theano's `flatten(ndim)`: keeps the first `ndim - 1` dimensions and
    collapses the rest into one.

    ```mlir
    %r = theta.flatten %x ndim 2 : tensor<8x3x4x4xf32> -> tensor<8x48xf32>
    ```
  }];
  let arguments = (ins Theta_Tensor:$input, I64Attr:$ndim);
  let results = (outs Theta_Tensor:$result);
  let assemblyFormat = "$input `ndim` $ndim attr-dict `:` type($input) `->` type($result)";
}

def Theta_ConcatenateOp : Theta_Op<"concatenate", [Pure, Theta_InferType, Theta_Differentiable]> {
  let summary = "join tensors along an axis";
  let description = [{
    Joins one or more tensors of the same element type and rank along `axis`;
    all other dimensions must agree.

    ```mlir
    %r = theta.concatenate %a, %b axis 0 : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<6x3xf32>
    ```
  }];
  let arguments = (ins Variadic<Theta_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs Theta_Tensor:$result);
  let assemblyFormat = [{
    $inputs `axis` $axis attr-dict `:` functional-type($inputs, results)
  }];
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Indexing
//===----------------------------------------------------------------------===//

class Theta_IndexingOp<string mnemonic, list<Trait> traits = []>
    : Theta_Op<mnemonic, !listconcat(traits, [Pure, Theta_InferType])> {
  code indexingDeclarations = [{
    /// Result shape of the indexed region (dropped dims removed).
    ::llvm::SmallVector<int64_t> getSliceShape();
  }];
}

def Theta_SubtensorOp : Theta_IndexingOp<"subtensor", [Theta_Differentiable]> {
  let summary = "slice and index a tensor (Theano's X[a:b, i])";
  let description = [{
    For every input dimension: a start (static integer or rank-0 integer
    tensor; negative counts from the end), a size (number of elements taken,
    `-1` for "to the end") and a positive step. Dimensions listed in `drop`
    are integer-indexed: their size is 1 and they are removed from the result.

    `stops`, when given (one entry per dimension), makes a dimension a Python
    slice `[start:stop:step]` of a dimension whose size may be unknown until
    the call: the bounds count from the end when negative and are clipped to
    the dimension, so the slice may be shorter than asked or empty. An entry
    `9223372036854775807` means no stop (to the end, `x[5:]`); `kDynamic`
    (the smallest int64) leaves the dimension to `sizes`. Python dimensions
    have a static start and size `-1`.

    `X[idx:idx+n]` on a matrix is:
    ```mlir
    %r = theta.subtensor %X[%idx : tensor<i64>, 0] sizes [16, -1] steps [1, 1]
           : tensor<1000x784xf32> -> tensor<16x784xf32>
    ```
    and `X[2]` adds `drop [0]` with size 1.
  }];
  let arguments = (ins Theta_Tensor:$input, Variadic<Theta_IntScalar>:$dynamic_starts,
                       DenseI64ArrayAttr:$static_starts,
                       DenseI64ArrayAttr:$sizes, DenseI64ArrayAttr:$steps,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{}">:$drop,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{}">:$stops);
  let results = (outs Theta_Tensor:$result);
  let assemblyFormat = [{
    $input custom<ThetaIndexList>($dynamic_starts, $static_starts, type($dynamic_starts))
    `sizes` $sizes `steps` $steps (`drop` $drop^)? (`stops` $stops^)?
    attr-dict `:` type($input) `->` type($result)
  }];
  let extraClassDeclaration = indexingDeclarations;
}

class Theta_SubtensorUpdateOp<string mnemonic, string what>
    : Theta_IndexingOp<mnemonic, [Theta_Differentiable]> {
  let summary = what # " a slice of a tensor, returning the new tensor";
  let description = [{
    Theano's `}] # mnemonic # [{(X[...], v)`: returns a copy of `input` whose
    slice (addressed as in `theta.subtensor`, `stops` included) is }] # what # [{ `value`.
    `value` has the slice's rank and broadcasts along size-1 dimensions.

    ```mlir
    %r = theta.}] # mnemonic # [{ %x[%i : tensor<i64>] sizes [1] steps [1] drop [0], %v
           : (tensor<5xf32>, tensor<f32>) -> tensor<5xf32>
    ```
  }];
  let arguments = (ins Theta_Tensor:$input, Variadic<Theta_IntScalar>:$dynamic_starts,
                       DenseI64ArrayAttr:$static_starts,
                       DenseI64ArrayAttr:$sizes, DenseI64ArrayAttr:$steps,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{}">:$drop,
                       Theta_Tensor:$value,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{}">:$stops);
  let results = (outs Theta_Tensor:$result);
  let assemblyFormat = [{
    $input custom<ThetaIndexList>($dynamic_starts, $static_starts, type($dynamic_starts))
    `sizes` $sizes `steps` $steps (`drop` $drop^)? (`stops` $stops^)? `,` $value
    attr-dict `:` `(` type($input) `,` type($value) `)` `->` type($result)
  }];
  let extraClassDeclaration = indexingDeclarations;
}

def Theta_SetSubtensorOp : Theta_SubtensorUpdateOp<"set_subtensor", "replaced by">;
def Theta_IncSubtensorOp : Theta_SubtensorUpdateOp<"inc_subtensor", "incremented by">;

def Theta_TakeOp : Theta_Op<"take", [Pure, Theta_InferType, Theta_Differentiable]> {
  let summary = "gather along an axis with an integer index tensor";
  let description = [{
    NumPy's `take` / Theano's `X[idx_vector]`: the result shape is
    `input.shape[:axis] + indices.shape + input.shape[axis+1:]`. Negative
    indices count from the end.

    ```mlir
    %r = theta.take %W, %ids axis 0 : (tensor<100x16xf32>, tensor<8xi64>) -> tensor<8x16xf32>
    ```
  }];
  let arguments = (ins Theta_Tensor:$input, Theta_IntTensor:$indices, I64Attr:$axis);
  let results = (outs Theta_Tensor:$result);
  let assemblyFormat = [{
    $input `,` $indices `axis` $axis attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Creation and shape-of
//===----------------------------------------------------------------------===//

def Theta_AllocOp : Theta_Op<"alloc", [Pure, Theta_InferType, Theta_Differentiable]> {
  let summary = "broadcast a value to a shape (Theano's alloc)";
  let description = [{
    Returns a tensor of the given shape filled by broadcasting `value`, whose
    rank is at most the result's and whose dimensions align to the right.

    ```mlir
    %r = theta.alloc %v [%n : tensor<i64>, 3] : tensor<3xf32> -> tensor<?x3xf32>
    ```
  }];
  let arguments = (ins Theta_Tensor:$value, Variadic<Theta_IntScalar>:$dynamic_shape,
                       DenseI64ArrayAttr:$static_shape);
  let results = (outs Theta_Tensor:$result);
  let assemblyFormat = [{
    $value custom<ThetaIndexList>($dynamic_shape, $static_shape, type($dynamic_shape))
    attr-dict `:` type($value) `->` type($result)
  }];
}

class Theta_FilledOp<string mnemonic, string what>
    : Theta_Op<mnemonic, [Pure, Theta_InferType]> {
  let summary = "a tensor of " # what;
  let description = [{
    A tensor of the given shape and element type filled with }] # what # [{.

    ```mlir
    %r = theta.}] # mnemonic # [{ [%n : tensor<i64>, 3] : f32 -> tensor<?x3xf32>
    ```
  }];
  let arguments = (ins Variadic<Theta_IntScalar>:$dynamic_shape,
                       DenseI64ArrayAttr:$static_shape, Theta_ElementType:$dtype);
  let results = (outs Theta_Tensor:$result);
  let assemblyFormat = [{
    custom<ThetaIndexList>($dynamic_shape, $static_shape, type($dynamic_shape))
    attr-dict `:` $dtype `->` type($result)
  }];
}

def Theta_ZerosOp : Theta_FilledOp<"zeros", "zeros">;
def Theta_OnesOp : Theta_FilledOp<"ones", "ones">;
// numpy.arange's core; eye, tril/triu and cumsum compare or multiply iotas.
def Theta_IotaOp : Theta_FilledOp<"iota",
    "indices: each element is its index along the last dimension (0, 1, 2, ...)">;

def Theta_FillOp : Theta_Op<"fill", [Pure, Theta_InferType, Theta_Differentiable]> {
  let summary = "a tensor shaped like another, filled with a scalar";
  let description = [{
    Theano's `fill(model, value)`: the shape of `model`, the element type and
    value of the rank-0 `value`.

    ```mlir
    %r = theta.fill %x, %v : (tensor<4x3xf32>, tensor<f64>) -> tensor<4x3xf64>
    ```
  }];
  let arguments = (ins Theta_Tensor:$model, Theta_Tensor:$value);
  let results = (outs Theta_Tensor:$result);
  let assemblyFormat = "$model `,` $value attr-dict `:` functional-type(operands, results)";
}

def Theta_ShapeOp : Theta_Op<"shape", [Pure, Theta_InferType]> {
  let summary = "the shape of a tensor as an i64 vector";
  let description = [{
    Returns the sizes of the input's dimensions as a rank-1 i64 tensor; folds
    to a constant when the shape is static.

    ```mlir
    %s = theta.shape %x : tensor<?x3xf32> -> tensor<2xi64>
    ```
  }];
  let arguments = (ins Theta_Tensor:$input);
  let results = (outs RankedTensorOf<[I64]>:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Gradient placeholder and printing
//===----------------------------------------------------------------------===//

def Theta_GradOp : Theta_Op<"grad", [Pure, Theta_InferType, AttrSizedOperandSegments]> {
  let summary = "gradient of a cost (expanded by --theta-autodiff)";
  let description = [{
    `theta.grad` stands for d`cost`/d`wrt` for each `wrt` value; each result
    has exactly the type of its `wrt`. Without `seed` the cost must be a
    floating-point scalar (rank 0). With `seed` (a tensor of the cost's type)
    the result is the vector-Jacobian product `seed · d cost / d wrt`
    (Theano's `Lop`), and the cost may have any shape.

    Values in `consider_constant` are treated as constants (no gradient flows
    through them). `disconnected` says what to do when the cost does not
    depend on a `wrt`: `"raise"` (an error, the default) or `"zero"`. The
    `--theta-autodiff` pass replaces every `theta.grad` by ordinary theta ops,
    innermost first, so gradients of gradients work.

    ```mlir
    %gw, %gb = theta.grad %cost wrt %w, %b : tensor<f32>, tensor<3x2xf32>, tensor<2xf32>
    %vjp = theta.grad %y seed %v : tensor<4xf32> wrt %x : tensor<4xf32>, tensor<3xf32>
    ```
  }];
  let arguments = (ins Theta_FloatTensor:$cost, Optional<Theta_FloatTensor>:$seed,
                       Variadic<Theta_Tensor>:$wrt,
                       Variadic<Theta_Tensor>:$consider_constant,
                       DefaultValuedStrAttr<StrAttr, "raise">:$disconnected);
  let results = (outs Variadic<Theta_Tensor>:$grads);
  let assemblyFormat = [{
    $cost (`seed` $seed^ `:` type($seed))? `wrt` $wrt
    (`constant` `(` $consider_constant^ `:` type($consider_constant) `)`)?
    attr-dict `:` type($cost) `,` type($wrt)
  }];
  let builders = [
    OpBuilder<(ins "::mlir::Value":$cost, "::mlir::ValueRange":$wrt,
                   CArg<"::llvm::StringRef", "\"raise\"">:$disconnected), [{
      build($_builder, $_state, cost, /*seed=*/nullptr, wrt, ::mlir::ValueRange(),
            disconnected);
    }]>,
  ];
}

def Theta_JacobianOp : Theta_Op<"jacobian", [Pure, Theta_InferType]> {
  let summary = "Jacobian of a tensor expression (expanded by --theta-autodiff)";
  let description = [{
    The derivative of every element of `expression` with respect to every
    element of `wrt`: the result has shape `expression.shape + wrt.shape` and
    the element type of `wrt`. `--theta-autodiff` expands it into one
    reverse sweep per element of `expression`, whose size must then be
    static. `disconnected` is as for `theta.grad`.

    ```mlir
    %j = theta.jacobian %y wrt %x : (tensor<3xf32>, tensor<4xf32>) -> tensor<3x4xf32>
    ```
  }];
  let arguments = (ins Theta_FloatTensor:$expression, Theta_FloatTensor:$wrt,
                       DefaultValuedStrAttr<StrAttr, "raise">:$disconnected);
  let results = (outs Theta_FloatTensor:$result);
  let assemblyFormat = [{
    $expression `wrt` $wrt attr-dict `:` functional-type(operands, results)
  }];
}

def Theta_StopGradientOp : Theta_Op<"stop_gradient", [Pure, Theta_InferType]> {
  let summary = "identity that blocks gradients (Theano's disconnected_grad)";
  let description = [{
    Returns its input unchanged; `--theta-autodiff` treats the result as a
    constant, so the cost's gradient does not flow into `input`. The op is
    replaced by its input once every `theta.grad` is expanded.

    ```mlir
    %c = theta.stop_gradient %x : tensor<3xf32>
    ```
  }];
  let arguments = (ins Theta_Tensor:$input);
  let results = (outs Theta_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Theta_IndexAddOp : Theta_Op<"index_add", [Pure, Theta_InferType, Theta_Differentiable]> {
  let summary = "add slices at integer indices along an axis (the gradient of take)";
  let description = [{
    Theano's `inc_subtensor(X[idx_vector], v)` (AdvancedIncSubtensor1),
    generalized to an axis and to index tensors of any rank: a copy of
    `input` where, for every position `j` of `indices`, the slice of `values`
    at `j` is added to the slice of `input` at `indices[j]` along `axis`.
    Repeated indices accumulate. `values` has the shape
    `input.shape[:axis] + indices.shape + input.shape[axis+1:]`, as `take`
    produces it. Negative indices count from the end.

    ```mlir
    %r = theta.index_add %W[%ids], %g axis 0
           : (tensor<100x16xf32>, tensor<8xi64>, tensor<8x16xf32>) -> tensor<100x16xf32>
    ```
  }];
  let arguments = (ins Theta_NumericTensor:$input, Theta_IntTensor:$indices,
                       Theta_NumericTensor:$values, I64Attr:$axis);
  let results = (outs Theta_NumericTensor:$result);
  let assemblyFormat = [{
    $input `[` $indices `]` `,` $values `axis` $axis attr-dict `:` functional-type(operands, results)
  }];
}

def Theta_PrintOp : Theta_Op<"print", [Theta_InferType, Theta_Differentiable,
    MemoryEffects<[MemWrite]>]> {
  let summary = "identity that prints its value when computed";
  let description = [{
    Theano's `Print(message, attrs)(x)`: returns `input` unchanged and, each
    time the value is computed, writes `message` followed by each requested
    attribute (`__str__` for the values as NumPy prints them, `shape`,
    `dtype`, `min`, `max`, `mean`, `sum`, ...) to the runtime's print stream,
    one line per attribute as Theano does: `a __str__ = [1. 2. 3.]`. It has a
    side effect, so it is never removed, merged or reordered with other
    prints; its gradient is the identity. On the CPU it lowers to a call of
    the runtime's `theta_probe` with a site string and the value's buffer.

    ```mlir
    %a = theta.print "a" %x {attrs = ["__str__", "shape"]} : tensor<3xf32>
    ```
  }];
  let arguments = (ins StrAttr:$message, Theta_Tensor:$input,
                       DefaultValuedAttr<StrArrayAttr, "{}">:$attrs);
  let results = (outs Theta_Tensor:$result);
  let assemblyFormat = "$message $input attr-dict `:` type($input)";
}

def Theta_CheckValuesOp : Theta_Op<"check_values", [MemoryEffects<[MemWrite]>]> {
  let summary = "NanGuardMode's check of a value for NaN, infinities and huge values";
  let description = [{
    Inserted by `--theta-nan-guard` after every op with a floating-point
    result: when the computed value holds a NaN (`nan`), an infinity (`inf`)
    or an element of magnitude above 1e10 (`big`), the runtime records a
    NumericError naming `origin` (the op and its `file:line`), and the call
    raises it once compiled code returns, applying no update. Only the first
    failure of a call is reported: the one earliest in program order.

    ```mlir
    theta.check_values %y {origin = "'theta.log' built at model.cc:12", nan, inf}
        : tensor<3xf32>
    ```
  }];
  let arguments = (ins Theta_Tensor:$input, StrAttr:$origin, UnitAttr:$nan, UnitAttr:$inf,
                       UnitAttr:$big);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

include "dialect/NNetOps.td"
include "dialect/RandomOps.td"
include "dialect/ScanOps.td"

#endif // THETA_OPS_TD
