//===- BlockedChannels.cpp - --theta-blocked-channels ---------------------===//
//
// Images between oneDNN convolutions in oneDNN's channel-blocked layout, so
// that the calls stop reordering them (7 reorders, 2.6 ms of a 36 ms CNN
// training step): see Passes.td. The elementwise code between the calls
// (bias, relu, pooling and their gradients) iterates over the blocked shape
// with the channels of a block innermost, which is also the vector width.
//
//===----------------------------------------------------------------------===//
#include "lowering/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

namespace theta {
#define GEN_PASS_DEF_THETABLOCKEDCHANNELS
#include "lowering/Passes.h.inc"
} // namespace theta

using namespace mlir;

namespace {

constexpr StringLiteral kConvFunction = "theta_dnnl_conv2d";
constexpr StringLiteral kBackwardFunction = "theta_dnnl_conv2d_backward";

/// One image buffer of a convolution call.
struct Port {
  func::CallOp call;
  unsigned buffer;   // which buffer argument of the call (bit of `layouts`)
  Value tensor;      // the image as a tensor
  Operation *source; // its bufferization.to_buffer (read) or memref.alloc (written)
  bool written;
};

/// The buffer arguments of a convolution call: their first operand, which
/// of them are images, and which the call writes. False for other calls
/// (and for calls with another number of arguments than the runtime's).
bool describeCall(func::CallOp call, unsigned &first, SmallVectorImpl<unsigned> &images,
                  SmallVectorImpl<unsigned> &written) {
  if (call.getCallee() == kConvFunction && call.getNumOperands() == 23) {
    std::optional<int64_t> kind = getConstantIntValue(call.getOperand(0));
    if (!kind || *kind < 0 || *kind > 2)
      return false;
    first = 1;
    images.assign({0, 2});
    written.assign({*kind == 0 ? 2u : *kind == 1 ? 0u : 1u});
    return true;
  }
  if (call.getCallee() == kBackwardFunction && call.getNumOperands() == 24) {
    first = 0; // input, filters, output gradient, input gradient, filter gradient, bias gradient
    images.assign({0, 2, 3});
    written.assign({3, 4});
    return true;
  }
  return false;
}

/// The memref whose aligned pointer `address` (an i64 call argument) is.
Value addressedBuffer(Value address) {
  auto cast = address.getDefiningOp<arith::IndexCastOp>();
  if (!cast)
    return {};
  auto extract = cast.getIn().getDefiningOp<memref::ExtractAlignedPointerAsIndexOp>();
  return extract ? extract.getSource() : Value();
}

/// The reassociation between a tensor of `rank` and the same with axis
/// `axis` split in two (blocks, then the channels of a block).
SmallVector<ReassociationIndices> splitAxis(int64_t rank, int64_t axis) {
  SmallVector<ReassociationIndices> groups;
  for (int64_t i = 0; i < rank; ++i) {
    int64_t start = i <= axis ? i : i + 1;
    groups.push_back(i == axis ? ReassociationIndices{start, start + 1}
                               : ReassociationIndices{start});
  }
  return groups;
}

struct BlockedChannelsPass : theta::impl::ThetaBlockedChannelsBase<BlockedChannelsPass> {
  using ThetaBlockedChannelsBase::ThetaBlockedChannelsBase;

  // Ports by the tensor a call writes, and by the to_buffer op a call reads.
  llvm::DenseMap<Value, Port> writtenPorts;
  llvm::DenseMap<Operation *, SmallVector<Port>> readPorts;
  // Which loop of a generic indexes the channels; none if it cannot be blocked.
  llvm::DenseMap<Operation *, std::optional<unsigned>> channelLoops;
  llvm::DenseSet<Value> blocked;
  llvm::DenseMap<Value, Value> blockedValue;

  void runOnOperation() override {
    if (block < 2) {
      getOperation().emitError() << "theta-blocked-channels: block must be at least 2, not "
                                 << block;
      return signalPassFailure();
    }
    func::FuncOp func = getOperation();
    if (!findPorts(func))
      return;
    foldUnitExpansions(func);
    chooseBlockedImages(func);
    if (blocked.empty())
      return;
    rewrite(func);
  }

  /// A tensor this pass may block: rank 4, static f32, channels a multiple
  /// of the block.
  bool isImage(Value value) const {
    auto type = dyn_cast<RankedTensorType>(value.getType());
    return type && type.getRank() == 4 && type.hasStaticShape() &&
           type.getElementType().isF32() && type.getDimSize(1) % block == 0;
  }

  RankedTensorType blockedType(Type type) const {
    auto image = cast<RankedTensorType>(type);
    ArrayRef<int64_t> s = image.getShape();
    return RankedTensorType::get({s[0], s[1] / block, s[2], s[3], block},
                                 image.getElementType());
  }

  /// expand_shape(image) that only adds unit dimensions, read by generics:
  /// the generics read the image itself, with the unit positions of their
  /// maps dropped (a bias gradient's sum sees its operand that way).
  void foldUnitExpansions(func::FuncOp func) {
    SmallVector<tensor::ExpandShapeOp> expansions;
    func.walk([&](tensor::ExpandShapeOp expand) {
      if (isImage(expand.getSrc()))
        expansions.push_back(expand);
    });
    for (tensor::ExpandShapeOp expand : expansions) {
      ArrayRef<int64_t> shape = expand.getResultType().getShape();
      SmallVector<unsigned> kept; // per source axis, the expanded position holding it
      bool onlyUnits = true;
      for (const ReassociationIndices &group : expand.getReassociationIndices()) {
        std::optional<unsigned> keep;
        for (int64_t position : group)
          if (shape[position] != 1) {
            onlyUnits &= !keep.has_value();
            keep = position;
          }
        kept.push_back(keep.value_or(group.front()));
      }
      if (!onlyUnits)
        continue;
      for (OpOperand &use : llvm::make_early_inc_range(expand.getResult().getUses())) {
        auto generic = dyn_cast<linalg::GenericOp>(use.getOwner());
        if (!generic || !generic.isDpsInput(&use))
          continue;
        AffineMap map = generic.getMatchingIndexingMap(&use);
        SmallVector<AffineExpr> results;
        for (unsigned position : kept)
          results.push_back(map.getResult(position));
        SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
        maps[use.getOperandNumber()] =
            AffineMap::get(map.getNumDims(), map.getNumSymbols(), results, map.getContext());
        // Every loop must still have its size from some operand.
        bool everyLoopIndexed = true;
        for (unsigned loop = 0; loop < map.getNumDims(); ++loop)
          everyLoopIndexed &= llvm::any_of(maps, [&](AffineMap m) {
            return llvm::any_of(m.getResults(),
                                [&](AffineExpr e) { return e == getAffineDimExpr(loop, m.getContext()); });
          });
        if (!everyLoopIndexed)
          continue;
        generic.setIndexingMapsAttr(Builder(generic).getAffineMapArrayAttr(maps));
        use.set(expand.getSrc());
      }
      if (expand->use_empty())
        expand->erase();
    }
  }

  /// Finds the image buffers of the convolution calls; false if none.
  bool findPorts(func::FuncOp func) {
    func.walk([&](func::CallOp call) {
      unsigned first;
      SmallVector<unsigned, 3> images, written;
      if (!describeCall(call, first, images, written) ||
          !getConstantIntValue(call.getOperands().back()))
        return;
      for (unsigned image : images) {
        Value buffer = addressedBuffer(call.getOperand(first + image));
        if (!buffer)
          continue;
        if (llvm::is_contained(written, image)) {
          auto alloc = buffer.getDefiningOp<memref::AllocOp>();
          if (!alloc)
            continue;
          // The alloc's users: the address and one to_tensor.
          bufferization::ToTensorOp toTensor;
          unsigned others = 0;
          for (Operation *user : alloc->getUsers()) {
            auto asTensor = dyn_cast<bufferization::ToTensorOp>(user);
            if (asTensor && !toTensor)
              toTensor = asTensor;
            else if (!isa<memref::ExtractAlignedPointerAsIndexOp>(user))
              ++others;
          }
          if (!others && toTensor && isImage(toTensor.getResult()))
            writtenPorts[toTensor.getResult()] = {call, image, toTensor.getResult(), alloc, true};
        } else if (auto toBuffer = buffer.getDefiningOp<bufferization::ToBufferOp>()) {
          if (isImage(toBuffer.getTensor()))
            readPorts[toBuffer].push_back({call, image, toBuffer.getTensor(), toBuffer, false});
        }
      }
    });
    return !writtenPorts.empty() || !readPorts.empty();
  }

  /// Whether a to_buffer op is read by convolution calls only, as images.
  bool readByCallsOnly(bufferization::ToBufferOp toBuffer) {
    auto found = readPorts.find(toBuffer);
    if (found == readPorts.end())
      return false;
    auto isPort = [&](OpOperand &use) {
      auto call = dyn_cast<func::CallOp>(use.getOwner());
      unsigned first;
      SmallVector<unsigned, 3> images, written;
      return call && describeCall(call, first, images, written) &&
             llvm::any_of(found->second, [&](const Port &port) {
               return port.call == call && first + port.buffer == use.getOperandNumber();
             });
    };
    for (Operation *extract : toBuffer->getUsers()) {
      if (!isa<memref::ExtractAlignedPointerAsIndexOp>(extract))
        return false;
      for (Operation *cast : extract->getUsers())
        if (!isa<arith::IndexCastOp>(cast) || !llvm::all_of(cast->getUses(), isPort))
          return false;
    }
    return true;
  }

  /// The loop indexing the channel axis (position 1) of image `operand`.
  static std::optional<unsigned> channelLoopOf(linalg::GenericOp generic, OpOperand &operand) {
    AffineMap map = generic.getMatchingIndexingMap(&operand);
    if (map.getNumResults() != 4)
      return std::nullopt;
    auto dim = dyn_cast<AffineDimExpr>(map.getResult(1));
    return dim ? std::optional<unsigned>(dim.getPosition()) : std::nullopt;
  }

  /// The channel loop of `generic` if it can iterate over blocks: one loop
  /// indexes the channel axis of all its image operands and results, and
  /// appears in every map at most once, alone (it may be a reduction: a sum
  /// over all elements adds the channels of a block in the inner loop).
  std::optional<unsigned> channelLoop(linalg::GenericOp generic) {
    auto found = channelLoops.find(generic);
    if (found != channelLoops.end())
      return found->second;
    std::optional<unsigned> loop = computeChannelLoop(generic);
    channelLoops[generic] = loop;
    return loop;
  }

  std::optional<unsigned> computeChannelLoop(linalg::GenericOp generic) {
    if (!generic.hasPureTensorSemantics() || generic.hasIndexSemantics())
      return std::nullopt;
    std::optional<unsigned> loop;
    for (OpOperand &operand : generic->getOpOperands()) {
      if (!isImage(operand.get()))
        continue;
      std::optional<unsigned> own = channelLoopOf(generic, operand);
      if (!own || (loop && *loop != *own))
        return std::nullopt;
      loop = own;
    }
    if (!loop)
      return std::nullopt;
    SmallVector<int64_t> ranges = generic.getStaticLoopRanges();
    if (ShapedType::isDynamic(ranges[*loop]) || ranges[*loop] % block != 0)
      return std::nullopt;
    AffineExpr channel = getAffineDimExpr(*loop, generic.getContext());
    for (OpOperand &operand : generic->getOpOperands()) {
      AffineMap map = generic.getMatchingIndexingMap(&operand);
      auto type = dyn_cast<RankedTensorType>(operand.get().getType());
      unsigned uses = 0;
      for (auto [position, expr] : llvm::enumerate(map.getResults())) {
        if (expr == channel) {
          ++uses;
          if (!type || type.getDimSize(position) != ranges[*loop])
            return std::nullopt;
        } else if (expr.isFunctionOfDim(*loop)) {
          return std::nullopt;
        }
      }
      if (uses > 1)
        return std::nullopt;
    }
    return loop;
  }

  /// Which images become blocked: written by a call or a blockable generic
  /// (whose result starts from tensor.empty), read only by calls and as
  /// inputs of blockable generics. Then, until nothing changes, two kinds
  /// drop out, for speed: a generic's result when the generic reads no
  /// blocked image (blocking would make it a reorder in generated code,
  /// slower than oneDNN's), and every image a generic touches when it
  /// would also read or write a dense image, through its channel loop,
  /// larger than a quarter of its largest blocked one (those accesses are
  /// strided by H x W).
  void chooseBlockedImages(func::FuncOp func) {
    SmallVector<Value> candidates;
    for (auto &[tensor, port] : writtenPorts)
      candidates.push_back(tensor);
    SmallVector<linalg::GenericOp> generics;
    func.walk([&](linalg::GenericOp generic) {
      if (!channelLoop(generic))
        return;
      generics.push_back(generic);
      for (OpResult result : generic->getResults())
        if (isImage(result) &&
            generic.getDpsInitOperand(result.getResultNumber())->get().getDefiningOp<tensor::EmptyOp>())
          candidates.push_back(result);
    });
    for (Value candidate : candidates) {
      bool usesFit = llvm::all_of(candidate.getUses(), [&](OpOperand &use) {
        if (auto toBuffer = dyn_cast<bufferization::ToBufferOp>(use.getOwner()))
          return readByCallsOnly(toBuffer);
        auto generic = dyn_cast<linalg::GenericOp>(use.getOwner());
        return generic && generic.isDpsInput(&use) && channelLoop(generic);
      });
      if (usesFit)
        blocked.insert(candidate);
    }
    for (bool changed = true; changed;) {
      changed = false;
      for (linalg::GenericOp generic : generics) {
        SmallVector<Value> touched;
        int64_t largestBlocked = 0, largestDense = 0;
        bool readsBlocked = false;
        AffineExpr channel = getAffineDimExpr(*channelLoop(generic), generic.getContext());
        for (OpOperand &operand : generic->getOpOperands()) {
          Value value = generic.isDpsInit(&operand)
                            ? Value(generic.getTiedOpResult(&operand))
                            : operand.get();
          auto type = dyn_cast<RankedTensorType>(value.getType());
          if (!type) // a scalar operand
            continue;
          if (blocked.contains(value)) {
            touched.push_back(value);
            readsBlocked |= generic.isDpsInput(&operand);
            largestBlocked = std::max(largestBlocked, type.getNumElements());
          } else if (llvm::is_contained(generic.getMatchingIndexingMap(&operand).getResults(),
                                        channel)) {
            largestDense = std::max(largestDense, type.getNumElements());
          }
        }
        if (touched.empty())
          continue;
        if (4 * largestDense > largestBlocked) {
          for (Value value : touched)
            blocked.erase(value);
          changed = true;
        } else if (!readsBlocked) {
          for (Value result : generic->getResults())
            changed |= blocked.erase(result);
        }
      }
    }
  }

  /// Rewrites, in order, the calls' buffers and the generics touching
  /// blocked images; then erases what they replaced.
  void rewrite(func::FuncOp func) {
    SmallVector<Operation *> ops;
    func.walk<WalkOrder::PreOrder>([&](Operation *op) { ops.push_back(op); });
    llvm::DenseMap<Operation *, int64_t> layouts; // call -> bits of blocked buffers
    SmallVector<Operation *> replaced;
    for (Operation *op : ops) {
      if (auto toTensor = dyn_cast<bufferization::ToTensorOp>(op)) {
        auto port = writtenPorts.find(toTensor.getResult());
        if (port == writtenPorts.end() || !blocked.contains(port->second.tensor))
          continue;
        blockWrittenBuffer(port->second);
        layouts[port->second.call] |= int64_t(1) << port->second.buffer;
        replaced.push_back(port->second.source); // erased after its to_tensor
        replaced.push_back(toTensor);
      } else if (auto toBuffer = dyn_cast<bufferization::ToBufferOp>(op)) {
        if (!blocked.contains(toBuffer.getTensor()) || !readPorts.count(toBuffer))
          continue;
        blockReadBuffer(toBuffer);
        for (const Port &port : readPorts[toBuffer])
          layouts[port.call] |= int64_t(1) << port.buffer;
        replaced.push_back(toBuffer);
      } else if (auto generic = dyn_cast<linalg::GenericOp>(op)) {
        bool touchesBlocked = llvm::any_of(generic->getOperands(), [&](Value v) {
          return blocked.contains(v);
        }) || llvm::any_of(generic->getResults(), [&](Value v) { return blocked.contains(v); });
        if (!touchesBlocked)
          continue;
        blockGeneric(generic, *channelLoop(generic));
        replaced.push_back(generic);
      }
    }
    for (auto &[call, bits] : layouts) {
      OpBuilder b(call);
      OpOperand &argument = call->getOpOperands().back();
      int64_t value = *getConstantIntValue(argument.get()) | bits | (block << 8);
      argument.set(arith::ConstantIntOp::create(b, call->getLoc(), value, 64));
    }
    for (Operation *op : llvm::reverse(replaced)) {
      if (!op->use_empty()) {
        op->emitError("theta-blocked-channels: a replaced op still has uses");
        return signalPassFailure();
      }
      op->erase();
    }
  }

  /// The call writes the blocked image into a buffer of the blocked shape.
  void blockWrittenBuffer(const Port &port) {
    auto toTensor = cast<bufferization::ToTensorOp>(port.tensor.getDefiningOp());
    auto oldAlloc = cast<memref::AllocOp>(port.source);
    RankedTensorType type = blockedType(port.tensor.getType());
    OpBuilder b(oldAlloc);
    auto alloc = memref::AllocOp::create(
        b, oldAlloc.getLoc(), MemRefType::get(type.getShape(), type.getElementType()),
        oldAlloc.getAlignmentAttr());
    for (OpOperand &use : llvm::make_early_inc_range(oldAlloc->getUses()))
      if (isa<memref::ExtractAlignedPointerAsIndexOp>(use.getOwner()))
        use.set(alloc);
    b.setInsertionPoint(toTensor);
    blockedValue[port.tensor] = bufferization::ToTensorOp::create(
        b, toTensor.getLoc(), type, alloc, toTensor.getRestrictAttr(), toTensor.getWritableAttr());
  }

  /// The calls read the blocked image.
  void blockReadBuffer(bufferization::ToBufferOp toBuffer) {
    Value image = blockedValue.lookup(toBuffer.getTensor());
    auto type = cast<RankedTensorType>(image.getType());
    OpBuilder b(toBuffer);
    auto buffer = bufferization::ToBufferOp::create(
        b, toBuffer.getLoc(), MemRefType::get(type.getShape(), type.getElementType()), image,
        toBuffer.getReadOnlyAttr());
    for (OpOperand &use : llvm::make_early_inc_range(toBuffer->getUses()))
      use.set(buffer);
  }

  /// `generic` again with the channel loop counting blocks and one more
  /// loop, innermost, over the channels of a block.
  void blockGeneric(linalg::GenericOp generic, unsigned channel) {
    MLIRContext *context = generic.getContext();
    unsigned loops = generic.getNumLoops();
    AffineExpr channelExpr = getAffineDimExpr(channel, context);
    AffineExpr within = getAffineDimExpr(loops, context);
    Location loc = generic.getLoc();
    OpBuilder b(generic);
    SmallVector<AffineMap> maps;
    // Splits axis `position` of a dense tensor into blocks and channels.
    auto expanded = [&](Value value, unsigned position) -> Value {
      auto type = cast<RankedTensorType>(value.getType());
      SmallVector<int64_t> shape(type.getShape());
      shape[position] /= block;
      shape.insert(shape.begin() + position + 1, block);
      return tensor::ExpandShapeOp::create(b, loc,
                                           RankedTensorType::get(shape, type.getElementType()),
                                           value, splitAxis(type.getRank(), position));
    };
    // The operand as the blocked generic reads or writes it, and its map.
    auto operandFor = [&](OpOperand &operand, bool isResult) -> Value {
      AffineMap map = generic.getMatchingIndexingMap(&operand);
      SmallVector<AffineExpr> results(map.getResults());
      auto position = llvm::find(results, channelExpr);
      Value value = operand.get();
      bool blockedImage = blocked.contains(isResult ? Value(generic.getTiedOpResult(&operand))
                                                    : value);
      if (position == results.end()) {
        maps.push_back(AffineMap::get(loops + 1, 0, results, context));
        return value;
      }
      if (blockedImage) {
        results.push_back(within);
        maps.push_back(AffineMap::get(loops + 1, 0, results, context));
        if (isResult)
          return tensor::EmptyOp::create(b, loc, blockedType(value.getType()), ValueRange());
        return blockedValue.lookup(value);
      }
      unsigned axis = position - results.begin();
      results.insert(results.begin() + axis + 1, within);
      maps.push_back(AffineMap::get(loops + 1, 0, results, context));
      return expanded(value, axis);
    };
    SmallVector<Value> inputs, inits;
    for (OpOperand *input : generic.getDpsInputOperands())
      inputs.push_back(operandFor(*input, false));
    for (OpOperand &init : generic.getDpsInitsMutable())
      inits.push_back(operandFor(init, true));
    SmallVector<utils::IteratorType> iterators = generic.getIteratorTypesArray();
    iterators.push_back(iterators[channel]); // blocks and their channels alike
    SmallVector<Type> resultTypes;
    for (Value init : inits)
      resultTypes.push_back(init.getType());
    auto replacement =
        linalg::GenericOp::create(b, loc, resultTypes, inputs, inits, maps, iterators);
    IRMapping mapping;
    generic.getRegion().cloneInto(&replacement.getRegion(), mapping);
    replacement->setDiscardableAttrs(generic->getDiscardableAttrDictionary());
    for (auto [result, blockedResult] :
         llvm::zip(generic->getResults(), replacement->getResults())) {
      if (blocked.contains(result)) {
        blockedValue[result] = blockedResult;
        continue;
      }
      Value plain = blockedResult;
      if (blockedResult.getType() != result.getType()) {
        auto type = cast<RankedTensorType>(blockedResult.getType());
        auto original = cast<RankedTensorType>(result.getType());
        // The one axis split in two: where the shapes first differ.
        unsigned axis = 0;
        while (type.getDimSize(axis) == original.getDimSize(axis))
          ++axis;
        plain = tensor::CollapseShapeOp::create(b, loc, original, blockedResult,
                                                splitAxis(original.getRank(), axis));
      }
      result.replaceAllUsesWith(plain);
    }
  }
};

} // namespace
