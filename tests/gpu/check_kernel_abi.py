#!/usr/bin/env python3
"""The host/kernel calling convention of --theta-lower-gpu's output: every
gpu.launch_func must pass exactly as many arguments as the kernel it launches
declares .param entries in its PTX. (Host code with bare pointers and kernels
with memref descriptors once disagreed silently: 5 arguments for 23 params.)
Usage: check_kernel_abi.py LOWERED.mlir (format=isa). Exit 1 on a mismatch."""
import re
import sys

from extract_ptx import unescape


def main():
    text = open(sys.argv[1]).read()
    binaries = {}
    for name, escaped in re.findall(
            r'gpu\.binary @(\w+)\s*\[#gpu\.object<#nvvm\.target<[^>]*>(?:, properties = \{[^}]*\})?, '
            r'(?:assembly = )?"((?:[^"\\]|\\.)*)">', text):
        ptx = unescape(escaped).decode("utf-8", "replace")
        for kernel, params in re.findall(r"\.entry (\w+)\(([^)]*)\)", ptx):
            binaries[(name, kernel)] = params.count(".param")
    launches = re.findall(r"gpu\.launch_func\s*(?:<[^>]*>)?\s*@(\w+)::@(\w+)[^\n]*?args\(([^\n]*)\)\s*$",
                          text, re.MULTILINE)
    if not launches or not binaries:
        print("no launches or kernels found", file=sys.stderr)
        return 1
    bad = 0
    for module, kernel, args in launches:
        count = len([a for a in args.split(",") if ":" in a])
        declared = binaries.get((module, kernel))
        if declared is None:
            print("launch of %s::%s: no such kernel" % (module, kernel))
            bad += 1
        elif declared != count:
            print("launch of %s::%s passes %d arguments, the kernel declares %d parameters"
                  % (module, kernel, count, declared))
            bad += 1
    print("%d launches checked against %d kernels, %d mismatched" % (len(launches), len(binaries), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
