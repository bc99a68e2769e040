#!/usr/bin/env python3
"""The PyTorch side of neurite's benchmark (bench/run.sh runs it).

Runs the same cases as bench/neurite_bench.cpp on the same MNIST files and
prints one JSON object per line: {"case": ..., "value": ..., "unit": ...}.
PyTorch gets its best configuration here: 2 threads, float32, tensors
prepared up front, batches taken as slices (no DataLoader), the fused
log-softmax cross-entropy, and (set by run.sh) the OpenMP build of OpenBLAS
with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset.

The first line describes the machine and the libraries, {"case":
"environment", "value": null, ...}: the CPU's model and vector-instruction
flags (/proc/cpuinfo), PyTorch's version, build configuration
(torch.__config__.show()), whether oneDNN (mkldnn) is available, the CPU
capability PyTorch dispatches to, and the BLAS libraries this process has
loaded, with OpenBLAS's own configuration string and the name of the kernel
set it chose (openblas_get_config, openblas_get_corename): float32 Linear
layers on the CPU go through that BLAS, so that name is the peer's
counterpart of the oneDNN implementations neurite_bench records.
"""
import argparse
import ctypes
import json
import re
import struct
import sys
import time

import numpy as np
import torch


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    zero, dtype, rank = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        sys.exit(f"{path}: not an unsigned-byte IDX file")
    dims = struct.unpack(">" + "I" * rank, data[4 : 4 + 4 * rank])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def load(data_dir):
    def part(name):
        x = read_idx(f"{data_dir}/{name}-images-idx3-ubyte").reshape(-1, 784).astype(np.float32) / 255.0
        y = read_idx(f"{data_dir}/{name}-labels-idx1-ubyte").astype(np.int64)
        return torch.from_numpy(x), torch.from_numpy(y)

    return part("train"), part("t10k")


def mlp(sizes, act=torch.nn.ReLU):
    layers = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        layers += [torch.nn.Linear(a, b), act()]
    return torch.nn.Sequential(*layers[:-1])


def emit(case, value, unit, **extra):
    print(json.dumps({"case": case, "value": value, "unit": unit, **extra}), flush=True)


def cpu_info():
    """The CPU's model name and the flags of its vector instructions."""
    model, flags = "", []
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                key, value = key.strip(), value.strip()
                if key == "model name" and not model:
                    model = value
                elif key == "flags" and not flags:
                    flags = [x for x in value.split() if x in ("fma", "f16c") or x.startswith(("avx", "amx"))]
    except OSError:
        pass
    return model, flags


def blas_info():
    """The BLAS libraries mapped into this process and, for OpenBLAS, its
    configuration string and the kernel set it chose for this CPU."""
    x = torch.ones(64, 64)
    x @ x  # so that the BLAS is loaded
    try:
        with open("/proc/self/maps") as f:
            paths = sorted({line.split()[-1] for line in f if re.search(r"/lib[^/]*(blas|mkl)[^/]*\.so", line)})
    except OSError:
        paths = []
    info = {"blas_libraries": paths}
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
            config, core = lib.openblas_get_config, lib.openblas_get_corename
        except (OSError, AttributeError):
            continue
        config.restype = core.restype = ctypes.c_char_p
        info["openblas_config"], info["openblas_core"] = config().decode(), core().decode()
        break
    return info


def emit_environment():
    model, flags = cpu_info()
    shown = torch.__config__.show()
    capability = getattr(getattr(torch.backends, "cpu", None), "get_cpu_capability", None)
    if capability is not None:
        capability = capability()
    else:  # before PyTorch 2.0: the line "CPU capability usage: AVX2" of the build configuration
        found = re.search(r"CPU capability usage: (\S+)", shown)
        capability = found.group(1) if found else None
    print(json.dumps({"case": "environment", "value": None, "unit": "", "cpu": model, "cpu_flags": flags,
                      "threads": torch.get_num_threads(), "torch": torch.__version__,
                      "mkldnn_available": torch.backends.mkldnn.is_available(), "cpu_capability": capability,
                      **blas_info(), "torch_config": shown}), flush=True)


def timed(call, warmup, check_every, seconds):
    """Calls call(i) `warmup` times, then again and again until `seconds` have
    passed (reading the clock every `check_every` calls, so that reading it
    costs little); returns the timed calls and the seconds they took."""
    for i in range(warmup):
        call(i)
    calls, start = 0, time.perf_counter()
    while True:
        call(calls)
        calls += 1
        if calls % check_every == 0 and time.perf_counter() - start > seconds:
            return calls, time.perf_counter() - start


def train_throughput(x, y, sizes, batch, optimizer, seconds, bf16=False):
    """bf16: the forward pass and loss under torch.autocast("cpu", dtype=torch.bfloat16),
    PyTorch's mixed precision (bf16 products, float32 weights and optimizer)."""
    torch.manual_seed(1)
    model = mlp(sizes)
    opt = (torch.optim.SGD(model.parameters(), lr=0.01) if optimizer == "sgd"
           else torch.optim.Adam(model.parameters(), lr=1e-3))
    loss_fn = torch.nn.CrossEntropyLoss()
    n = x.shape[0] - batch

    def step(i):
        off = (i * batch) % n
        opt.zero_grad(set_to_none=True)
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            loss = loss_fn(model(x[off : off + batch]), y[off : off + batch])
        loss.backward()
        opt.step()

    steps, elapsed = timed(step, warmup=5, check_every=10, seconds=seconds)
    return steps * batch / elapsed


def inference(x, batch, seconds):
    torch.manual_seed(1)
    model = mlp([784, 256, 128, 10]).eval()
    with torch.no_grad():
        xb = x[:batch].contiguous()
        calls, elapsed = timed(lambda _: model(xb), warmup=20, check_every=50, seconds=seconds)
        return elapsed / calls


def accuracy(model, x, y):
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item()


def time_to_98(train, test, seed, max_epochs=30):
    (x, y), (xt, yt) = train, test
    torch.manual_seed(seed)
    model = mlp([784, 256, 128, 10])
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    g = torch.Generator().manual_seed(seed)
    start = time.perf_counter()
    for epoch in range(1, max_epochs + 1):
        model.train()
        perm = torch.randperm(x.shape[0], generator=g)
        for b in range(0, x.shape[0], 64):
            idx = perm[b : b + 64]
            opt.zero_grad(set_to_none=True)
            loss_fn(model(x[idx]), y[idx]).backward()
            opt.step()
        model.eval()
        acc = accuracy(model, xt, yt)
        if acc >= 0.98:
            return time.perf_counter() - start, epoch, acc
    return float("nan"), max_epochs, acc


def classic_numpy(train, test):
    """The from-scratch NumPy network: 784-100-10 sigmoid, MSE, inputs in
    [0.01, 1], targets 0.01/0.99, per-sample SGD with learning rate 0.1,
    one epoch in file order, weights ~ N(0, 1/sqrt(fan_in))."""
    (x, y), (xt, yt) = train, test
    x = x.numpy() * 0.99 + 0.01
    xt = xt.numpy() * 0.99 + 0.01
    rng = np.random.default_rng(1)
    w1 = rng.normal(0.0, 784 ** -0.5, (100, 784))
    w2 = rng.normal(0.0, 100 ** -0.5, (10, 100))
    sig = lambda z: 1.0 / (1.0 + np.exp(-z))
    lr = 0.1
    start = time.perf_counter()
    for i in range(x.shape[0]):
        inputs = x[i].reshape(784, 1)
        target = np.full((10, 1), 0.01)
        target[y[i]] = 0.99
        h = sig(w1 @ inputs)
        o = sig(w2 @ h)
        e_o = target - o
        e_h = w2.T @ e_o
        w2 += lr * (e_o * o * (1 - o)) @ h.T
        w1 += lr * (e_h * h * (1 - h)) @ inputs.T
    seconds = time.perf_counter() - start
    pred = np.argmax(sig(w2 @ sig(w1 @ xt.T)), axis=0)
    return x.shape[0] / seconds, float((pred == yt.numpy()).mean())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="data/mnist")
    ap.add_argument("--seconds", type=float, default=1.5)
    ap.add_argument("--cases", default="train,big,bf16,inference,time98,classic")
    args = ap.parse_args()
    torch.set_num_threads(2)
    emit_environment()
    train, test = load(args.data)
    x, y = train
    cases = args.cases.split(",")
    if "train" in cases:
        for batch in (1, 16, 64, 256, 1024):
            emit(f"train sgd b{batch}", train_throughput(x, y, [784, 256, 128, 10], batch, "sgd", args.seconds), "samples/s")
        for batch in (64, 256):
            emit(f"train adam b{batch}", train_throughput(x, y, [784, 256, 128, 10], batch, "adam", args.seconds), "samples/s")
    if "big" in cases:
        emit("train big sgd b256", train_throughput(x, y, [784, 1024, 1024, 10], 256, "sgd", args.seconds), "samples/s")
    if "bf16" in cases:
        for batch in (64, 256, 1024):
            emit(f"train sgd bf16 b{batch}",
                 train_throughput(x, y, [784, 256, 128, 10], batch, "sgd", args.seconds, bf16=True), "samples/s")
        emit("train big sgd bf16 b256",
             train_throughput(x, y, [784, 1024, 1024, 10], 256, "sgd", args.seconds, bf16=True), "samples/s")
    if "inference" in cases:
        emit("inference b1 latency", inference(x, 1, args.seconds) * 1e6, "us")
        emit("inference b1000", 1000 / inference(x, 1000, args.seconds), "samples/s")
    if "time98" in cases:
        for seed in (1, 2, 3):
            seconds, epochs, acc = time_to_98(train, test, seed)
            emit("time to 98%", seconds, "s", seed=seed, epochs=epochs, accuracy=acc)
    if "classic" in cases:
        rate, acc = classic_numpy(train, test)
        emit("classic 784-100-10 per-sample", rate, "samples/s", accuracy=acc, peer="numpy")


if __name__ == "__main__":
    main()
