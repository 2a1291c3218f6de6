"""One Bazel test per lit suite (a folder of .mlir files under tests/lit)."""

def lit_suite(suite, tools = ["//tools:theta-opt"]):
    """Defines `<suite>_lit`, running every .mlir test under tests/lit/<suite>."""
    native.sh_test(
        name = suite + "_lit",
        srcs = ["run_lit.sh"],
        args = [suite],
        data = native.glob([suite + "/**/*.mlir"]) + ["lit.cfg.py"] + tools,
        size = "small",
    )
