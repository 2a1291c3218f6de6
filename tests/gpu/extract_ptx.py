#!/usr/bin/env python3
"""Writes every PTX object embedded in `gpu.binary` ops of an MLIR file
(--theta-lower-gpu="format=isa") to <out_dir>/kernel<N>.ptx and prints
their paths. Exits 1 when there is none."""
import re
import sys


def unescape(text):
    # MLIR prints string attributes with \\XX hex escapes for bytes outside
    # printable ASCII, and \\\\ / \\" for backslash and quote.
    out = bytearray()
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt in "\\\"":
                out.append(ord(nxt))
                i += 2
                continue
            out += bytes.fromhex(text[i + 1:i + 3])
            i += 3
            continue
        out += c.encode()
        i += 1
    return bytes(out)


def main():
    source, out_dir = sys.argv[1], sys.argv[2]
    text = open(source).read()
    objects = re.findall(
        r'#gpu\.object<#nvvm\.target<[^>]*>(?:, properties = \{[^}]*\})?, (?:assembly = )?'
        r'"((?:[^"\\]|\\.)*)">', text)
    if not objects:
        print("no PTX object in " + source, file=sys.stderr)
        return 1
    for n, escaped in enumerate(objects):
        path = "%s/kernel%d.ptx" % (out_dir, n)
        with open(path, "wb") as f:
            f.write(unescape(escaped).rstrip(b"\0"))
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
