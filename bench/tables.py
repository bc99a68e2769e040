#!/usr/bin/env python3
"""neurite's defaults against scikit-learn's MLPClassifier() defaults on the
four small tables scikit-learn ships (iris, wine, breast cancer, digits).

For each table and each split seed, one stratified 80/20 split
(sklearn.model_selection.train_test_split(stratify=y, random_state=seed)) is
written as two CSV files; then
  - scikit-learn: StandardScaler + MLPClassifier(random_state=seed), all
    else default, fitted on the training part and scored on the test part;
    its time is the fit and the scoring inside this process;
  - neurite: `neurite train --csv train.csv --test-csv test.csv --seed SEED`
    with no other option; its time is the whole process (start, reading the
    files, training, scoring, writing the model) measured from here.
Both see the same rows. Prints, per table: the mean and range (lowest–
highest) of test accuracy over the seeds, and the mean and range of the wall
time per fit, so that a difference in time within the seeds' spread shows.

    bench/tables.py [--seeds 10] [--neurite build/neurite] [--json out.json]
Run with Debian's /usr/bin/python3 (python3-sklearn); bench/tables.sh
installs it and runs this.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

TABLES = [("iris", load_iris), ("wine", load_wine), ("breast_cancer", load_breast_cancer), ("digits", load_digits)]
ACCURACY = re.compile(r"^test accuracy: ([0-9.]+)%", re.M)


def write_csv(path, x, y):
    with open(path, "w") as f:
        for row, label in zip(x, y):
            f.write(",".join(repr(float(v)) for v in row) + "," + str(int(label)) + "\n")


def run_sklearn(xtr, ytr, xte, yte, seed):
    start = time.perf_counter()
    scaler = StandardScaler().fit(xtr)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = MLPClassifier(random_state=seed).fit(scaler.transform(xtr), ytr)
    acc = clf.score(scaler.transform(xte), yte)
    return acc, time.perf_counter() - start


def run_neurite(binary, folder, seed, extra):
    cmd = [binary, "train", "--csv", os.path.join(folder, "train.csv"), "--test-csv",
           os.path.join(folder, "test.csv"), "--seed", str(seed), "--out", os.path.join(folder, "out"), "--quiet"] + extra
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, OMP_NUM_THREADS=os.environ.get("OMP_NUM_THREADS", "2")))
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"neurite failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr}")
    found = ACCURACY.search(done.stdout)
    if not found:
        sys.exit(f"no test accuracy in neurite's output:\n{done.stdout}")
    return float(found.group(1)) / 100.0, seconds, done.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--first-seed", type=int, default=0, help="split seeds run from this one (default 0)")
    ap.add_argument("--neurite", default="build/neurite")
    ap.add_argument("--tables", default=",".join(t for t, _ in TABLES))
    ap.add_argument("--json", help="also write the per-seed results here")
    ap.add_argument("--show-header", action="store_true", help="print neurite's header for the first seed of each table")
    ap.add_argument("extra", nargs="*", help="more options for neurite train (after --)")
    args = ap.parse_args()
    wanted = args.tables.split(",")
    results = {}
    print(f"{'table':<14} {'rows':>5} {'neurite acc (mean, range)':>28} {'scikit-learn acc':>26} "
          f"{'neurite s/fit (mean, range)':>28} {'sklearn s/fit':>28}")
    for name, loader in TABLES:
        if name not in wanted:
            continue
        data = loader()
        x, y = data.data, data.target
        rows = {"neurite": [], "sklearn": []}
        with tempfile.TemporaryDirectory() as folder:
            for seed in range(args.first_seed, args.first_seed + args.seeds):
                xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.2, stratify=y, random_state=seed)
                write_csv(os.path.join(folder, "train.csv"), xtr, ytr)
                write_csv(os.path.join(folder, "test.csv"), xte, yte)
                # Alternate which goes first, so neither always runs on a cold cache.
                if seed % 2:
                    sk = run_sklearn(xtr, ytr, xte, yte, seed)
                    nn = run_neurite(args.neurite, folder, seed, args.extra)
                else:
                    nn = run_neurite(args.neurite, folder, seed, args.extra)
                    sk = run_sklearn(xtr, ytr, xte, yte, seed)
                if args.show_header and seed == args.first_seed:
                    print("\n".join(l for l in nn[2].splitlines() if l.startswith(("data:", "model:", "defaults", "training:"))))
                rows["neurite"].append(nn[:2])
                rows["sklearn"].append(sk)
        results[name] = rows

        def acc(kind):
            a = np.array([r[0] for r in rows[kind]]) * 100
            return f"{a.mean():6.2f} % ({a.min():5.1f}-{a.max():5.1f})"

        def secs(kind):
            t = np.array([r[1] for r in rows[kind]])
            return f"{t.mean():.3f} ({t.min():.3f}-{t.max():.3f})"

        print(f"{name:<14} {len(y):>5} {acc('neurite'):>28} {acc('sklearn'):>26} {secs('neurite'):>28} "
              f"{secs('sklearn'):>28}", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f)


if __name__ == "__main__":
    main()
