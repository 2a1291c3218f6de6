//===- ThetaOps.h - theta operations --------------------------------------===//
#ifndef THETA_DIALECT_THETAOPS_H
#define THETA_DIALECT_THETAOPS_H

#include "dialect/ConvGeometry.h"
#include "dialect/ShapeUtils.h"
#include "dialect/ThetaDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialect/DifferentiableOpInterface.h.inc"

#define GET_OP_CLASSES
#include "dialect/ThetaOps.h.inc"

#endif // THETA_DIALECT_THETAOPS_H
