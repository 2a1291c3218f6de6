#!/usr/bin/env python3
"""The JAX side of theta-bench (CPU, jax.jit), written as a JAX user would.

theta-bench writes each workload's inputs to <dir>/<workload>.in.npz (the
same seeded arrays Theta and LibTorch get: for a training step the input,
the target and the initial parameters p0, p1, ...), runs this script with
the virtual environment's python, and reads back:
  - one line per workload: 'json: {"workload", "median_s", "first_call_s"}'
    (first_call_s: tracing, XLA compilation and the first run);
  - <dir>/<workload>.out.npz: r0, r1, ... what one run computed from the
    inputs (outputs, or the cost and the updated parameters of one step),
    for the cross-check.
Usage: jax_workloads.py DIR REPEATS WORKLOAD...
"""
import json
import os
import sys
import time

os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=true")
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402

LEARNING_RATE = 0.01


def chain(a, x):
    return jax.nn.sigmoid(a * x + 1.5) * jnp.tanh(x) - jnp.exp(-(x * x))


def mlp_cost(p, x, y):
    h = x
    for i in range(0, len(p), 2):
        h = jax.nn.sigmoid(h @ p[i] + p[i + 1])
    return jnp.mean(jnp.square(h - y))


def conv(x, w, b):
    y = jax.lax.conv_general_dilated(x, w, (1, 1), "VALID",
                                     dimension_numbers=("NCHW", "OIHW", "NCHW"))
    return y + b[None, :, None, None]


def cross_entropy(logits, targets):
    return -jnp.mean(jnp.sum(targets * jax.nn.log_softmax(logits, axis=1), axis=1))


def cnn_cost(p, images, targets):
    h = jax.nn.relu(conv(images, p[0], p[1]))
    h = jax.nn.relu(conv(h, p[2], p[3]))
    n, c, hh, ww = h.shape
    h = h.reshape(n, c, hh // 2, 2, ww // 2, 2).max(axis=(3, 5))
    return cross_entropy(h.reshape(n, -1) @ p[4] + p[5], targets)


def rnn_cost(p, x, targets):
    def step(h, x_t):
        h = jnp.tanh(x_t @ p[0] + h @ p[1] + p[2])
        return h, None
    h, _ = jax.lax.scan(step, jnp.zeros((x.shape[1], p[1].shape[0]), x.dtype), x)
    return cross_entropy(h @ p[3] + p[4], targets)


def sgd(cost):
    @jax.jit
    def step(p, x, y):
        loss, grads = jax.value_and_grad(cost)(p, x, y)
        return loss, [w - LEARNING_RATE * g for w, g in zip(p, grads)]
    return step


STEPS = {"mlp_step": sgd(mlp_cost), "cnn_step": sgd(cnn_cost), "rnn_step": sgd(rnn_cost)}


def workload(name, inputs):
    """(run, results): run() computes once and blocks; results() after a run."""
    state = {}
    if name == "scalar_add":
        f = jax.jit(lambda x, y: x + y)
        x, y = jnp.float32(2), jnp.float32(8)
        def run():
            state["out"] = f(x, y).block_until_ready()
        return run, lambda: [state["out"]]
    if name.startswith("chain"):
        f = jax.jit(chain)
        a, x = jnp.float32(inputs["a"]), jnp.asarray(inputs["x"])
        def run():
            state["out"] = f(a, x).block_until_ready()
        return run, lambda: [state["out"]]
    if name.startswith("gather"):
        f = jax.jit(lambda table, ids: jnp.take(table, ids, axis=0))
        table, ids = jnp.asarray(inputs["table"]), jnp.asarray(inputs["ids"])
        def run():
            state["out"] = f(table, ids).block_until_ready()
        return run, lambda: [state["out"]]
    step = STEPS[name]
    count = sum(1 for key in inputs if key.startswith("p"))
    state["p"] = [jnp.asarray(inputs["p%d" % i]) for i in range(count)]
    x, y = jnp.asarray(inputs["input"]), jnp.asarray(inputs["target"])
    def run():
        loss, state["p"] = step(state["p"], x, y)
        state["loss"] = loss.block_until_ready()
        jax.block_until_ready(state["p"])
    return run, lambda: [state["loss"]] + state["p"]


def main():
    directory, repeats, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    for name in names:
        inputs = dict(np.load(os.path.join(directory, name + ".in.npz")))
        run, results = workload(name, inputs)
        start = time.perf_counter()
        run()  # tracing, compilation and one run, from the initial parameters
        first = time.perf_counter() - start
        np.savez(os.path.join(directory, name + ".out.npz"),
                 **{"r%d" % i: np.asarray(r) for i, r in enumerate(results())})
        times = []
        for _ in range(max(1, repeats)):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        times.sort()
        print("json: " + json.dumps({"workload": name, "median_s": times[len(times) // 2],
                                     "first_call_s": first}), flush=True)
    import jaxlib
    print("jax: JAX %s (jaxlib %s, %s, %d threads)" % (
        jax.__version__, jaxlib.__version__, jax.devices()[0].platform, os.cpu_count()),
        flush=True)


if __name__ == "__main__":
    main()
