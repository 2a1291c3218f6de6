#!/usr/bin/env bash
# Builds //tests/fuzz:theta_fuzzer with clang-14 (libFuzzer coverage and ASan on
# the dialect and the lowering; --config=fuzz) in an output base of its own,
# so the gcc build is untouched, and fuzzes for SECONDS (default 60) from the
# lit inputs, split at `// -----`. Exits non-zero on a finding, whose input
# libFuzzer writes to FINDINGS (default $HOME/.cache/theta-fuzz-findings).
# Longer runs: bash tests/fuzz/libfuzzer.sh 3600
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
# One output base per checkout (Bazel ties an output base to its workspace);
# the disk cache of .bazelrc is shared, so a fresh clone reuses the objects.
workspace_key=$(pwd | md5sum | cut -c1-12)
output_base=${THETA_FUZZ_OUTPUT_BASE:-$HOME/.cache/theta-fuzz-ob/$workspace_key}
findings=${FINDINGS:-$HOME/.cache/theta-fuzz-findings}

CC=clang-14 CXX=clang++-14 bazel --output_base="$output_base" build --repo_env=CC=clang-14 \
  --config=fuzz --symlink_prefix=/ //tests/fuzz:theta_fuzzer >&2
fuzzer=$(CC=clang-14 CXX=clang++-14 bazel --output_base="$output_base" info --repo_env=CC=clang-14 \
  --config=fuzz bazel-bin 2>/dev/null)/tests/fuzz/theta_fuzzer

corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
python3 - "$corpus" <<'PY'
import pathlib, sys
out = pathlib.Path(sys.argv[1])
n = 0
for path in sorted(pathlib.Path("tests/lit").rglob("*.mlir")):
    if "Output" in path.parts:
        continue
    for case in path.read_text().split("// -----"):
        body = "\n".join(l for l in case.splitlines() if not l.lstrip().startswith("//"))
        if body.strip():
            (out / f"seed{n:04d}.mlir").write_text(body)
            n += 1
print(f"theta-fuzz: {n} seeds", file=sys.stderr)
PY
mkdir -p "$findings"
# No leak checks (here and at exit): MLIR keeps every type and attribute it parsed, interned in
# the context for its lifetime, which libFuzzer's per-input leak check reports.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} "$fuzzer" -max_total_time="$seconds" -timeout=20 -detect_leaks=0 \
  -rss_limit_mb=4096 -artifact_prefix="$findings/" -print_final_stats=1 "$corpus"
