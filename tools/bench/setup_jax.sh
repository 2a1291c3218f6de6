#!/usr/bin/env bash
# Optional: installs JAX (CPU) from PyPI into a virtual environment that
# theta-bench finds (~/.cache/theta-bench-venv, or $THETA_BENCH_VENV), so the
# harness times JAX beside Theta and LibTorch. Without it, theta-bench says
# JAX is not installed and runs the rest.
set -euo pipefail
venv=${THETA_BENCH_VENV:-$HOME/.cache/theta-bench-venv}
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet "jax[cpu]" numpy
"$venv/bin/python" -c 'import jax; print("JAX", jax.__version__, "in", "'"$venv"'")'
