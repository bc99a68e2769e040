#!/usr/bin/env python3
"""Turns the JSON lines of bench/neurite_bench, bench/torch_bench.py and
bench/onnxruntime.mjs into Markdown tables of medians and ratios (neurite over
the peer, oriented so that above 1 means neurite is better), with the targets
of the benchmark.

    report.py NEURITE.jsonl TORCH.jsonl ROUNDS [ONNXRUNTIME.jsonl]

TORCH.jsonl may be "-" (PyTorch not run); the onnxruntime table is printed
when its file is given.

Next to each side's median, a column gives its lowest and highest value over
the rounds ("min–max"; for time to 98 %, over the rounds and the seeds). A
ratio whose two ranges overlap is marked "≈": the slowest round of the faster
side was no faster than the fastest round of the slower one, so the
difference is within the run-to-run noise. Below the tables, a note names
the kernels each side ran, from the "environment" lines and the
"onednn_exec" lists of the raw results (when the raw files have them).

    python3 -m doctest bench/report.py     checks the range and overlap helpers"""
import json
import platform
import statistics
import subprocess
import sys
from collections import defaultdict
from datetime import date

# case: (target ratio, higher value is better)
TARGETS = {
    "train sgd b1": (10.0, True),
    "train sgd b16": (None, True),
    "train sgd b64": (1.6, True),
    "train sgd b256": (1.25, True),
    "train sgd b1024": (1.15, True),
    "train adam b64": (2.0, True),
    "train adam b256": (None, True),
    "train big sgd b256": (1.2, True),
    "train sgd bf16 b64": (None, True),
    "train sgd bf16 b256": (1.3, True),
    "train sgd bf16 b1024": (None, True),
    "train big sgd bf16 b256": (None, True),
    "inference b1 latency": (8.0, False),
    "inference b1000": (1.1, True),
    "time to 98%": (2.0, False),
    "classic 784-100-10 per-sample": (20.0, True),
}
# The onnxruntime cases (the same trained model file and its ONNX export).
ORT_TARGETS = {
    "model b1 latency": (1.0, False),
    "model b1 latency, no zero inputs": (None, False),
    "model b1000": (1.0, True),
}
ORT_CALL_COST = "per-call cost, Identity b1"
# FLOPs per inference sample of 784-256-128-10 (the three layers' multiply-adds).
INFER_FLOPS = 2 * (784 * 256 + 256 * 128 + 128 * 10)
# FLOPs per training sample (forward + backward, no input gradient for layer 1).
FLOPS = {"784-256-128-10": 2 * 234752 + 2 * 234752 + 2 * (32768 + 1280),
         "784-1024-1024-10": 2 * 1863680 + 2 * 1863680 + 2 * (1048576 + 10240)}


def load(path):
    values = defaultdict(list)
    extra = defaultdict(list)
    with open(path) as f:
        for line in f:
            row = json.loads(line)
            if row["value"] is not None and row["value"] == row["value"]:
                values[row["case"]].append(row["value"])
            extra[row["case"]].append(row)
    return values, extra


def overlap(a, b):
    """Whether the ranges (lowest to highest) of two lists of values overlap.

    >>> overlap([1.0, 3.0], [2.5, 5.0])
    True
    >>> overlap([1.0, 2.0], [2.5, 3.0])
    False
    >>> overlap([4.0], [4.0, 5.0])
    True
    """
    return min(a) <= max(b) and min(b) <= max(a)


def num(v):
    return f"{v:,.4g}"


def span(values):
    """The lowest and highest value, as a table cell.

    >>> span([3.0, 1234.5, 2.0])
    '2–1,234'
    >>> span([])
    ''
    """
    return f"{num(min(values))}–{num(max(values))}" if values else ""


def ratio_cell(ratio, a, b):
    """The ratio, marked "≈" when the two sides' ranges overlap.

    >>> ratio_cell(1.04, [10.0, 12.0], [9.0, 10.5])
    '≈ 1.04×'
    >>> ratio_cell(1.5, [15.0, 16.0], [9.0, 10.5])
    '1.50×'
    """
    return ("≈ " if a and b and overlap(a, b) else "") + f"{ratio:.2f}×"


SPREAD_NOTE = ("min–max: each side's lowest and highest value over the rounds{seeds}. ≈: the two ranges overlap "
               "(the slower side's best round reached the faster side's worst), so the ratio is within the "
               "run-to-run noise.")


def kernels_note(ours_extra, theirs_extra, peer):
    """What the raw results say about the kernels each side ran; empty when
    they predate the environment lines."""
    lines = []
    env = ours_extra.get("environment", [{}])[0]
    if env.get("cpu_flags"):
        lines.append(f"CPU flags: {', '.join(env['cpu_flags'])}.")
    if env.get("onednn"):
        by_impls = defaultdict(list)
        for case, rows in ours_extra.items():
            if "onednn_exec" in rows[0]:
                by_impls[", ".join(rows[0]["onednn_exec"]) or "no oneDNN primitive"].append(case)
        ran = "; ".join(f"{impls} in {', '.join(cases)}" for impls, cases in by_impls.items())
        sgemm = "" if "gemm_api" in ran else (" (dnnl_sgemm, which carries the backward pass, is not in "
                                              "oneDNN 2.6's verbose output)")
        lines.append(f"neurite: oneDNN {env['onednn']}, ISA {env.get('onednn_isa', '?')}"
                     + (f"; what its verbose mode reported during one untimed call per case{sgemm}: {ran}."
                        if ran else "."))
    penv = theirs_extra.get("environment", [{}])[0] if theirs_extra else {}
    if penv.get(peer):
        blas = penv.get("openblas_config") or ", ".join(penv.get("blas_libraries", [])) or "?"
        core = f" (kernels: {penv['openblas_core']})" if penv.get("openblas_core") else ""
        lines.append(f"PyTorch {penv[peer]}: CPU capability {penv.get('cpu_capability', '?')}, mkldnn available: "
                     f"{penv.get('mkldnn_available', '?')}, BLAS: {blas}{core}.")
    return "\n".join(lines)


def cpu_name():
    return subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                          capture_output=True, text=True).stdout.strip()


def torch_table(ours, ours_extra, theirs, theirs_extra, rounds, cpu):
    peak = statistics.median(ours.get("fp32 peak (FMA loop)", [float("nan")]))
    print(f"neurite vs PyTorch, {date.today()}, {cpu}, {platform.machine()}, 2 threads, float32, "
          f"{rounds} alternating rounds, medians. Measured FP32 peak (FMA loop, 2 threads): {peak:.0f} GFLOP/s.\n")
    print("| case | unit | neurite | neurite min–max | PyTorch | PyTorch min–max | ratio | target | met "
          "| % of peak (neurite / PyTorch) |")
    print("|---|---|---:|---:|---:|---:|---:|---:|:---:|---:|")
    for case, (target, higher) in TARGETS.items():
        if case not in ours or case not in theirs:
            continue
        a, b = statistics.median(ours[case]), statistics.median(theirs[case])
        ratio = a / b if higher else b / a
        unit = ours_extra[case][0]["unit"]
        met = "" if target is None else ("yes" if ratio >= target else "**no**")
        tgt = "" if target is None else f"≥ {target:g}×"
        pct = ""
        if case.startswith("train"):
            flops = FLOPS["784-1024-1024-10" if "big" in case else "784-256-128-10"]
            pct = f"{100 * a * flops / 1e9 / peak:.0f} % / {100 * b * flops / 1e9 / peak:.0f} %"
        label = case
        if case == "classic 784-100-10 per-sample":
            acc_a = statistics.median(r.get("accuracy", float("nan")) for r in ours_extra[case])
            acc_b = statistics.median(r.get("accuracy", float("nan")) for r in theirs_extra[case])
            label += f" (accuracy {100 * acc_a:.2f} % vs NumPy {100 * acc_b:.2f} %)"
        print(f"| {label} | {unit} | {a:,.4g} | {span(ours[case])} | {b:,.4g} | {span(theirs[case])} | "
              f"{ratio_cell(ratio, ours[case], theirs[case])} | {tgt} | {met} | {pct} |")
    print("\nratio: neurite's speed over PyTorch's (for times: PyTorch's time over neurite's), so above 1 is faster.")
    print(SPREAD_NOTE.format(seeds=" (for time to 98 %, over the rounds and the seeds)"))
    print("The classic network's peer is a from-scratch NumPy implementation (bench/torch_bench.py).")
    bf16 = [c for c in TARGETS if " bf16 " in c and c in ours and c.replace(" bf16", "") in ours]
    if bf16:
        print("\nbf16 products (`--precision bf16`; PyTorch: torch.autocast(\"cpu\", dtype=torch.bfloat16)) "
              "against neurite's own float32, the same round's cases:\n")
        print("| case | neurite bf16 | neurite float32 | bf16 over float32 (median of the rounds' ratios) |")
        print("|---|---:|---:|---:|")
        for case in bf16:
            fp32 = case.replace(" bf16", "")
            print(f"| {case} | {statistics.median(ours[case]):,.4g} | {statistics.median(ours[fp32]):,.4g} | "
                  f"{statistics.median(a / b for a, b in zip(ours[case], ours[fp32])):.2f}× |")


RECIPE_TARGET = 1.5  # seconds of training to 98.0 % test accuracy


def recipe_table(ours, ours_extra):
    """`neurite train --recipe NAME`'s training time and test accuracy over
    the rounds and seeds (bench/recipe.py), against the target time."""
    cases = [c for c in ours if c.startswith("recipe ")]
    if not cases:
        return
    print("\nRecipes (`neurite train --recipe NAME --seed S`, seeds 1–3 in every round; training time: the epochs' "
          "own seconds, without loading the data or scoring the test set):\n")
    print("| recipe | training time, median | min–max | test accuracy, min–max | runs ≥ 98.0 % | target | met |")
    print("|---|---:|---:|---:|---:|---:|:---:|")
    for case in cases:
        acc = [r["accuracy"] for r in ours_extra[case] if "accuracy" in r]
        t = statistics.median(ours[case])
        reached = sum(a >= 0.98 for a in acc)
        met = "yes" if t <= RECIPE_TARGET and reached == len(acc) else "**no**"
        print(f"| {case.removeprefix('recipe ')} | {t:.3g} s | {span(ours[case])} s | "
              f"{100 * min(acc):.2f}–{100 * max(acc):.2f} % | {reached} of {len(acc)} | ≤ {RECIPE_TARGET:g} s, "
              f"all ≥ 98.0 % | {met} |")


def paired(ours, theirs, case, f):
    """The median over the rounds of f(neurite's value, the peer's value) of
    the same round: the machine's speed during a round changes both alike."""
    return statistics.median(f(a, b) for a, b in zip(ours[case], theirs[case]))


def ort_table(ours, theirs, theirs_extra, rounds, cpu):
    first = theirs_extra.get("model b1 latency", [{}])[0]
    peaks = ours.get("fp32 peak (FMA loop)", [float("nan")])
    print(f"neurite vs onnxruntime {first.get('onnxruntime', '?')} (onnxruntime-node, Node.js "
          f"{first.get('node', '?')}), {date.today()}, {cpu}, {platform.machine()}, 2 threads each, float32, "
          f"the same trained 784-256-128-10 model file and its ONNX export on raw MNIST test digits, "
          f"{rounds} alternating rounds. Each side's figure is the median over the rounds of a median per-call "
          f"time; the ratio is the median of the rounds' ratios. Measured FP32 peak (FMA loop, 2 threads): "
          f"{statistics.median(peaks):.0f} GFLOP/s (lowest {min(peaks):.0f}, highest {max(peaks):.0f}).\n")
    print("| case | unit | neurite | neurite min–max | onnxruntime | onnxruntime min–max | ratio | target | met "
          "| % of the round's peak (neurite / onnxruntime) |")
    print("|---|---|---:|---:|---:|---:|---:|---:|:---:|---:|")
    for case, (target, higher) in ORT_TARGETS.items():
        if case not in ours or case not in theirs:
            continue
        a, b = statistics.median(ours[case]), statistics.median(theirs[case])
        ratio = paired(ours, theirs, case, (lambda x, y: x / y) if higher else (lambda x, y: y / x))
        met = "" if target is None else ("yes" if ratio >= target else "**no**")
        tgt = "" if target is None else f"≥ {target:g}×"
        unit = "samples/s" if higher else "us"
        pct = ""
        if case == "model b1000" and len(peaks) == len(ours[case]) == len(theirs[case]):
            share = lambda vals: statistics.median(100 * v * INFER_FLOPS / 1e9 / p for v, p in zip(vals, peaks))
            pct = f"{share(ours[case]):.0f} % / {share(theirs[case]):.0f} %"
        print(f"| {case} | {unit} | {a:,.4g} | {span(ours[case])} | {b:,.4g} | {span(theirs[case])} | "
              f"{ratio_cell(ratio, ours[case], theirs[case])} | {tgt} | {met} | {pct} |")
    if ORT_CALL_COST in theirs:
        cost = statistics.median(theirs[ORT_CALL_COST])
        print(f"| a call that computes nothing (Identity model, b1): the binding's and onnxruntime's fixed cost per "
              f"call | us |  |  | {cost:,.4g} | {span(theirs[ORT_CALL_COST])} |  |  |  |  |")
        for case in ("model b1 latency", "model b1 latency, no zero inputs"):
            if case in ours and case in theirs:
                less = {case: [v - c for v, c in zip(theirs[case], theirs[ORT_CALL_COST])]}
                a, b = statistics.median(ours[case]), statistics.median(less[case])
                ratio = paired(ours, less, case, lambda x, y: y / x)
                print(f"| {case}, onnxruntime's less that cost (derived: a subtraction, not a measurement) | us | "
                      f"{a:,.4g} | {span(ours[case])} | {b:,.4g} | {span(less[case])} | "
                      f"{ratio_cell(ratio, ours[case], less[case])} |  |  |  |")
    print("\nratio: neurite's speed over onnxruntime's (for latencies: onnxruntime's time over neurite's), "
          "so above 1 is faster. onnxruntime's latencies are measured through its Node.js binding, each call an "
          "awaited session.run; the Identity row is what such a call costs when the model does nothing.")
    print(SPREAD_NOTE.format(seeds=""))


def main():
    ours, ours_extra = load(sys.argv[1])
    rounds = sys.argv[3]
    cpu = cpu_name()
    torch_extra = {}
    if sys.argv[2] != "-":
        theirs, torch_extra = load(sys.argv[2])
        torch_table(ours, ours_extra, theirs, torch_extra, rounds, cpu)
    if len(sys.argv) > 4:
        if sys.argv[2] != "-":
            print()
        theirs, theirs_extra = load(sys.argv[4])
        ort_table(ours, theirs, theirs_extra, rounds, cpu)
    recipe_table(ours, ours_extra)
    note = kernels_note(ours_extra, torch_extra, "torch")
    if note:
        print("\nKernels (from the raw results):\n" + note)


if __name__ == "__main__":
    main()
