# lit configuration for theta's FileCheck tests. The Bazel runner (run_lit.sh)
# puts theta-opt and the LLVM 22 tools (FileCheck, not) on PATH.
import os
import lit.formats

config.name = "theta"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".mlir"]
config.environment["PATH"] = os.environ["PATH"]
for var in ("THETA_LOG", "HOME"):
    if var in os.environ:
        config.environment[var] = os.environ[var]
