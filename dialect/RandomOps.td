//===- RandomOps.td - counter-based random numbers ------------*- tablegen -*-===//
//
// theta.random draws a tensor of random numbers as a pure function of a key
// and a counter (a counter-based generator, Philox-4x32-10): every element is
// computed independently from (key, counter, element index), so the lowering
// is one parallel elementwise linalg.generic. Random state lives outside the
// op, in shared variables that the C++ API's RandomStreams advances
// (Theano's RandomStreams / MRG_RandomStreams).
//
//===----------------------------------------------------------------------===//
#ifndef THETA_RANDOM_OPS_TD
#define THETA_RANDOM_OPS_TD

// A rank-0 i64 tensor: the key and counter of a random draw.
def Theta_I64Scalar : TensorRankOf<[I64], [0]>,
    BuildableType<"::mlir::RankedTensorType::get({}, $_builder.getI64Type())">;

def Theta_RandomOp : Theta_Op<"random", [Pure, Theta_InferType]> {
  let summary = "random numbers from a key and a counter (Philox-4x32-10)";
  let description = [{
    A tensor of the given shape whose elements are independent draws of
    `distribution`:

    - `"uniform"`: uniform in [0, 1), with 24 random bits for f32 and 53 for f64;
    - `"normal"`: standard normal (mean 0, standard deviation 1), by the
      Box–Muller transform of two uniforms.

    Element `i` (the row-major index) is computed from the 128-bit output
    of Philox-4x32-10 (Salmon et al., "Parallel random numbers: as easy as
    1, 2, 3", SC 2011) with the 64-bit `key` and the 128-bit counter
    `(i, counter)`, words in little-endian order:
    `philox(ctr = [lo(i), hi(i), lo(counter), hi(counter)], key = [lo(key), hi(key)])`
    → `[x0, x1, x2, x3]`. Uniform f32 is `(x0 >> 8) * 2^-24`; uniform f64 is
    `(((x0 << 32) | x1) >> 11) * 2^-53`; normal uses the uniform `u1` from
    the first half (`x0`, or `x0, x1` for f64) and `u2` from the second
    half (`x1`, or `x2, x3`) as `sqrt(-2 log(1 - u1)) * cos(2π u2)`.

    The op is pure: the same key and counter give the same numbers. Streams
    come from distinct keys; successive draws of one stream from successive
    counters. It is not differentiable (its operands are integers).

    The shape mixes static sizes and rank-0 integer tensors, as for
    `theta.zeros`. A size given by a tensor whose value is known from the IR
    (a constant, or an element of `theta.shape` of a tensor whose size is
    static) is inferred as static.

    ```mlir
    %u = theta.random "uniform" %key, %counter [2, 2] : f32 -> tensor<2x2xf32>
    %n = theta.random "normal" %key, %counter [%rows : tensor<i64>, 3] : f64 -> tensor<?x3xf64>
    ```
  }];
  let arguments = (ins StrAttr:$distribution, Theta_I64Scalar:$key,
                       Theta_I64Scalar:$counter,
                       Variadic<Theta_IntScalar>:$dynamic_shape,
                       DenseI64ArrayAttr:$static_shape,
                       TypeAttrOf<AnyTypeOf<[F32, F64]>>:$dtype);
  let results = (outs Theta_FloatTensor:$result);
  let assemblyFormat = [{
    $distribution $key `,` $counter
    custom<ThetaIndexList>($dynamic_shape, $static_shape, type($dynamic_shape))
    attr-dict `:` $dtype `->` type($result)
  }];
}

#endif // THETA_RANDOM_OPS_TD
