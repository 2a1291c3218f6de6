//===- NNetOps.td - convolution and pooling ops ---------------*- tablegen -*-===//
//
// The heavy neural-network ops of theta.nnet: 2-D convolution (NCHW input,
// OIHW filters) with its two gradients, and 2-D pooling with its gradient.
// Each gradient is an op of its own, as in Theano (AbstractConv2d_gradInputs,
// AbstractConv2d_gradWeights, MaxPoolGrad), so the lowering can hand all three
// convolution ops to a library (oneDNN) as whole operations.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_NNET_OPS_TD
#define THETA_NNET_OPS_TD

// Attributes shared by the three convolution ops.
class Theta_ConvOp<string mnemonic, string summaryText, string descriptionText,
                   dag operands, list<Trait> traits = []>
    : Theta_Op<mnemonic, !listconcat(traits, [Pure, Theta_InferType, Theta_Differentiable])> {
  let summary = summaryText;
  let description = descriptionText # [{

    Geometry, shared by conv2d and its gradients: `strides` and `dilations`
    (height, width); `border_mode` is `valid` (no padding), `full` (padding
    `dilation * (kernel - 1)` on every side), `half` (Theano's: padding
    `(dilation * (kernel - 1) + 1) / 2` on every side, so an odd kernel keeps
    the size at stride 1 and an even one adds one), `same` (TensorFlow's:
    output size `ceil(input / stride)`, the odd extra row or column of padding
    at the end) or `explicit`, which uses `padding` = [top, left, bottom,
    right].

    `groups` (Theano's `num_groups`) splits the input channels and the
    filters' output channels into that many groups: filters are
    (out_channels, channels / groups, kh, kw) and output group g sees only
    input group g. `--theta-expand-groups` rewrites grouped ops into one
    ungrouped op per group once shapes are static.
  }];
  let arguments = !con(operands, (ins
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
      DefaultValuedAttr<StrAttr, "\"valid\"">:$border_mode,
      DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding,
      DefaultValuedAttr<I64Attr, "1">:$groups));
  let results = (outs Theta_FloatTensor:$result);
  let extraClassDeclaration = [{
    /// Padding [top, left, bottom, right] for an input of spatial size
    /// (height, width) and a kernel (kh, kw); dynamic entries when unknown.
    ::llvm::SmallVector<int64_t, 4> getResolvedPadding(int64_t height, int64_t width,
                                                       int64_t kh, int64_t kw) {
      return ::theta::resolveConvPadding(getBorderMode(), getPadding(), getStrides(),
                                         getDilations(), height, width, kh, kw);
    }
  }];
}

def Theta_Conv2DOp : Theta_ConvOp<"conv2d",
    "2-D convolution of NCHW images with OIHW filters",
    [{
    A cross-correlation, as in every deep learning library (Theano's
    `conv2d(..., filter_flip=False)`; the API flips the filters first for
    Theano's default true convolution): `input` is (batch, channels, height, width), `filters`
    is (out_channels, channels, kh, kw) and the result is
    (batch, out_channels, out_height, out_width).

    ```mlir
    %y = theta.conv2d %x, %w {strides = array<i64: 2, 2>, border_mode = "same"}
           : (tensor<8x3x32x32xf32>, tensor<16x3x5x5xf32>) -> tensor<8x16x16x16xf32>
    ```
    }],
    (ins Theta_FloatTensor:$input, Theta_FloatTensor:$filters)> {
  let assemblyFormat = "$input `,` $filters attr-dict `:` functional-type(operands, results)";
}

def Theta_Conv2DGradInputOp : Theta_ConvOp<"conv2d_grad_input",
    "gradient of conv2d with respect to its input",
    [{
    Given the gradient of a conv2d result and its filters, the gradient with
    respect to the convolution's input, whose shape is taken from
    `input_like` (only its shape is read: with strides, several input sizes
    give the same output size).

    ```mlir
    %gx = theta.conv2d_grad_input %gy, %w, %x
            : (tensor<8x16x28x28xf32>, tensor<16x3x5x5xf32>, tensor<8x3x32x32xf32>)
            -> tensor<8x3x32x32xf32>
    ```
    }],
    (ins Theta_FloatTensor:$output_grad, Theta_FloatTensor:$filters,
         Theta_FloatTensor:$input_like)> {
  let assemblyFormat = [{
    $output_grad `,` $filters `,` $input_like attr-dict `:` functional-type(operands, results)
  }];
}

def Theta_Conv2DGradFiltersOp : Theta_ConvOp<"conv2d_grad_filters",
    "gradient of conv2d with respect to its filters",
    [{
    Given a conv2d's input and the gradient of its result, the gradient with
    respect to the filters, whose shape is taken from `filters_like`.

    ```mlir
    %gw = theta.conv2d_grad_filters %x, %gy, %w
            : (tensor<8x3x32x32xf32>, tensor<8x16x28x28xf32>, tensor<16x3x5x5xf32>)
            -> tensor<16x3x5x5xf32>
    ```
    }],
    (ins Theta_FloatTensor:$input, Theta_FloatTensor:$output_grad,
         Theta_FloatTensor:$filters_like)> {
  let assemblyFormat = [{
    $input `,` $output_grad `,` $filters_like attr-dict `:` functional-type(operands, results)
  }];
}

// Attributes shared by pool2d and its gradient.
class Theta_PoolOp<string mnemonic, string summaryText, string descriptionText,
                   dag operands, list<Trait> traits = []>
    : Theta_Op<mnemonic, !listconcat(traits, [Pure, Theta_InferType])> {
  let summary = summaryText;
  let description = descriptionText # [{

    Pooling works on the last two dimensions of a rank-4 (batch, channels,
    height, width) tensor with windows of size `window` moved by `strides`
    (height, width). `mode` is `max`, `sum` or `average` (the sum divided by
    the number of window elements inside the input). With `ignore_border`,
    windows that do not fit entirely are dropped; without it, they are kept
    and cover what is left (Theano's semantics). `padding` (height, width)
    extends the input on both sides, as Theano's `pad` (requires
    `ignore_border` and padding smaller than the window); like Theano's Pool,
    `max`, `sum` and `average` only read the window elements inside the
    input, so the padding never wins a maximum or counts in an average.
  }];
  let arguments = !con(operands, (ins
      DenseI64ArrayAttr:$window,
      DenseI64ArrayAttr:$strides,
      DefaultValuedAttr<StrAttr, "\"max\"">:$mode,
      DefaultValuedAttr<BoolAttr, "true">:$ignore_border,
      DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0}">:$padding));
  let results = (outs Theta_FloatTensor:$result);
}

def Theta_Pool2DOp : Theta_PoolOp<"pool2d", "2-D max, sum or average pooling",
    [{
    Theano's `pool_2d(input, ws, ignore_border, stride, mode)`.

    ```mlir
    %y = theta.pool2d %x {window = array<i64: 2, 2>, strides = array<i64: 2, 2>}
           : (tensor<8x16x28x28xf32>) -> tensor<8x16x14x14xf32>
    ```
    }],
    (ins Theta_FloatTensor:$input), [Theta_Differentiable]> {
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def Theta_Pool2DGradOp : Theta_PoolOp<"pool2d_grad", "gradient of pool2d with respect to its input",
    [{
    Given pool2d's input, its result and the gradient of its result, the
    gradient with respect to the input. For `max`, each window's gradient goes
    to every element equal to the window's maximum (Theano's MaxPoolGrad); for
    `sum` and `average` it is spread over the window.

    ```mlir
    %gx = theta.pool2d_grad %x, %y, %gy {window = array<i64: 2, 2>, strides = array<i64: 2, 2>}
            : (tensor<8x16x28x28xf32>, tensor<8x16x14x14xf32>, tensor<8x16x14x14xf32>)
            -> tensor<8x16x28x28xf32>
    ```
    }],
    (ins Theta_FloatTensor:$input, Theta_FloatTensor:$output,
         Theta_FloatTensor:$output_grad)> {
  let assemblyFormat = [{
    $input `,` $output `,` $output_grad attr-dict `:` functional-type(operands, results)
  }];
}

def Theta_OneHotOp : Theta_Op<"one_hot", [Pure, Theta_InferType]> {
  let summary = "one-hot rows from integer class labels";
  let description = [{
    For integer `labels` of any shape, a float tensor of shape
    `labels.shape + [classes]` with 1 where the last index equals the label
    and 0 elsewhere. The class count and element type come from `like` (only
    its last dimension and element type are read), typically the predicted
    probabilities, so the count need not be known when the graph is built.
    Labels outside [0, classes) give an all-zero row. Not differentiable: the
    labels are data.

    ```mlir
    %t = theta.one_hot %y, %p : (tensor<128xi64>, tensor<128x10xf32>) -> tensor<128x10xf32>
    ```
  }];
  let arguments = (ins Theta_IntTensor:$labels, Theta_FloatTensor:$like);
  let results = (outs Theta_FloatTensor:$result);
  let assemblyFormat = "$labels `,` $like attr-dict `:` functional-type(operands, results)";
}

#endif // THETA_NNET_OPS_TD
