//===- ThetaDialect.h - the theta dialect ---------------------------------===//
#ifndef THETA_DIALECT_THETADIALECT_H
#define THETA_DIALECT_THETADIALECT_H

#include "mlir/IR/Dialect.h"

#include "dialect/ThetaDialect.h.inc"

#endif // THETA_DIALECT_THETADIALECT_H
