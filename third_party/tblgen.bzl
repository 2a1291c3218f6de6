"""Runs mlir-tblgen from the system LLVM 22 on .td files."""

def _gentbl_impl(ctx):
    td = ctx.file.td_file
    includes = ["-I", ctx.attr._tblgen.label.workspace_root + "/include", "-I", ".", "-I", ctx.genfiles_dir.path]
    for inc in ctx.attr.includes:
        includes += ["-I", inc]
    outs = []
    for out_name, flags in ctx.attr.outs.items():
        out = ctx.actions.declare_file(out_name)
        outs.append(out)
        ctx.actions.run(
            executable = ctx.file._tblgen,
            arguments = flags.split(" ") + includes + [td.path, "-o", out.path],
            inputs = [td] + ctx.files.deps + ctx.files._mlir_td,
            outputs = [out],
            mnemonic = "MlirTblgen",
            progress_message = "mlir-tblgen %s -> %s" % (td.short_path, out.short_path),
        )
    return [DefaultInfo(files = depset(outs))]

_gentbl = rule(
    implementation = _gentbl_impl,
    attrs = {
        "td_file": attr.label(allow_single_file = [".td"], mandatory = True),
        "deps": attr.label_list(allow_files = [".td"]),
        "includes": attr.string_list(),
        "outs": attr.string_dict(mandatory = True, doc = "output file -> mlir-tblgen flags"),
        "_tblgen": attr.label(default = "@llvm//:bin/mlir-tblgen", allow_single_file = True),
        "_mlir_td": attr.label(default = "@llvm//:td_files"),
    },
)

def gentbl(name, td_file, outs, deps = [], **kwargs):
    """Generates `outs` ({file: flags}) from td_file; `name` is a cc_library of them."""
    _gentbl(name = name + "_gen", td_file = td_file, outs = outs, deps = deps)
    native.cc_library(name = name, textual_hdrs = [":" + name + "_gen"], **kwargs)
