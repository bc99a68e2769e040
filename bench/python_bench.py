#!/usr/bin/env python3
"""neurite from Python against what Python users would pick instead, on the
same data and hyper-parameters (bench/python.sh runs it):

  1. neurite.sklearn.MLPClassifier against scikit-learn's MLPClassifier
     (Adam, the same layers, epochs, batch size and rate; scikit-learn's
     early stop switched off on both sides so both run every epoch) on the
     digits table and on MNIST: wall time of fit, test accuracy.
  2. neurite's Trainer from Python against PyTorch for the 784-256-128-10
     MNIST network (Adam 1e-3, batch 64): training time, test accuracy.
  3. The same training from Python and by the neurite command: the epochs'
     own seconds on both sides (history.json), their ratio.

Each case runs ROUNDS times, the sides alternating; medians are printed.

    python_bench.py NEURITE_BIN DATA_DIR [ROUNDS] [EPOCHS]"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np

import neurite
from neurite.sklearn import MLPClassifier as NeuriteMLP


def mnist(folder):
    X, y = neurite.load_mnist(folder, "train")
    Xt, yt = neurite.load_mnist(folder, "test")
    return X / 255, y, Xt / 255, yt


def timed(f):
    start = time.perf_counter()
    out = f()
    return time.perf_counter() - start, out


def sklearn_vs_neurite(name, X, y, Xt, yt, hidden, epochs, batch, rounds):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier as SkMLP
    params = dict(hidden_layer_sizes=hidden, solver="adam", alpha=0.0001, batch_size=batch, learning_rate_init=1e-3,
                  max_iter=epochs, n_iter_no_change=epochs + 1, tol=0.0, random_state=0)
    rows = {"neurite": [], "scikit-learn": []}
    for r in range(rounds):
        order = [("neurite", NeuriteMLP), ("scikit-learn", SkMLP)]
        for side, cls in (order if r % 2 == 0 else order[::-1]):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                seconds, model = timed(lambda: cls(**params).fit(X, y))
            rows[side].append((seconds, model.score(Xt, yt)))
    med = {k: (statistics.median(s for s, _ in v), statistics.median(a for _, a in v)) for k, v in rows.items()}
    print(f"| {name}, {'-'.join(map(str, (X.shape[1],) + hidden + (len(np.unique(y)),)))}, {epochs} epochs, batch {batch} "
          f"| {med['neurite'][0]:.2f} s, {100 * med['neurite'][1]:.2f} % | {med['scikit-learn'][0]:.2f} s, "
          f"{100 * med['scikit-learn'][1]:.2f} % | {med['scikit-learn'][0] / med['neurite'][0]:.1f}× |", flush=True)


def torch_vs_neurite(X, y, Xt, yt, epochs, rounds):
    import torch
    torch.set_num_threads(2)
    rows = {"neurite": [], "PyTorch": []}

    def run_neurite():
        net = neurite.Sequential(784).dense(256, "relu").dense(128, "relu").dense(10).softmax()
        net.build()
        net.init(1)
        seconds, _ = timed(lambda: neurite.Trainer(net, optimizer="adam", learning_rate=1e-3, epochs=epochs,
                                                   batch_size=64, seed=1).fit(X, y, classes=10))
        return seconds, (net.predict(Xt).argmax(1) == yt).mean()

    def run_torch():
        torch.manual_seed(1)
        model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128),
                                    torch.nn.ReLU(), torch.nn.Linear(128, 10))
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        loss = torch.nn.CrossEntropyLoss()
        tx, ty = torch.from_numpy(X), torch.from_numpy(y)
        g = torch.Generator().manual_seed(1)

        def train():
            for _ in range(epochs):
                perm = torch.randperm(len(tx), generator=g)
                for b in range(0, len(tx), 64):
                    i = perm[b:b + 64]
                    opt.zero_grad(set_to_none=True)
                    loss(model(tx[i]), ty[i]).backward()
                    opt.step()
        seconds, _ = timed(train)
        with torch.no_grad():
            acc = (model(torch.from_numpy(Xt)).argmax(1).numpy() == yt).mean()
        return seconds, acc

    for r in range(rounds):
        order = [("neurite", run_neurite), ("PyTorch", run_torch)]
        for side, f in (order if r % 2 == 0 else order[::-1]):
            rows[side].append(f())
    med = {k: (statistics.median(s for s, _ in v), statistics.median(a for _, a in v)) for k, v in rows.items()}
    print(f"| MNIST, 784-256-128-10, Adam 1e-3, batch 64, {epochs} epochs | {med['neurite'][0]:.2f} s, "
          f"{100 * med['neurite'][1]:.2f} % | {med['PyTorch'][0]:.2f} s, {100 * med['PyTorch'][1]:.2f} % | "
          f"{med['PyTorch'][0] / med['neurite'][0]:.2f}× |", flush=True)


def api_vs_command(binary, data, X, y, epochs, rounds):
    py, cli = [], []
    with tempfile.TemporaryDirectory() as out:
        for r in range(rounds):
            def run_py():
                net = neurite.Sequential(784).dense(256, "relu").dense(128, "relu").dense(10).softmax()
                net.build()
                net.init(42)
                h = neurite.Trainer(net, epochs=epochs, batch_size=64, seed=42).fit(X, y, classes=10)
                py.append(sum(e["seconds"] for e in h))

            def run_cli():
                subprocess.run([binary, "--threads", "2", "train", "--data", data, "--hidden", "256,128", "--epochs",
                                str(epochs), "--batch-size", "64", "--validation-split", "0", "--schedule", "constant",
                                "--scale", "unit", "--quiet", "--out", out], check=True, capture_output=True)
                with open(f"{out}/history.json") as f:
                    cli.append(sum(e["seconds"] for e in json.load(f)["epochs"]))
            for f in ((run_py, run_cli) if r % 2 == 0 else (run_cli, run_py)):
                f()
    p, c = statistics.median(py), statistics.median(cli)
    print(f"| the same training (784-256-128-10, Adam, batch 64, {epochs} epochs): Python's Trainer / the neurite "
          f"command | {p:.2f} s | {c:.2f} s | {p / c:.3f} |", flush=True)


def main():
    binary, data = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    epochs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    Xd, yd = load_digits(return_X_y=True)
    Xd_train, Xd_test, yd_train, yd_test = train_test_split(Xd / 16.0, yd, test_size=0.25, stratify=yd, random_state=0)
    X, y, Xt, yt = mnist(f"{data}/mnist")
    print(f"neurite {neurite.__version__} from Python, {os.cpu_count()} CPUs, OMP_NUM_THREADS="
          f"{os.environ.get('OMP_NUM_THREADS', '-')}, {rounds} alternating rounds, medians\n")
    print("| case | neurite.sklearn.MLPClassifier: fit, test accuracy | sklearn MLPClassifier | speed-up |")
    print("|---|---:|---:|---:|")
    sklearn_vs_neurite("digits", Xd_train, yd_train, Xd_test, yd_test, (100,), 200, 200, rounds)
    sklearn_vs_neurite("MNIST", X, y, Xt, yt, (256, 128), epochs, 64, rounds)
    print("\n| case | neurite (Python) | PyTorch | speed-up |")
    print("|---|---:|---:|---:|")
    torch_vs_neurite(X, y, Xt, yt, epochs, rounds)
    print("\n| case | Python | command | ratio |")
    print("|---|---:|---:|---:|")
    api_vs_command(binary, data, X, y, epochs, rounds)


if __name__ == "__main__":
    main()
