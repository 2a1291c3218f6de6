//===- Passes.td - theta lowering passes ----------------------*- tablegen -*-===//
#ifndef THETA_LOWERING_PASSES_TD
#define THETA_LOWERING_PASSES_TD

include "mlir/Pass/PassBase.td"

def ThetaToLinalg : Pass<"theta-to-linalg", "mlir::ModuleOp"> {
  let summary = "Lower theta ops on static shapes to linalg, tensor, arith and math";
  let description = [{
    Elementwise ops (with broadcasting) and reductions become
    `linalg.generic`, so that `linalg-fuse-elementwise-ops` can fuse a chain
    into one loop nest; `dot` becomes `linalg.dot/matvec/vecmat/matmul/
    batch_matmul`; reshape, flatten and keepdims become
    `tensor.collapse_shape/expand_shape`; subtensor and its updates become
    `tensor.extract_slice/insert_slice`; take becomes a gather generic and
    index_add a scatter loop nest (scf.for over tensors); stop_gradient
    disappears. Results with no elements become `tensor.empty`.

    Indices are checked at run time, as NumPy does: a start or index that is
    out of range after negative ones wrap once (and a slice that does not fit)
    calls the runtime's `theta_index_error(site, index, size, length)`, where
    `site` is the address of a constant string naming the op and its
    location; the code goes on with a clamped index, so nothing is read or
    written out of bounds, and the runtime raises the error after the call.
    The strings and the declaration are added to the module, hence a module
    pass.

    Tensor arguments are marked `bufferization.writable = false`: theta
    functions have value semantics and never write the caller's buffers.

    Shapes must be static (the runtime specializes them, see
    `--theta-refine-types`) and `theta.grad` must have been expanded.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::bufferization::BufferizationDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::math::MathDialect", "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect", "::mlir::tensor::TensorDialect"
  ];
}

def ThetaScanToScf : Pass<"theta-scan-to-scf", "mlir::func::FuncOp"> {
  let summary = "Lower theta.scan to scf loops writing histories in place";
  let description = [{
    Every `theta.scan` becomes an `scf.for` (an `scf.while` for scans with an
    `until` condition) over tensors. Each recurrent state carries one
    preallocated history tensor (its initial values, then one row per step)
    that the step reads its taps from with `tensor.extract_slice` and
    writes with `tensor.insert_slice`, so that bufferization updates it in
    place; outputs are written the same way into `[steps, ...]` tensors.
    The body's theta ops are copied into the loop, for `theta-to-linalg`.

    A state with the tap -1 only whose history is read only at its last
    step (`theta.subtensor` of row -1) is carried as a plain value instead.
    States and outputs that nothing needs are not computed.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::scf::SCFDialect", "::mlir::tensor::TensorDialect"
  ];
}

def ThetaMathApproximation : Pass<"theta-math-approximation", "mlir::func::FuncOp"> {
  let summary = "Replace f32 exp/log/tanh/... by polynomial approximations";
  let description = [{
    Rewrites f32 transcendental math ops into arithmetic polynomial
    approximations (upstream's MathPolynomialApproximation patterns), so that
    loops containing them vectorize instead of calling libm per element.

    With `ldexp`, f32 exp ends with `llvm.intr.ldexp` (one `vscalefps` on
    AVX-512) instead of building 2^n in the exponent bits: fewer operations,
    and subnormal results below exp(-87.3) instead of 0. Only for CPUs with
    AVX-512: elsewhere LLVM calls libm's ldexpf for each element.
  }];
  let options = [
    Option<"ldexp", "ldexp", "bool", /*default=*/"false",
           "scale exp's polynomial by 2^n with ldexp (CPUs with AVX-512)">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
    "::mlir::vector::VectorDialect", "::mlir::LLVM::LLVMDialect"
  ];
}

def ThetaLinalgToBlas : Pass<"theta-linalg-to-blas", "mlir::ModuleOp"> {
  let summary = "Replace large matrix products on buffers by calls to the runtime's BLAS";
  let description = [{
    Runs after bufferization. A `linalg.matmul` on f32 or f64 row-major
    buffers (inner stride 1, static shapes) doing at least `min-work`
    multiply-adds becomes a call to `theta_sgemm` / `theta_dgemm`, which the
    runtime implements with OpenBLAS (C += op(A) op(B), the matmul's own
    accumulate semantics; when C is a fresh buffer just filled with zeros,
    the fill is dropped and gemm runs with beta = 0). Operands may start at
    a run-time offset. Transposed operands, given by the matmul's indexing
    maps, become BLAS transpose flags. Other products stay loops.
  }];
  let options = [
    Option<"minimumWork", "min-work", "int64_t", /*default=*/"32768",
           "smallest m*n*k sent to BLAS">,
    Option<"gpu", "gpu", "bool", /*default=*/"false",
           "call cuBLAS on the device's stream (theta_cublas_sgemm/dgemm) instead">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect", "::mlir::memref::MemRefDialect"
  ];
}

def ThetaSequentializeSmallLoops : Pass<"theta-sequentialize-small-loops", "mlir::func::FuncOp"> {
  let summary = "Turn small or nested scf.parallel loops into scf.for";
  let description = [{
    The CPU pipeline lowers linalg to `scf.parallel` and the outermost
    parallel loops to OpenMP. A parallel region costs microseconds to start,
    so a loop nest doing fewer than `min-work` iterations (all its loops'
    static trip counts multiplied) becomes sequential `scf.for` loops, as do
    parallel loops nested in another (only the outer one is distributed).
    A larger loop keeps parallel only the leading dimensions that give at
    least `min-chunks` iterations and runs the others as `scf.for` inside:
    OpenMP would collapse every dimension into one and recover the indices
    by division on each element, and the innermost loop could not be
    vectorized.
  }];
  let options = [
    Option<"minimumWork", "min-work", "int64_t", /*default=*/"65536",
           "smallest loop-nest iteration count kept parallel">,
    Option<"minimumChunks", "min-chunks", "int64_t", /*default=*/"64",
           "iterations the parallel dimensions of a large loop must give">,
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect"];
}

def ThetaNNetToDnnl : Pass<"theta-nnet-to-dnnl", "mlir::ModuleOp"> {
  let summary = "Hand f32 convolutions and their gradients to oneDNN";
  let description = [{
    Runs on theta IR after autodiff and before `theta-to-linalg`. Every
    `theta.conv2d`, `theta.conv2d_grad_input` and `theta.conv2d_grad_filters`
    on static f32 tensors becomes a call to the runtime's `theta_dnnl_conv2d`
    (kind 0, 1 or 2; three buffer addresses; then N, C, H, W, F, KH, KW, OH,
    OW, strides, dilations, the padding top, left, bottom, right, and the
    buffers' layouts, 0 = all dense here), which runs oneDNN's kernels. The input and filter gradients of one convolution
    (the same output gradient, strides, dilations and padding) become one
    call to `theta_dnnl_conv2d_backward` (input, filters, output gradient,
    input gradient, filter gradient, then the same sizes and layouts), which reorders the
    output gradient into oneDNN's layout once for both. Operands enter the
    call through read-only `bufferization.to_buffer`, each result is a fresh
    aligned `memref.alloc` returned through `bufferization.to_tensor restrict
    writable`. Other element types keep the reference lowering of
    `theta-to-linalg`.

    With `gpu=true` (the GPU pipeline) the calls are `theta_cudnn_conv2d`
    (kind, three buffer addresses, the 17 sizes) and
    `theta_cudnn_conv2d_backward` (five addresses, the 17 sizes), which run
    cuDNN on the device's stream; biases and their gradients stay generated
    kernels (a bias add fuses with the elementwise ops after it).
  }];
  let options = [
    Option<"gpu", "gpu", "bool", /*default=*/"false",
           "Call cuDNN (theta_cudnn_*) instead of oneDNN">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::bufferization::BufferizationDialect",
    "::mlir::func::FuncDialect", "::mlir::memref::MemRefDialect"
  ];
}

def ThetaBlockedChannels : Pass<"theta-blocked-channels", "mlir::func::FuncOp"> {
  let summary = "Keep images between oneDNN convolutions in oneDNN's channel-blocked layout";
  let description = [{
    CPU pipeline, on linalg on tensors after elementwise fusion. oneDNN's
    convolutions run on channel-blocked images (nChw16c with AVX-512: an
    N x C x H x W image stored as N x C/16 x H x W x 16); with dense
    tensors between them, every call reordered its images in and out.

    An image tensor (rank 4, static f32, channels a multiple of `block`)
    becomes blocked when it is written by a `theta_dnnl_conv2d[_backward]`
    call or by a `linalg.generic`, and every use of it is an image operand
    of such a call or an input of a `linalg.generic`, where in both generics
    the channel axis is indexed by one loop dimension that indexes nothing
    else. Such a generic gets one more loop, innermost, over the channels of
    a block (parallel or reduction, as the channel loop): the channel loop
    counts blocks, blocked operands are read and
    written as N x C/block x H x W x block, other operands indexed by the
    channel loop are read through an `expand_shape` of their channel axis
    (a bias, a pooled image), and results that are not blocked come back
    through a `collapse_shape`. The calls' buffers change shape and their
    `layouts` argument says which are blocked. A generic whose body reads
    `linalg.index` is left alone, and so are its operands.

    Before that, `expand_shape`s of images that only add unit dimensions
    (how a bias gradient's sum sees its operand) are folded into the maps
    of the generics reading them.
  }];
  let options = [
    Option<"block", "block", "int64_t", /*default=*/"16",
           "channels per block (16: AVX-512, 8: AVX2)">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::bufferization::BufferizationDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::memref::MemRefDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def ThetaCopyRepeatedResults : Pass<"theta-copy-repeated-results", "mlir::func::FuncOp"> {
  let summary = "Give every repeated function result its own copy before bufferization";
  let description = [{
    When a function returns the same tensor value more than once (outputs
    that CSE merged), each repeat is replaced by a `linalg.copy` into a fresh
    `bufferization.alloc_tensor`, so that every result has a buffer of its
    own when results become out-parameters.
  }];
  let dependentDialects = [
    "::mlir::bufferization::BufferizationDialect", "::mlir::linalg::LinalgDialect"
  ];
}

def ThetaFuseElementwise : Pass<"theta-fuse-elementwise", "mlir::func::FuncOp"> {
  let summary = "Fuse elementwise linalg ops, keeping matrix products whole";
  let description = [{
    Upstream `linalg-fuse-elementwise-ops`, with one restriction: reshapes
    are not propagated into or out of named linalg ops such as
    `linalg.matmul`. Upstream turns `expand_shape(matmul)` (the gradient of
    a flatten, for instance) into a higher-rank `linalg.generic`, which
    `--theta-linalg-to-blas` no longer recognizes as a product and which
    then runs as a scalar loop nest instead of a BLAS call.
  }];
  let dependentDialects = [
    "::mlir::affine::AffineDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def ThetaBarePointerAbi : Pass<"theta-bare-pointer-abi", "mlir::ModuleOp"> {
  let summary = "Give every public function argument a bare-pointer-compatible memref type";
  let description = [{
    Runs on buffers, just before `convert-func-to-llvm{use-bare-ptr-memref-call-conv}`.
    That conversion needs static strides, and the identity layout of a shape
    with a zero dimension after the first (`memref<2x0xf32>`) has none: the
    function would silently keep full memref descriptors while the runtime
    passes one pointer per buffer. Such arguments hold no elements, so each
    becomes `memref<0xT>` and its uses read a zero-size `memref.alloca` of
    the original type.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def ThetaAllocationSites : Pass<"theta-allocation-sites", "mlir::ModuleOp"> {
  let summary = "Name the op of every heap allocation for the runtime's messages";
  let description = [{
    Runs on buffers. Before every `memref.alloc`, calls the runtime's
    `theta_allocation_site(site)`, `site` the address of a constant string
    naming the user's line the buffer's op was built at. Compiled code
    allocates through the runtime (`finalize-memref-to-llvm{use-generic-functions}`),
    which turns a failed allocation into `theta::MemoryError` with that text
    instead of a crash.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect", "::mlir::memref::MemRefDialect"
  ];
}

def ThetaOutlineKernels : Pass<"theta-outline-kernels", "mlir::ModuleOp"> {
  let summary = "Compile repeated loop nests once: identical linalg ops become one function";
  let description = [{
    Runs on buffers, after `--theta-linalg-to-blas`, `--theta-allocation-sites`
    and `--theta-profile-instrument` (whose timers stay around the calls),
    before linalg becomes loops. Every linalg op on buffers is keyed by the
    text of a function computing it from its operands and from the values its
    body reads from outside (constants are copied in, other values become
    arguments). Ops whose key occurs at least `min-repeats` times become one
    private `theta_kernel_N` function each, and every occurrence a
    `func.call` to it. A network that repeats its layers (200 dense layers of
    one width, a ResNet's blocks) is then a few kernels and many calls, and
    LLVM's time grows with the number of distinct kernels, not with depth.
    Ops with a buffer the bare-pointer convention cannot pass (a dynamic
    offset or stride, no elements) stay where they are.
  }];
  let options = [
    Option<"minRepeats", "min-repeats", "unsigned", "2",
           "outline a loop nest only when it occurs at least this often">
  ];
  let dependentDialects = ["::mlir::func::FuncDialect"];
}

def ThetaProfileLocations : Pass<"theta-profile-locations", "mlir::ModuleOp"> {
  let summary = "Name every theta op in its location, for the profiler";
  let description = [{
    Profiling only (`PipelineOptions::profile`). Wraps the location of every
    theta op in a `NameLoc` carrying the op's name around its `file:line`
    (`"theta.exp"("model.cc":12:0)`), so that the linalg ops, loops and
    library calls lowered from it, and the ops of the loop nests it is fused
    into, still say which theta op and which line they came from when
    `--theta-profile-instrument` names the pieces of compiled work. Runs
    before `--theta-nnet-to-dnnl` replaces convolutions by library calls.
  }];
}

def ThetaProfileInstrument : Pass<"theta-profile-instrument", "mlir::ModuleOp"> {
  let summary = "Time every piece of compiled work through the runtime's profiler";
  let description = [{
    Profiling only. Runs on buffers, after `--theta-linalg-to-blas` and
    `--theta-allocation-sites`, before linalg becomes loops. Each top-level
    op of a function body that does work — a linalg op (a fused loop nest, a
    reduction, a fill), a library call (`theta_sgemm`, `theta_dnnl_conv2d`,
    ...), a `memref.copy`, the `scf.for`/`scf.while` of a scan — is enclosed
    in `theta_profile_begin(site)` / `theta_profile_end(site)`. `site` is
    the address of a constant string: the piece's class (Elemwise, Reduce,
    Dot, Conv, Scan, Copy, ...), its op name, its shape, then one line per
    theta op found in its locations and those of the ops it contains (see
    `--theta-profile-locations`) with the op's `file:line`. The body of a
    scan's loop is timed as the scan's step, and the pieces inside it are
    instrumented the same way, nested under the step.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect", "::mlir::memref::MemRefDialect"
  ];
}

def ThetaGpuBuffers : Pass<"theta-gpu-buffers", "mlir::ModuleOp"> {
  let summary = "Put the buffers of public functions in GPU memory";
  let description = [{
    GPU pipeline, on buffers, before linalg becomes loops. In every public
    function (the arguments are device pointers there):
    `memref.alloc` becomes `gpu.alloc` and `memref.dealloc` `gpu.dealloc`
    (host allocations would hand kernels host pointers; no upstream pass
    does this); `memref.copy` becomes `linalg.copy`, a parallel loop that
    runs as a kernel and copies strided views too; a constant
    (`memref.get_global`) is copied once per call into a device buffer with
    `gpu.memcpy`. `memref.alloca` stays on the host (the deallocation
    pipeline's pointer lists). Runtime probes (Print, NanGuardMode) and the
    profiler's timers read buffers on the host and are refused with a
    diagnostic naming the op.
  }];
  let dependentDialects = [
    "::mlir::gpu::GPUDialect", "::mlir::linalg::LinalgDialect", "::mlir::memref::MemRefDialect"
  ];
}

def ThetaGpuReductions : Pass<"theta-gpu-reductions", "mlir::func::FuncOp"> {
  let summary = "Shape reductions for GPU threads: parallel loops first, large ones split";
  let description = [{
    GPU pipeline, on linalg on tensors after elementwise fusion. On the GPU
    each parallel loop of a generic becomes threads and its reduction loops
    run inside a thread, so:

    - The loops of every reduction are interchanged so that its parallel
      loops come first. A reduction loop outside a parallel one (a sum over
      the rows of a matrix) otherwise stayed a host loop launching one
      kernel per row.
    - A reduction with fewer than `threads` results over at least
      `min-reduction` elements (a sum or a mean to a scalar, the gradient of
      a bias) is split in two (upstream's `splitReduction`, its reduction
      loops first collapsed into one where every operand holds them
      contiguously): `ratio` partial results per result, thread `j` reducing
      elements `j, j + ratio, ...` (neighbouring threads read neighbouring
      elements), with at most `threads` threads and at least `per-thread`
      elements each; then the partials are reduced, split again while still
      large. A scalar sum of 16M elements runs in 65536 threads, then 256,
      then one, instead of one thread. Floating-point sums are added in
      another order than on the CPU.

    Reductions whose loops cannot be collapsed into one (over the first and
    last axes of a tensor, say) keep one thread per result.
  }];
  let options = [
    Option<"threads", "threads", "int64_t", /*default=*/"65536",
           "threads a split reduction uses at most">,
    Option<"perThread", "per-thread", "int64_t", /*default=*/"64",
           "elements a thread reduces at least">,
    Option<"minReduction", "min-reduction", "int64_t", /*default=*/"8192",
           "elements per result from which a reduction is split">,
  ];
  let dependentDialects = [
    "::mlir::linalg::LinalgDialect", "::mlir::tensor::TensorDialect",
    "::mlir::arith::ArithDialect"
  ];
}

def ThetaGpuLaunches : Pass<"theta-gpu-launches", "mlir::ModuleOp"> {
  let summary = "Shape parallel loops for GPU blocks, and put sequential code in kernels";
  let description = [{
    GPU pipeline, after `convert-linalg-to-parallel-loops`, before
    `gpu-map-parallel-loops`. In public functions:

    - Every outermost `scf.parallel` is tiled so that its innermost
      dimension runs `block-size` iterations per block and the others one
      (`gpu-map-parallel-loops{mapping-policy=innermost-first}` then puts
      the innermost dimension on threadIdx.x, so neighbouring threads read
      neighbouring elements). Partial tiles are guarded by an `scf.if`.
    - Code that reads or writes buffers outside any parallel loop (a
      reduction to a scalar, an `scf.for` of loads and stores, a rank-0
      elementwise op) is moved, in runs of consecutive ops, into a
      one-thread `gpu.launch`: the host cannot dereference device memory.
    - Loops that contain parallel loops, library calls or allocations (the
      `scf.for` of a scan) stay on the host, and their bodies are handled
      the same way: the loop runs on the host, its steps on the device.

    A value read from device memory that the host needs (a loop bound, an
    index checked on the host) cannot be provided and is a diagnostic.
  }];
  let options = [
    Option<"blockSize", "block-size", "int64_t", /*default=*/"256",
           "threads per block along the innermost parallel dimension">,
  ];
  let dependentDialects = ["::mlir::gpu::GPUDialect", "::mlir::scf::SCFDialect"];
}

def ThetaGpuSinkViews : Pass<"theta-gpu-sink-views", "mlir::func::FuncOp"> {
  let summary = "Move buffer views and index arithmetic into the kernels that use them";
  let description = [{
    GPU pipeline, after `convert-parallel-loops-to-gpu`, before outlining.
    Kernels take one bare pointer per buffer, which has no room for a
    run-time offset: a row of a scan's history (`memref.subview` at the
    loop's index) cannot be a kernel argument. Views (subview, reshapes,
    casts), constants and index arithmetic used by a `gpu.launch` are
    cloned into it, so the kernel receives the whole buffer and the indices
    and takes the view itself (upstream's `gpu-launch-sink-index-computations`
    does this for constants and `memref.dim` only).
  }];
  let dependentDialects = ["::mlir::gpu::GPUDialect", "::mlir::memref::MemRefDialect"];
}

#endif // THETA_LOWERING_PASSES_TD

def ThetaAliasFacts : Pass<"theta-alias-facts", "mlir::ModuleOp"> {
  let summary = "Tell LLVM what Theta knows about its buffers: inputs stay unchanged, temporaries are fresh";
  let description = [{
    Runs last in the CPU pipeline, on the LLVM dialect. LLVM sees every
    buffer as a plain pointer that may overlap any other, so a load inside a
    loop that stores stays in the loop, and loops are vectorized behind
    run-time overlap checks, or not at all. Theta knows two facts:

    1. A public function's pointer arguments are the caller's buffers:
       inputs, which compiled code never writes (they bufferize as
       `bufferization.writable = false`), and fresh results. An argument
       whose every use only reads (loads, address arithmetic, memref
       descriptors, the source of a memcpy, or a parameter of a private
       function of this module that itself only reads it, at every call
       site) points to memory no one writes while the call runs: loads
       through it get `invariant` (LLVM's `!invariant.load`), so LLVM hoists
       them out of loops: a gather reads its row index once per row instead
       of once per element. Pointers that escape (stored, cast to an
       integer, passed to an external function) are left alone.
    2. The allocators compiled code calls (`_mlir_memref_to_llvm_alloc` and
       `_mlir_memref_to_llvm_aligned_alloc`, the runtime's) return memory
       nothing else points to: their result is `noalias`, as malloc's is, so a temporary never overlaps another
       buffer and a scalar accumulator in one stays in a register.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def ThetaEliminateEmptyTensors : Pass<"theta-eliminate-empty-tensors", "mlir::ModuleOp"> {
  let summary = "Build results that are inserted into a bigger tensor in its slice (top-down analysis)";
  let description = [{
    Upstream's `eliminate-empty-tensors`, run right before one-shot
    bufferization with that bufferization's options: a value computed into a
    `tensor.empty` and then inserted into a bigger tensor (a scan step's
    state written into its history row) is computed in the destination's
    slice, so bufferization writes it there instead of into a temporary that
    is then copied. Upstream's pass analyzes with the default bottom-up
    heuristic, whose time grows with the square of the function; this one
    uses the top-down heuristic the pipeline bufferizes with, and runs only
    on modules that insert subsets inside loops (where the copies repeat
    every step; elsewhere the analysis would cost more compile time than the
    copies it saves).
  }];
  let dependentDialects = [
    "::mlir::bufferization::BufferizationDialect", "::mlir::tensor::TensorDialect"
  ];
}

def ThetaEarlyDeallocation : Pass<"theta-early-deallocation", "mlir::func::FuncOp"> {
  let summary = "Free each temporary right after its last use instead of at the end of its block";
  let description = [{
    Runs between `ownership-based-buffer-deallocation` (and its
    canonicalization) and `buffer-deallocation-simplification`. Ownership-based
    deallocation frees every buffer allocated in a block with one
    `bufferization.dealloc` at the block's end: a training step holds all its
    temporaries until it returns (peak memory is their sum), and a deep
    network's step ends in one dealloc of ~1200 buffers whose simplification
    compares every pair (0.3 s for a 200-layer MLP). For each buffer of such
    a dealloc that the block itself allocated, owns unconditionally (its
    condition is the constant true) and does not let escape (no value
    derived from it reaches a terminator), a `memref.dealloc` goes right
    after the block's last op that uses the buffer or anything derived from
    it (views, extracted pointers, values computed from those), and the
    buffer leaves the `bufferization.dealloc`. Deallocs that retain values
    are left alone.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}
