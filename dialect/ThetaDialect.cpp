//===- ThetaDialect.cpp - dialect registration and custom syntax ----------===//
#include "dialect/ThetaDialect.h"

#include "dialect/GradientBuilder.h"
#include "dialect/ThetaOps.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

using namespace mlir;
using namespace theta;

#include "dialect/ThetaDialect.cpp.inc"

//===----------------------------------------------------------------------===//
// Custom assembly directives
//===----------------------------------------------------------------------===//

/// `[%i : tensor<i64>, 3, -1]`: static integers mixed with rank-0 integer
/// tensors (upstream's DynamicIndexList, with the operand types printed).
static ParseResult parseThetaIndexList(OpAsmParser &parser,
                                       SmallVectorImpl<OpAsmParser::UnresolvedOperand> &values,
                                       DenseI64ArrayAttr &integers,
                                       SmallVectorImpl<Type> &valueTypes) {
  return mlir::parseDynamicIndexList(parser, values, integers, &valueTypes);
}

static void printThetaIndexList(OpAsmPrinter &printer, Operation *op, OperandRange values,
                                ArrayRef<int64_t> integers, TypeRange valueTypes) {
  mlir::printDynamicIndexList(printer, op, values, integers, valueTypes);
}

/// `[1, x, 0]`: input dimensions, or `x` for a new broadcastable one (-1).
static ParseResult parseShufflePattern(OpAsmParser &parser, DenseI64ArrayAttr &pattern) {
  SmallVector<int64_t> entries;
  auto parseEntry = [&]() -> ParseResult {
    if (succeeded(parser.parseOptionalKeyword("x"))) {
      entries.push_back(-1);
      return success();
    }
    int64_t dim;
    if (parser.parseInteger(dim))
      return failure();
    if (dim < 0)
      return parser.emitError(parser.getCurrentLocation(),
                              "dimshuffle entries are input dimensions (>= 0) or 'x'");
    entries.push_back(dim);
    return success();
  };
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, parseEntry))
    return failure();
  pattern = parser.getBuilder().getDenseI64ArrayAttr(entries);
  return success();
}

static void printShufflePattern(OpAsmPrinter &printer, Operation *, DenseI64ArrayAttr pattern) {
  printer << '[';
  llvm::interleaveComma(pattern.asArrayRef(), printer, [&](int64_t entry) {
    if (entry < 0)
      printer << 'x';
    else
      printer << entry;
  });
  printer << ']';
}

#include "dialect/ScalarMath.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include "dialect/DifferentiableOpInterface.cpp.inc"
#include "dialect/ElementwiseOpInterface.cpp.inc"

#define GET_OP_CLASSES
#include "dialect/ThetaOps.cpp.inc"

void ThetaDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialect/ThetaOps.cpp.inc"
      >();
}

Operation *ThetaDialect::materializeConstant(OpBuilder &builder, Attribute value, Type type,
                                             Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  // Null (no constant) rather than an abort where the type is not a tensor.
  return tryCreate<ConstantOp>(builder, loc, /*diagnose=*/false, elements);
}
