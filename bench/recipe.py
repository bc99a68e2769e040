#!/usr/bin/env python3
"""Times `neurite train --recipe NAME` for a few seeds and prints one JSON
line per run for bench/report.py: the training time (the epochs' own
seconds from history.json: no data loading, test scoring or file writing)
and the test accuracy the command printed.

    recipe.py NEURITE OUT_DIR [--recipe fast] [--seeds 1,2,3]"""
import argparse
import json
import re
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("neurite")
    ap.add_argument("out")
    ap.add_argument("--recipe", default="fast")
    ap.add_argument("--seeds", default="1,2,3")
    args = ap.parse_args()
    for seed in args.seeds.split(","):
        out = f"{args.out}/recipe-{args.recipe}-{seed}"
        run = subprocess.run([args.neurite, "--threads", "2", "train", "--recipe", args.recipe, "--seed", seed,
                              "--quiet", "--out", out], capture_output=True, text=True)
        if run.returncode != 0:
            sys.exit(f"recipe.py: neurite train --recipe {args.recipe} --seed {seed} failed:\n{run.stderr}")
        found = re.search(r"^test accuracy: ([0-9.]+)%", run.stdout, re.M)
        if not found:
            sys.exit(f"recipe.py: no test accuracy in the output of seed {seed}:\n{run.stdout}")
        with open(f"{out}/history.json") as f:
            seconds = sum(e["seconds"] for e in json.load(f)["epochs"])
        print(json.dumps({"case": f"recipe {args.recipe}", "value": seconds, "unit": "s", "seed": int(seed),
                          "accuracy": float(found.group(1)) / 100}), flush=True)


if __name__ == "__main__":
    main()
