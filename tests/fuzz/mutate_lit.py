#!/usr/bin/env python3
"""Smoke fuzzer: theta-opt must never crash on mutated lit inputs.

Takes the .mlir files under tests/lit, splits them at `// -----`, applies one
or two random mutations per mutant (a changed integer, two swapped types, a
changed element type, a deleted token, a duplicated line) with a fixed seed,
and runs every mutant through

    theta-opt --theta-refine-types --theta-autodiff --canonicalize
    theta-opt --theta-lower-cpu
    theta-opt --theta-lower-cpu=channel-block=16
    theta-opt --theta-lower-gpu="chip=sm_90 format=isa"

Rejecting a mutant with a diagnostic is fine; a crash is not: an exit by
signal (rc < 0 or rc >= 128), or "LLVM ERROR" / "PLEASE submit a bug report"
in stderr. Exits 1 if any mutant crashed, printing its pipeline, mutations and
stderr, and writing it to --out (under Bazel, the test's undeclared outputs).
A mutant that runs past --timeout is reported, but does not fail the run.
"""
import argparse
import concurrent.futures
import os
import pathlib
import random
import re
import subprocess
import sys

PIPELINES = [
    ["--theta-refine-types", "--theta-autodiff", "--canonicalize"],
    ["--theta-lower-cpu"],
    # As the runtime compiles on AVX-512 hosts (images in oneDNN's blocks).
    ["--theta-lower-cpu=channel-block=16"],
    # The GPU pipeline to PTX (no ptxas, no driver).
    ["--theta-lower-gpu=chip=sm_90 format=isa"],
]
CRASH_MARKERS = ("LLVM ERROR", "PLEASE submit a bug report")

INTEGER = re.compile(r"(?<![\w.%#@])-?\d+(?![\w.])")
TENSOR_TYPE = re.compile(r"tensor<[^<>]*>")
ELEMENT_TYPE = re.compile(r"\b(f32|f64|i1|i32|i64)\b")
TOKEN = re.compile(r"\S+")
# Empty and unit sizes are where shape code breaks: they come up most often.
SIZES = ["0", "0", "0", "1", "1", "2", "3", "4", "5", "7", "-1", "-2", "100"]
ELEMENTS = ["f32", "f64", "i1", "i32", "i64"]


def replace_span(text, match, new):
    return text[: match.start()] + new + text[match.end():]


def change_integer(rng, text):
    matches = list(INTEGER.finditer(text))
    if not matches:
        return None
    m = rng.choice(matches)
    new = rng.choice([s for s in SIZES if s != m.group()])
    return replace_span(text, m, new), f"integer {m.group()} -> {new} at {m.start()}"


def change_dimension(rng, text):
    # A size inside a tensor type: tensor<3x4xf32> -> tensor<3x0xf32>.
    types = list(TENSOR_TYPE.finditer(text))
    dims = [(t, d) for t in types for d in re.finditer(r"\d+(?=x)", t.group())]
    if not dims:
        return None
    t, d = rng.choice(dims)
    new = rng.choice([s for s in SIZES if not s.startswith("-") and s != d.group()])
    start = t.start() + d.start()
    mutated = text[:start] + new + text[t.start() + d.end():]
    return mutated, f"dimension {t.group()} size {d.group()} -> {new} at {start}"


def swap_types(rng, text):
    types = list(TENSOR_TYPE.finditer(text))
    distinct = [(a, b) for i, a in enumerate(types) for b in types[i + 1:]
                if a.group() != b.group()]
    if not distinct:
        return None
    a, b = rng.choice(distinct)
    mutated = (text[: a.start()] + b.group() + text[a.end(): b.start()] + a.group()
               + text[b.end():])
    return mutated, f"swapped {a.group()} at {a.start()} and {b.group()} at {b.start()}"


def change_element(rng, text):
    matches = list(ELEMENT_TYPE.finditer(text))
    if not matches:
        return None
    m = rng.choice(matches)
    new = rng.choice([e for e in ELEMENTS if e != m.group()])
    return replace_span(text, m, new), f"element {m.group()} -> {new} at {m.start()}"


def delete_token(rng, text):
    tokens = [m for m in TOKEN.finditer(text) if not m.group().startswith("//")]
    if not tokens:
        return None
    m = rng.choice(tokens)
    return replace_span(text, m, ""), f"deleted {m.group()!r} at {m.start()}"


def duplicate_line(rng, text):
    lines = text.split("\n")
    code = [i for i, line in enumerate(lines) if line.strip() and
            not line.strip().startswith("//")]
    if not code:
        return None
    i = rng.choice(code)
    lines.insert(i, lines[i])
    return "\n".join(lines), f"duplicated line {i + 1}: {lines[i].strip()!r}"


def resize_everywhere(rng, text):
    # Every size d in every tensor type becomes the new size: the IR often
    # still verifies, so the passes see unusual shapes (0, 1, ...).
    sizes = sorted({d.group() for t in TENSOR_TYPE.finditer(text)
                    for d in re.finditer(r"\d+(?=x)", t.group())})
    if not sizes:
        return None
    old = rng.choice(sizes)
    new = rng.choice([s for s in SIZES if not s.startswith("-") and s != old] + ["?"])
    size = re.compile(r"(?<=[<x])" + old + r"(?=x)")
    mutated = TENSOR_TYPE.sub(lambda t: size.sub(new, t.group()), text)
    return mutated, f"every tensor size {old} -> {new}"


def swap_types_everywhere(rng, text):
    types = sorted({t.group() for t in TENSOR_TYPE.finditer(text)})
    if len(types) < 2:
        return None
    a, b = rng.sample(types, 2)
    mutated = TENSOR_TYPE.sub(lambda t: {a: b, b: a}.get(t.group(), t.group()), text)
    return mutated, f"every {a} <-> {b}"


def change_element_everywhere(rng, text):
    present = sorted(set(ELEMENT_TYPE.findall(text)))
    if not present:
        return None
    old = rng.choice(present)
    new = rng.choice([e for e in ELEMENTS if e != old])
    return re.sub(r"\b" + old + r"\b", new, text), f"every {old} -> {new}"


# Local mutations mostly make the IR invalid (the parser or verifier must say
# so); the global ones keep it valid more often, so the passes run on it.
MUTATIONS = [change_integer, change_dimension, swap_types, change_element, delete_token,
             duplicate_line, resize_everywhere, resize_everywhere, resize_everywhere,
             swap_types_everywhere, change_element_everywhere]


def strip_comments(text):
    # Test directives (RUN, CHECK, expected-error) are not IR; mutating them
    # would only waste mutants.
    return "\n".join(line for line in text.split("\n") if not line.lstrip().startswith("//"))


def load_chunks(lit_dirs):
    chunks = []
    for lit_dir in lit_dirs:
        for path in sorted(pathlib.Path(lit_dir).rglob("*.mlir")):
            if "Output" in path.parts:
                continue
            for index, chunk in enumerate(re.split(r"^// -----\s*$", path.read_text(),
                                                   flags=re.M)):
                chunk = strip_comments(chunk).strip()
                if chunk:
                    chunks.append((f"{path}#{index}", chunk + "\n"))
    return chunks


def make_mutants(chunks, count, seed):
    rng = random.Random(seed)
    order = list(chunks)
    rng.shuffle(order)
    mutants = []
    while len(mutants) < count:
        # Every input in turn (in a seeded order), so each gets its share.
        source, text = order[len(mutants) % len(order)]
        applied = []
        for _ in range(rng.choice([1, 1, 2])):
            result = rng.choice(MUTATIONS)(rng, text)
            if result:
                text, what = result
                applied.append(what)
        if applied:
            mutants.append((len(mutants), source, applied, text))
    return mutants


def run_one(theta_opt, timeout, mutant):
    number, source, applied, text = mutant
    findings = []
    for pipeline in PIPELINES:
        try:
            proc = subprocess.run([theta_opt, *pipeline, "-o", os.devnull, "-"], input=text,
                                  capture_output=True, text=True, timeout=timeout,
                                  env=dict(os.environ, LLVM_DISABLE_SYMBOLIZATION="1"))
        except subprocess.TimeoutExpired:
            findings.append(("timeout", pipeline, ""))
            continue
        crashed = proc.returncode < 0 or proc.returncode >= 128 or any(
            marker in proc.stderr for marker in CRASH_MARKERS)
        if crashed:
            findings.append((f"crash rc={proc.returncode}", pipeline, proc.stderr))
    return number, source, applied, text, findings


def main():
    here = pathlib.Path(os.path.abspath(__file__)).parent
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--theta-opt", default="theta-opt")
    parser.add_argument("--lit-dir", action="append",
                        help="folder of .mlir files (repeatable; default tests/lit)")
    parser.add_argument("--count", type=int, default=300, help="number of mutants")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per run")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--out", default=os.environ.get("TEST_UNDECLARED_OUTPUTS_DIR"),
                        help="folder for the crashing mutants")
    args = parser.parse_args()

    chunks = load_chunks(args.lit_dir or [here.parent / "lit"])
    if not chunks:
        sys.exit("no .mlir inputs found")
    mutants = make_mutants(chunks, args.count, args.seed)
    crashes = timeouts = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = sorted(pool.map(lambda m: run_one(args.theta_opt, args.timeout, m),
                                  mutants))
    for number, source, applied, text, findings in results:
        for kind, pipeline, stderr in findings:
            if kind == "timeout":
                timeouts += 1
                print(f"mutant {number}: timeout in theta-opt {' '.join(pipeline)} "
                      f"({source}; {'; '.join(applied)})")
                continue
            crashes += 1
            print(f"=== mutant {number}: {kind} in theta-opt {' '.join(pipeline)}")
            print(f"source: {source}")
            for what in applied:
                print(f"mutation: {what}")
            lines = stderr.strip().split("\n")
            print("\n".join(lines[:40]))
            if args.out:
                path = pathlib.Path(args.out) / f"mutant-{number}.mlir"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text)
                print(f"written to {path}")
            else:
                print("--- mutant:\n" + text)
    print(f"{len(mutants)} mutants of {len(chunks)} inputs (seed {args.seed}): "
          f"{crashes} crashes, {timeouts} timeouts")
    sys.exit(1 if crashes else 0)


if __name__ == "__main__":
    main()
