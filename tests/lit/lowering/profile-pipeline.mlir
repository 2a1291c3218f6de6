// RUN: theta-opt %s -split-input-file --theta-profile-locations -mlir-print-debuginfo | FileCheck %s --check-prefix=LOC
// RUN: theta-opt %s -split-input-file --theta-lower-cpu | FileCheck %s --check-prefix=OFF
// RUN: theta-opt %s -split-input-file --theta-lower-cpu=profile=true | FileCheck %s --check-prefix=ON

// Profiling's first pass, --theta-profile-locations, names every theta op in
// its location (for what it is lowered and fused into); the whole pipeline
// with profile=true calls the profiler, and without it nothing does.

// LOC-LABEL: func.func @named
//       LOC:   theta.exp {{.*}} loc(#[[EXP:loc[0-9]+]])
//       LOC:   #[[EXP]] = loc("theta.exp"(#{{loc[0-9]*}}))
// OFF-NOT: theta_profile
// ON-DAG: llvm.func @theta_profile_begin(i64)
// ON-DAG: llvm.func @theta_profile_end(i64)
// ON-LABEL: llvm.func @named
//       ON:   llvm.call @theta_profile_begin
//       ON:   llvm.call @theta_profile_end
func.func @named(%x: tensor<16xf32>) -> tensor<16xf32> {
  %e = theta.exp %x : (tensor<16xf32>) -> tensor<16xf32> loc("model.cc":5:1)
  return %e : tensor<16xf32>
}

