#!/usr/bin/env python3
"""Data-parallel training speed on this machine: MNIST samples/s of the default
784-256-128-10 network trained by one process with 2 threads (plain `neurite
train`, and under mpirun, where a distributed step runs blocks of 32 rows) and
by two processes with one thread each (over shared memory and over TCP), at
batch 64, 256 and 1024, and the time each step spends in the all-reduce.

    bench/mpi.sh [ROUNDS] [EPOCHS]     (defaults 3 and 3; builds neurite first)

Each run trains EPOCHS epochs (--schedule constant, seed 1); samples/s is
the training rows over the mean epoch time of the epochs after the first
(history.csv: the first pays for start-up), the all-reduce time is what
`neurite train` prints (its all-reduce stage times every sum, the wait for
the slower process included). Rounds run the configurations alternately;
the table shows medians, and each figure as a ratio to plain `neurite train`
at the same batch from the same rounds.
"""
import csv
import os
import re
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NEURITE = os.path.join(ROOT, "build", "neurite")
BATCHES = (64, 256, 1024)
SHM = ["--mca", "btl", "self,vader", "--mca", "btl_vader_single_copy_mechanism", "none"]
TCP = ["--mca", "btl", "self,tcp"]
# (label, processes, threads each, transport options); 0 processes: no mpirun.
SETUPS = (("1 process × 2 threads, no mpirun", 0, 2, []),
          ("1 process × 2 threads, mpirun (blocks of 32)", 1, 2, SHM),
          ("2 processes × 1 thread, shared memory", 2, 1, SHM),
          ("2 processes × 1 thread, TCP", 2, 1, TCP))


def run(setup, batch, epochs, out):
    _, np, threads, transport = setup
    mpirun = ["mpirun", "--oversubscribe"] + (["--allow-run-as-root"] if os.geteuid() == 0 else [])
    # Open MPI binds each process to one core when there are at most two:
    # a process with more threads than that needs --bind-to none.
    bind = ["--bind-to", "none"] if threads > 1 else []
    launch = mpirun + transport + bind + ["-np", str(np)] if np > 0 else []
    cmd = launch + [NEURITE, "--threads", str(threads), "train", "--dataset", "mnist",
                                "--data", os.path.join(ROOT, "data"), "--epochs", str(epochs), "--batch-size",
                                str(batch), "--schedule", "constant", "--seed", "1", "--quiet", "--out", out]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"bench/mpi: {' '.join(cmd)} failed ({done.returncode}):\n{done.stderr}")
    rows = re.search(r"^validation: (\d+) rows split off", done.stdout, re.M)
    data = re.search(r"^data: .*?(\d+) train", done.stdout, re.M)
    reduce = re.search(r"^all-reduce: \d+ steps, ([0-9.]+) ms a step", done.stdout, re.M) if np > 0 else None
    with open(os.path.join(out, "history.csv")) as f:
        seconds = [float(r["seconds"]) for r in csv.DictReader(f)]
    if not data or not rows or (np > 0 and not reduce) or len(seconds) < 2:
        sys.exit(f"bench/mpi: could not read the run's output:\n{done.stdout}")
    train_rows = int(data.group(1)) - int(rows.group(1))
    return train_rows / statistics.mean(seconds[1:]), float(reduce.group(1)) if reduce else 0.0


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    if epochs < 2:
        sys.exit("bench/mpi: EPOCHS must be at least 2 (the first epoch is not timed)")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(rounds):
            for batch in BATCHES:
                for setup in SETUPS:
                    speed, reduce_ms = run(setup, batch, epochs, os.path.join(tmp, "out"))
                    results.setdefault((setup[0], batch), []).append((speed, reduce_ms))
                    print(f"round {r + 1}/{rounds}, batch {batch}, {setup[0]}: {speed:,.0f} samples/s, "
                          f"all-reduce {reduce_ms:.3f} ms a step", flush=True)
    print(f"\nMedians of {rounds} rounds, {epochs} epochs each (the first not timed), 784-256-128-10, Adam:\n")
    print("| batch | setup | samples/s | vs no mpirun | all-reduce a step |")
    print("|---:|---|---:|---:|---:|")
    for batch in BATCHES:
        base = statistics.median(s for s, _ in results[(SETUPS[0][0], batch)])
        for setup in SETUPS:
            speed = statistics.median(s for s, _ in results[(setup[0], batch)])
            reduce_ms = statistics.median(m for _, m in results[(setup[0], batch)])
            reduce_text = f"{reduce_ms:.2f} ms" if setup[1] > 0 else "–"
            print(f"| {batch} | {setup[0]} | {speed:,.0f} | {speed / base:.2f}× | {reduce_text} |")


if __name__ == "__main__":
    main()
