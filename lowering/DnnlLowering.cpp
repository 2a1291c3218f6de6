//===- DnnlLowering.cpp - --theta-nnet-to-dnnl ----------------------------===//
//
// f32 convolutions (forward, gradient of the input, gradient of the filters)
// become calls to the runtime's theta_dnnl_conv2d, which runs oneDNN's
// optimized kernels; the two gradients of one convolution become one call to
// theta_dnnl_conv2d_backward, which reorders their output gradient once. A
// bias added to a forward convolution's result is added in the call, and a
// sum of an output gradient over batch, height and width (the bias's
// gradient) is computed by the filter-gradient call: one pass over the image
// less each. It runs on theta IR, before theta-to-linalg, so that a
// convolution stays one whole operation (after linalg lowering and elementwise
// fusion it would no longer be recognizable). The call reads and writes
// buffers: operands enter through bufferization.to_buffer (read-only), the
// result is a fresh memref.alloc leaving through bufferization.to_tensor, and
// one-shot bufferization then connects them without copies. With gpu=true
// the same calls go to cuDNN (theta_cudnn_conv2d[_backward]), without the
// bias folding and the layouts argument.
//
//===----------------------------------------------------------------------===//
#include "lowering/RuntimeCalls.h"
#include "lowering/Passes.h"

#include "dialect/ThetaOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Dominance.h"

#include "llvm/ADT/DenseSet.h"

namespace theta {
#define GEN_PASS_DEF_THETANNETTODNNL
#include "lowering/Passes.h.inc"
} // namespace theta

using namespace mlir;
using namespace theta;

namespace {

/// Which convolution the runtime computes; matches runtime/Dnnl.h.
enum class ConvKind : int64_t { Forward = 0, GradInput = 1, GradFilters = 2 };

/// The library the calls go to: oneDNN on the CPU (biases folded in, a
/// layouts argument last), cuDNN on the GPU (neither).
struct ConvLibrary {
  StringLiteral convFunction, backwardFunction;
  unsigned convArguments, backwardArguments;
  bool foldsBiases; // and takes bias addresses and the layouts argument
};
constexpr ConvLibrary kOneDnn = {"theta_dnnl_conv2d", "theta_dnnl_conv2d_backward", 23, 24, true};
constexpr ConvLibrary kCudnn = {"theta_cudnn_conv2d", "theta_cudnn_conv2d_backward", 21, 22,
                                false};

bool isStaticF32(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && type.hasStaticShape() && type.getElementType().isF32();
}

/// A static f32 tensor with at least one element: the libraries refuse
/// empty dimensions, which the reference lowering handles (empty loops,
/// gradients that are sums of nothing filled with zeros).
bool isNonEmptyStaticF32(Value value) {
  return isStaticF32(value) && cast<RankedTensorType>(value.getType()).getNumElements() > 0;
}

Value readOnlyBuffer(OpBuilder &b, Location loc, Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  auto memrefType = MemRefType::get(type.getShape(), type.getElementType());
  return bufferization::ToBufferOp::create(b, loc, memrefType, tensor, b.getUnitAttr());
}

Value freshBuffer(OpBuilder &b, Location loc, Type tensorType) {
  auto type = cast<RankedTensorType>(tensorType);
  return memref::AllocOp::create(b, loc, MemRefType::get(type.getShape(), type.getElementType()),
                                 b.getI64IntegerAttr(64));
}

Value asTensor(OpBuilder &b, Location loc, Type tensorType, Value buffer) {
  return bufferization::ToTensorOp::create(b, loc, tensorType, buffer, b.getUnitAttr(),
                                           b.getUnitAttr());
}

/// The 17 sizes the runtime takes after the buffers, from the buffers of
/// the convolution's input, filters and output (forward terms), and for
/// oneDNN the buffers' layouts: dense (0) here; --theta-blocked-channels
/// changes it.
template <typename Op>
void appendSizes(OpBuilder &b, Op op, ArrayRef<Value> buffers, bool withLayouts,
                 SmallVectorImpl<Value> &arguments) {
  Location loc = op.getLoc();
  ArrayRef<int64_t> x = cast<MemRefType>(buffers[0].getType()).getShape();
  ArrayRef<int64_t> w = cast<MemRefType>(buffers[1].getType()).getShape();
  ArrayRef<int64_t> y = cast<MemRefType>(buffers[2].getType()).getShape();
  SmallVector<int64_t, 4> pad = op.getResolvedPadding(x[2], x[3], w[2], w[3]);
  for (int64_t value : {x[0], x[1], x[2], x[3], w[0], w[2], w[3], y[2], y[3],
                        op.getStrides()[0], op.getStrides()[1], op.getDilations()[0],
                        op.getDilations()[1], pad[0], pad[1], pad[2], pad[3]})
    arguments.push_back(arith::ConstantIntOp::create(b, loc, value, 64));
  if (withLayouts)
    arguments.push_back(arith::ConstantIntOp::create(b, loc, 0, 64));
}

/// The address argument of an optional buffer: 0 when there is none.
Value optionalAddress(OpBuilder &b, Location loc, Value buffer) {
  return buffer ? bufferAddress(b, loc, buffer) : arith::ConstantIntOp::create(b, loc, 0, 64);
}

/// `add(conv, dimshuffle(b, [x, 0, x, x]))` where the add is the forward
/// convolution's only user: the bias vector b, which oneDNN adds in the
/// call (one pass over the output instead of two). Null otherwise.
Value biasAddedTo(Conv2DOp conv, AddOp &add) {
  if (!conv->hasOneUse())
    return {};
  add = dyn_cast<AddOp>(*conv->getUsers().begin());
  if (!add || add.getType() != conv.getType())
    return {};
  Value other = add.getLhs() == conv.getResult() ? add.getRhs() : add.getLhs();
  auto shuffle = other.getDefiningOp<DimShuffleOp>();
  if (!shuffle || shuffle.getPattern() != ArrayRef<int64_t>({-1, 0, -1, -1}))
    return {};
  Value bias = shuffle.getInput();
  auto type = dyn_cast<RankedTensorType>(bias.getType());
  if (!type || !isStaticF32(bias) || type.getRank() != 1 ||
      type.getDimSize(0) != conv.getType().getDimSize(1))
    return {};
  return bias;
}

/// A sum of the output gradient over batch, height and width (the bias's
/// gradient), which oneDNN computes in the filter-gradient call, where the
/// call can go before it (`first`: the earliest op the call replaces so far;
/// `operands`: what the call reads). Null if there is none.
SumOp biasGradientOf(Value outputGrad, Operation *&first, ArrayRef<Value> operands,
                     DominanceInfo &dominance) {
  for (Operation *user : outputGrad.getUsers()) {
    auto sum = dyn_cast<SumOp>(user);
    if (!sum || sum->getBlock() != first->getBlock() || !isStaticF32(sum.getResult()) ||
        ArrayRef<int64_t>(sum.getReducedAxes()) != ArrayRef<int64_t>({0, 2, 3}))
      continue;
    Operation *earliest = sum->isBeforeInBlock(first) ? sum.getOperation() : first;
    if (llvm::all_of(operands, [&](Value v) { return dominance.properlyDominates(v, earliest); })) {
      first = earliest;
      return sum;
    }
  }
  return {};
}

/// Replaces `sum` by the bias gradient a call wrote into `buffer`.
void replaceSum(OpBuilder &b, SumOp sum, Value buffer, int64_t channels) {
  Location loc = sum.getLoc();
  auto vector = RankedTensorType::get({channels}, b.getF32Type());
  Value gradient = asTensor(b, loc, vector, buffer);
  if (sum.getKeepdims())
    gradient = DimShuffleOp::create(b, loc, sum.getType(), gradient,
                                    b.getDenseI64ArrayAttr({-1, 0, -1, -1}));
  sum.getResult().replaceAllUsesWith(gradient);
  sum.erase();
}

/// Replaces a convolution op by the library call. `input`, `filters` and
/// `output` are the convolution's three tensors in forward terms; the one
/// the op computes is null and becomes a fresh buffer. A forward
/// convolution takes its bias add along, a filter gradient its bias's
/// gradient.
template <typename Op>
void replaceByCall(Op op, ConvKind kind, Value input, Value filters, Value output,
                   func::FuncOp callee, const ConvLibrary &library, DominanceInfo &dominance) {
  Location loc = op.getLoc();
  Operation *first = op.getOperation();
  AddOp add;
  Value bias;
  SumOp biasGradient;
  if constexpr (std::is_same_v<Op, Conv2DOp>)
    if (library.foldsBiases)
      bias = biasAddedTo(op, add);
  if (add) // where the bias (and its dimshuffle) certainly exists
    first = add.getOperation();
  if (kind == ConvKind::GradFilters && library.foldsBiases)
    biasGradient = biasGradientOf(output, first, {input, output}, dominance);
  OpBuilder b(first);
  if (add)
    loc = b.getFusedLoc({op.getLoc(), add.getLoc()});
  Operation *replaced = add ? add.getOperation() : op.getOperation();
  Value resultBuffer = freshBuffer(b, loc, op.getType());
  Value buffers[3];
  Value tensors[3] = {input, filters, output};
  for (int i = 0; i < 3; ++i)
    buffers[i] = tensors[i] ? readOnlyBuffer(b, loc, tensors[i]) : Value(resultBuffer);
  int64_t channels = cast<RankedTensorType>((output ? output : op.getResult()).getType()).getDimSize(1);
  Value biasBuffer = bias ? readOnlyBuffer(b, loc, bias)
                     : biasGradient
                         ? freshBuffer(b, loc, RankedTensorType::get({channels}, b.getF32Type()))
                         : Value();

  SmallVector<Value> arguments = {
      arith::ConstantIntOp::create(b, loc, static_cast<int64_t>(kind), 64)};
  for (Value buffer : buffers)
    arguments.push_back(bufferAddress(b, loc, buffer));
  if (library.foldsBiases)
    arguments.push_back(optionalAddress(b, loc, biasBuffer));
  appendSizes(b, op, buffers, library.foldsBiases, arguments);
  func::CallOp::create(b, loc, callee, arguments);
  Value result = asTensor(b, loc, op.getType(), resultBuffer);
  replaced->getResult(0).replaceAllUsesWith(result);
  if (biasGradient)
    replaceSum(b, biasGradient, biasBuffer, channels);
  if (add)
    add.erase();
  op.erase();
}

/// The two gradients of one convolution (same output gradient, filters of
/// the shape the filter gradient has, input of the shape the input gradient
/// has, same strides, dilations and padding) become one call, so that the
/// output gradient is reordered into oneDNN's layout once. The call goes
/// where the earlier of the two (or of the bias gradient's sum) was; the
/// operands are defined before it.
bool replacePairByCall(Conv2DGradInputOp gradInput, Conv2DGradFiltersOp gradFilters,
                       func::FuncOp callee, const ConvLibrary &library,
                       DominanceInfo &dominance) {
  if (gradInput.getOutputGrad() != gradFilters.getOutputGrad() ||
      gradInput.getType() != gradFilters.getInput().getType() ||
      gradFilters.getType() != gradInput.getFilters().getType() ||
      gradInput.getStrides() != gradFilters.getStrides() ||
      gradInput.getDilations() != gradFilters.getDilations() ||
      gradInput->getBlock() != gradFilters->getBlock())
    return false;
  auto inputType = cast<RankedTensorType>(gradInput.getType());
  auto filterType = cast<RankedTensorType>(gradFilters.getType());
  ArrayRef<int64_t> x = inputType.getShape(), w = filterType.getShape();
  if (gradInput.getResolvedPadding(x[2], x[3], w[2], w[3]) !=
      gradFilters.getResolvedPadding(x[2], x[3], w[2], w[3]))
    return false;
  Operation *first = gradInput->isBeforeInBlock(gradFilters) ? gradInput.getOperation()
                                                            : gradFilters.getOperation();
  SmallVector<Value, 3> operands = {gradInput.getFilters(), gradFilters.getInput(),
                                    gradInput.getOutputGrad()};
  for (Value operand : ArrayRef<Value>(operands).take_front(2))
    if (!dominance.properlyDominates(operand, first))
      return false;
  SumOp biasGradient = library.foldsBiases
                           ? biasGradientOf(gradInput.getOutputGrad(), first, operands, dominance)
                           : SumOp();

  OpBuilder b(first);
  Location loc = gradInput.getLoc();
  Value inputGrad = freshBuffer(b, loc, inputType), filterGrad = freshBuffer(b, loc, filterType);
  int64_t channels = w[0];
  Value biasGrad = biasGradient
                       ? freshBuffer(b, loc, RankedTensorType::get({channels}, b.getF32Type()))
                       : Value();
  Value input = readOnlyBuffer(b, loc, gradFilters.getInput());
  Value filters = readOnlyBuffer(b, loc, gradInput.getFilters());
  Value outputGrad = readOnlyBuffer(b, loc, gradInput.getOutputGrad());
  SmallVector<Value> arguments;
  for (Value buffer : {input, filters, outputGrad, inputGrad, filterGrad})
    arguments.push_back(bufferAddress(b, loc, buffer));
  if (library.foldsBiases)
    arguments.push_back(optionalAddress(b, loc, biasGrad));
  Value forwardBuffers[3] = {inputGrad, filterGrad, outputGrad};
  appendSizes(b, gradInput, forwardBuffers, library.foldsBiases, arguments);
  func::CallOp::create(b, loc, callee, arguments);
  Value inputGradTensor = asTensor(b, loc, gradInput.getType(), inputGrad);
  Value filterGradTensor = asTensor(b, loc, gradFilters.getType(), filterGrad);
  gradInput.getResult().replaceAllUsesWith(inputGradTensor);
  gradFilters.getResult().replaceAllUsesWith(filterGradTensor);
  if (biasGradient)
    replaceSum(b, biasGradient, biasGrad, channels);
  gradInput.erase();
  gradFilters.erase();
  return true;
}

struct ThetaNNetToDnnlPass : theta::impl::ThetaNNetToDnnlBase<ThetaNNetToDnnlPass> {
  using ThetaNNetToDnnlBase::ThetaNNetToDnnlBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    const ConvLibrary &library = gpu ? kCudnn : kOneDnn;
    SmallVector<Operation *> convolutions;
    module.walk([&](Operation *op) {
      // Grouped ones are split by --theta-expand-groups first.
      if (isa<Conv2DOp, Conv2DGradInputOp, Conv2DGradFiltersOp>(op) &&
          convolutionGroups(op) == 1 && llvm::all_of(op->getOperands(), isNonEmptyStaticF32) &&
          isNonEmptyStaticF32(op->getResult(0)))
        convolutions.push_back(op);
    });
    if (convolutions.empty())
      return;
    // Gradient pairs first: what pairs up leaves the list.
    DominanceInfo dominance(module);
    llvm::DenseSet<Operation *> paired;
    func::FuncOp backward;
    for (Operation *op : convolutions) {
      if (paired.contains(op)) // erased with its partner
        continue;
      auto gradInput = dyn_cast<Conv2DGradInputOp>(op);
      if (!gradInput)
        continue;
      for (Operation *user : gradInput.getOutputGrad().getUsers()) {
        auto gradFilters = dyn_cast<Conv2DGradFiltersOp>(user);
        if (!gradFilters || paired.contains(gradFilters) ||
            !llvm::is_contained(convolutions, user))
          continue;
        if (!backward)
          backward = declareRuntimeEntry(module, library.backwardFunction,
                                         library.backwardArguments);
        if (replacePairByCall(gradInput, gradFilters, backward, library, dominance)) {
          paired.insert(gradInput);
          paired.insert(gradFilters);
          break;
        }
      }
    }
    llvm::erase_if(convolutions, [&](Operation *op) { return paired.contains(op); });
    if (convolutions.empty())
      return;
    func::FuncOp callee =
        declareRuntimeEntry(module, library.convFunction, library.convArguments);
    for (Operation *op : convolutions) {
      if (auto conv = dyn_cast<Conv2DOp>(op))
        replaceByCall(conv, ConvKind::Forward, conv.getInput(), conv.getFilters(), Value(),
                      callee, library, dominance);
      else if (auto gradInput = dyn_cast<Conv2DGradInputOp>(op))
        replaceByCall(gradInput, ConvKind::GradInput, Value(), gradInput.getFilters(),
                      gradInput.getOutputGrad(), callee, library, dominance);
      else if (auto gradFilters = dyn_cast<Conv2DGradFiltersOp>(op))
        replaceByCall(gradFilters, ConvKind::GradFilters, gradFilters.getInput(), Value(),
                      gradFilters.getOutputGrad(), callee, library, dominance);
    }
  }
};

} // namespace
