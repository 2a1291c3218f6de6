#!/usr/bin/env python3
"""PyTorch (eager, CUDA) side of tools/gpu_check.sh: the workloads of
theta-gpu-bench with the same sizes, float32, data already on the GPU, each
timed as the median of N runs after a warm-up (torch.cuda.synchronize around
each run, as theta's calls return once the GPU is done). Prints one
'json: {...}' line per row. TF32 is off, as in Theta (plain float32)."""
import json
import sys
import time

import torch
import torch.nn.functional as F

torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
dev = torch.device("cuda")
repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 20
quick = "--quick" in sys.argv


def median(body, n=repeats):
    body()
    torch.cuda.synchronize()
    times = []
    for _ in range(n):
        start = time.perf_counter()
        body()
        torch.cuda.synchronize()
        times.append(time.perf_counter() - start)
    times.sort()
    return times[len(times) // 2]


def report(name, seconds, note=""):
    print("json: " + json.dumps({"name": name, "seconds": seconds, "note": note}), flush=True)


g = torch.Generator(device="cpu").manual_seed(0)

a = torch.empty(1 << 28, device=dev)
b = torch.empty_like(a)
report("copy_1GiB/torch_cuda", median(lambda: b.copy_(a)))
del a, b

x = (torch.rand(16 << 20, generator=g) * 4 - 2).to(dev)
y = torch.empty_like(x)
def chain():
    torch.mul(torch.sigmoid(0.5 * x + 1.5), torch.tanh(x), out=y).sub_(torch.exp(-(x * x)))
report("chain_16M/torch_cuda", median(chain))

n = 4000 if quick else 10000
A = torch.rand(n, n, generator=g).to(dev)
B = torch.rand(n, n, generator=g).to(dev)
C = torch.empty(n, n, device=dev)
report("sgemm_%d/torch_cuda" % n, median(lambda: torch.mm(A, B, out=C), max(5, repeats // 4)))
del A, B, C


def sgd_step(params, loss_fn, lr=0.01):
    def step():
        for p in params:
            p.grad = None
        loss = loss_fn()
        loss.backward()
        with torch.no_grad():
            for p in params:
                p.sub_(lr * p.grad)
        return loss
    return step


# MLP 2-1000-1000-1, sigmoid, mean squared error.
sizes = [2, 1000, 1000, 1]
params = []
for i, o in zip(sizes[:-1], sizes[1:]):
    params.append((torch.randn(i, o, generator=g) / i ** 0.5).to(dev).requires_grad_())
    params.append(torch.zeros(o, device=dev, requires_grad=True))
xm = (torch.rand(1000, 2, generator=g) * 2 - 1).to(dev)
ym = (xm.pow(2).sum(1, keepdim=True) < 0.5).float()
def mlp():
    h = xm
    for i in range(0, len(params), 2):
        h = torch.sigmoid(h @ params[i] + params[i + 1])
    return (h - ym).pow(2).mean()
report("mlp_step/torch_cuda", median(sgd_step(params, mlp)))

# CNN: 128x3x32x32, conv 16@5x5, relu, conv 32@5x5, relu, 2x2 max-pool, dense 10.
w1 = (torch.randn(16, 3, 5, 5, generator=g) / 75 ** 0.5).to(dev).requires_grad_()
b1 = torch.full((16,), 0.01, device=dev, requires_grad=True)
w2 = (torch.randn(32, 16, 5, 5, generator=g) / 400 ** 0.5).to(dev).requires_grad_()
b2 = torch.full((32,), 0.01, device=dev, requires_grad=True)
w3 = (torch.randn(4608, 10, generator=g) / 4608 ** 0.5).to(dev).requires_grad_()
b3 = torch.full((10,), 0.01, device=dev, requires_grad=True)
images = (torch.rand(128, 3, 32, 32, generator=g) * 2 - 1).to(dev)
labels = torch.randint(0, 10, (128,), generator=g).to(dev)
def cnn():
    h = F.relu(F.conv2d(images, w1, b1))
    h = F.relu(F.conv2d(h, w2, b2))
    h = F.max_pool2d(h, 2)
    return F.cross_entropy(h.flatten(1) @ w3 + b3, labels)
report("cnn_step/torch_cuda", median(sgd_step([w1, b1, w2, b2, w3, b3], cnn), 5 if quick else repeats))

# RNN: T 100, batch 32, 64 -> 256, dense 10.
wx = (torch.randn(64, 256, generator=g) / 8).to(dev).requires_grad_()
wh = (torch.randn(256, 256, generator=g) / 16).to(dev).requires_grad_()
bh = torch.full((256,), 0.01, device=dev, requires_grad=True)
wy = (torch.randn(256, 10, generator=g) / 16).to(dev).requires_grad_()
by = torch.full((10,), 0.01, device=dev, requires_grad=True)
seq = (torch.rand(100, 32, 64, generator=g) * 2 - 1).to(dev)
targets = torch.randint(0, 10, (32,), generator=g).to(dev)
def rnn():
    h = torch.zeros(32, 256, device=dev)
    for t in range(seq.shape[0]):
        h = torch.tanh(seq[t] @ wx + h @ wh + bh)
    return F.cross_entropy(h @ wy + by, targets)
report("rnn_step/torch_cuda", median(sgd_step([wx, wh, bh, wy, by], rnn), 5 if quick else repeats))
print("torch", torch.__version__, torch.cuda.get_device_name(0))
