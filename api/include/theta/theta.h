//===- theta/theta.h - the Theta C++ API ----------------------------------===//
//
//   #include <theta/theta.h>
//   auto x = theta::scalar("x"), y = theta::scalar("y");
//   theta::Function f = theta::function({x, y}, x + y);
//   std::cout << f(2, 8)[0];  // 10
//
//===----------------------------------------------------------------------===//
#ifndef THETA_API_THETA_H
#define THETA_API_THETA_H

#include "runtime/Array.h"
#include "runtime/Error.h"
#include "theta/Composites.h"
#include "theta/Config.h"
#include "theta/Debugprint.h"
#include "theta/Function.h"
#include "theta/Gradient.h"
#include "theta/NNet.h"
#include "theta/Npz.h"
#include "theta/Ops.h"
#include "theta/Print.h"
#include "theta/RandomStreams.h"
#include "theta/Save.h"
#include "theta/Scan.h"
#include "theta/Variable.h"
#include "theta/VerifyGrad.h"

#endif // THETA_API_THETA_H
