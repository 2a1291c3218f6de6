//===- DnnlLowering.cpp - --theta-nnet-to-dnnl ----------------------------===//
//
// f32 convolutions (forward, gradient of the input, gradient of the filters)
// become calls to the runtime's theta_dnnl_conv2d, which runs oneDNN's
// optimized kernels; the two gradients of one convolution become one call to
// theta_dnnl_conv2d_backward, which reorders their output gradient once. It runs on theta IR, before theta-to-linalg, so that a
// convolution stays one whole operation (after linalg lowering and elementwise
// fusion it would no longer be recognizable). The call reads and writes
// buffers: operands enter through bufferization.to_buffer (read-only), the
// result is a fresh memref.alloc leaving through bufferization.to_tensor, and
// one-shot bufferization then connects them without copies.
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

constexpr StringLiteral kConvFunction = "theta_dnnl_conv2d";
constexpr unsigned kConvArguments = 22;
constexpr StringLiteral kBackwardFunction = "theta_dnnl_conv2d_backward";
constexpr unsigned kBackwardArguments = 23;

bool isStaticF32(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && type.hasStaticShape() && type.getElementType().isF32();
}

Value readOnlyBuffer(OpBuilder &b, Location loc, Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  auto memrefType = MemRefType::get(type.getShape(), type.getElementType());
  return bufferization::ToBufferOp::create(b, loc, memrefType, tensor, b.getUnitAttr());
}

/// The 17 sizes the runtime takes after the buffers, from the buffers of
/// the convolution's input, filters and output (forward terms), and the
/// buffers' layouts: dense (0) here; --theta-blocked-channels changes it.
template <typename Op>
void appendSizes(OpBuilder &b, Op op, ArrayRef<Value> buffers, SmallVectorImpl<Value> &arguments) {
  Location loc = op.getLoc();
  ArrayRef<int64_t> x = cast<MemRefType>(buffers[0].getType()).getShape();
  ArrayRef<int64_t> w = cast<MemRefType>(buffers[1].getType()).getShape();
  ArrayRef<int64_t> y = cast<MemRefType>(buffers[2].getType()).getShape();
  SmallVector<int64_t, 4> pad = op.getResolvedPadding(x[2], x[3], w[2], w[3]);
  for (int64_t value : {x[0], x[1], x[2], x[3], w[0], w[2], w[3], y[2], y[3],
                        op.getStrides()[0], op.getStrides()[1], op.getDilations()[0],
                        op.getDilations()[1], pad[0], pad[1], pad[2], pad[3], int64_t(0)})
    arguments.push_back(arith::ConstantIntOp::create(b, loc, value, 64));
}

/// Replaces a convolution op by the library call. `input`, `filters` and
/// `output` are the convolution's three tensors in forward terms; the one
/// the op computes is null and becomes a fresh buffer.
template <typename Op>
void replaceByCall(Op op, ConvKind kind, Value input, Value filters, Value output,
                   func::FuncOp callee) {
  OpBuilder b(op);
  Location loc = op.getLoc();
  auto resultType = cast<RankedTensorType>(op.getType());
  auto resultBuffer = memref::AllocOp::create(
      b, loc, MemRefType::get(resultType.getShape(), resultType.getElementType()),
      b.getI64IntegerAttr(64));
  Value buffers[3];
  Value tensors[3] = {input, filters, output};
  for (int i = 0; i < 3; ++i)
    buffers[i] = tensors[i] ? readOnlyBuffer(b, loc, tensors[i]) : Value(resultBuffer);

  SmallVector<Value> arguments = {
      arith::ConstantIntOp::create(b, loc, static_cast<int64_t>(kind), 64)};
  for (Value buffer : buffers)
    arguments.push_back(bufferAddress(b, loc, buffer));
  appendSizes(b, op, buffers, arguments);
  func::CallOp::create(b, loc, callee, arguments);
  Value result = bufferization::ToTensorOp::create(b, loc, resultType, resultBuffer,
                                                   b.getUnitAttr(), b.getUnitAttr());
  op.getResult().replaceAllUsesWith(result);
  op.erase();
}

/// The two gradients of one convolution (same output gradient, filters of
/// the shape the filter gradient has, input of the shape the input gradient
/// has, same strides, dilations and padding) become one call, so that the
/// output gradient is reordered into oneDNN's layout once. The call goes
/// where the earlier of the two was; both ops' operands are defined before it.
bool replacePairByCall(Conv2DGradInputOp gradInput, Conv2DGradFiltersOp gradFilters,
                       func::FuncOp callee, DominanceInfo &dominance) {
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
  for (Value operand : {gradInput.getFilters(), gradFilters.getInput()})
    if (!dominance.properlyDominates(operand, first))
      return false;

  OpBuilder b(first);
  Location loc = gradInput.getLoc();
  auto allocate = [&](RankedTensorType type) {
    return memref::AllocOp::create(b, loc, MemRefType::get(type.getShape(), type.getElementType()),
                                   b.getI64IntegerAttr(64));
  };
  Value inputGrad = allocate(inputType), filterGrad = allocate(filterType);
  Value input = readOnlyBuffer(b, loc, gradFilters.getInput());
  Value filters = readOnlyBuffer(b, loc, gradInput.getFilters());
  Value outputGrad = readOnlyBuffer(b, loc, gradInput.getOutputGrad());
  SmallVector<Value> arguments;
  for (Value buffer : {input, filters, outputGrad, inputGrad, filterGrad})
    arguments.push_back(bufferAddress(b, loc, buffer));
  Value forwardBuffers[3] = {inputGrad, filterGrad, outputGrad};
  appendSizes(b, gradInput, forwardBuffers, arguments);
  func::CallOp::create(b, loc, callee, arguments);
  auto toTensor = [&](Operation *op, Value buffer) {
    return bufferization::ToTensorOp::create(b, loc, op->getResult(0).getType(), buffer,
                                             b.getUnitAttr(), b.getUnitAttr());
  };
  Value inputGradTensor = toTensor(gradInput, inputGrad);
  Value filterGradTensor = toTensor(gradFilters, filterGrad);
  gradInput.getResult().replaceAllUsesWith(inputGradTensor);
  gradFilters.getResult().replaceAllUsesWith(filterGradTensor);
  gradInput.erase();
  gradFilters.erase();
  return true;
}

struct ThetaNNetToDnnlPass : theta::impl::ThetaNNetToDnnlBase<ThetaNNetToDnnlPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<Operation *> convolutions;
    module.walk([&](Operation *op) {
      // Grouped ones are split by --theta-expand-groups first.
      if (isa<Conv2DOp, Conv2DGradInputOp, Conv2DGradFiltersOp>(op) &&
          convolutionGroups(op) == 1 && llvm::all_of(op->getOperands(), isStaticF32) && isStaticF32(op->getResult(0)))
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
          backward = declareRuntimeEntry(module, kBackwardFunction, kBackwardArguments);
        if (replacePairByCall(gradInput, gradFilters, backward, dominance)) {
          paired.insert(gradInput);
          paired.insert(gradFilters);
          break;
        }
      }
    }
    llvm::erase_if(convolutions, [&](Operation *op) { return paired.contains(op); });
    if (convolutions.empty())
      return;
    func::FuncOp callee = declareRuntimeEntry(module, kConvFunction, kConvArguments);
    for (Operation *op : convolutions) {
      if (auto conv = dyn_cast<Conv2DOp>(op))
        replaceByCall(conv, ConvKind::Forward, conv.getInput(), conv.getFilters(), Value(),
                      callee);
      else if (auto gradInput = dyn_cast<Conv2DGradInputOp>(op))
        replaceByCall(gradInput, ConvKind::GradInput, Value(), gradInput.getFilters(),
                      gradInput.getOutputGrad(), callee);
      else if (auto gradFilters = dyn_cast<Conv2DGradFiltersOp>(op))
        replaceByCall(gradFilters, ConvKind::GradFilters, gradFilters.getInput(), Value(),
                      gradFilters.getOutputGrad(), callee);
    }
  }
};

} // namespace
