//===- Passes.h - theta dialect passes ------------------------------------===//
#ifndef THETA_DIALECT_PASSES_H
#define THETA_DIALECT_PASSES_H

#include "dialect/ThetaDialect.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace theta {

#define GEN_PASS_DECL
#include "dialect/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dialect/Passes.h.inc"

} // namespace theta

#endif // THETA_DIALECT_PASSES_H
