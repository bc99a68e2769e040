#!/usr/bin/python3
"""Runs an ONNX file with NumPy, independently of neurite: first ONNX's own
checker (full check) and strict shape inference, then each node by a NumPy
version of its operator as the ONNX specification defines it (the operators
`neurite export --format onnx` writes). Prints one CSV row of outputs per
input row, with 9 significant digits.

    tests/onnx/reference_run.py MODEL.onnx INPUTS.csv
Needs Debian's python3-onnx (and python3-numpy), under /usr/bin/python3.
"""
import sys

import numpy as np
import onnx
from onnx import numpy_helper, shape_inference


def attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def run(node, ins):
    a = attrs(node)
    op = node.op_type
    if op == "Gemm":
        x, w = ins[0], ins[1]
        x = x.T if a.get("transA", 0) else x
        w = w.T if a.get("transB", 0) else w
        y = a.get("alpha", 1.0) * (x @ w)
        return y + a.get("beta", 1.0) * ins[2] if len(ins) > 2 else y
    if op == "Sub":
        return ins[0] - ins[1]
    if op == "Mul":
        return ins[0] * ins[1]
    if op == "Relu":
        return np.maximum(ins[0], 0)
    if op == "Sigmoid":
        return 1 / (1 + np.exp(-ins[0]))
    if op == "Tanh":
        return np.tanh(ins[0])
    if op == "LeakyRelu":
        return np.where(ins[0] >= 0, ins[0], a.get("alpha", 0.01) * ins[0])
    if op == "Elu":
        return np.where(ins[0] >= 0, ins[0], a.get("alpha", 1.0) * (np.exp(ins[0]) - 1))
    if op == "Softmax":
        return softmax(ins[0], a.get("axis", -1))
    if op == "LogSoftmax":
        x = ins[0]
        axis = a.get("axis", -1)
        shifted = x - x.max(axis=axis, keepdims=True)
        return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
    if op == "GreaterOrEqual":
        return ins[0] >= ins[1]
    if op == "Greater":
        return ins[0] > ins[1]
    if op == "Cast":
        assert a["to"] == onnx.TensorProto.FLOAT, "Cast to a type other than float"
        return ins[0].astype(np.float32)
    if op in ("Identity", "Dropout"):  # Dropout at inference: its input
        return ins[0]
    sys.exit(f"reference_run.py: no NumPy version of {op}")


def main():
    model = onnx.load(sys.argv[1])
    onnx.checker.check_model(model, full_check=True)
    shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
    g = model.graph
    values = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in g.initializer}
    values[g.input[0].name] = np.loadtxt(sys.argv[2], delimiter=",", ndmin=2, dtype=np.float64)
    for node in g.node:  # the checker has checked they are in topological order
        values[node.output[0]] = run(node, [values[i] for i in node.input])
    for row in np.atleast_2d(values[g.output[0].name]):
        print(",".join(f"{v:.9g}" for v in row))


if __name__ == "__main__":
    main()
